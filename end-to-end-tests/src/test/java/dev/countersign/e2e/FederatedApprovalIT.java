package dev.countersign.e2e;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import dev.countersign.test.ApprovalClient;
import dev.countersign.test.ApprovalPage;
import dev.countersign.test.FreePorts;
import dev.countersign.test.IdentityProviderSignIn;
import dev.countersign.test.TestHttp;
import dev.countersign.testidp.TestIdentityProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Countersign beside an existing identity provider, end to end: the demo API takes its
 * base tokens from the provider (Spring Security's resource server against the provider)
 * and its action tokens from Countersign; a provider user's token asks for the approval,
 * the user signs in at the provider on the approval page, approves, and the transfer is
 * done once.
 */
class FederatedApprovalIT {

	private static TestIdentityProvider idp;

	private static ConfigurableApplicationContext countersign;

	private static ConfigurableApplicationContext api;

	private static String issuer;

	private static String apiUrl;

	@BeforeAll
	static void start() {
		int authzPort = FreePorts.next();
		issuer = "http://localhost:" + authzPort;
		idp = TestIdentityProvider.start(issuer + "/login/oauth2/code/bank-idp");
		countersign = BesideAnIdentityProvider.authorizationServer(authzPort, "bank-idp.issuer-uri=" + idp.issuer(),
				"bank-idp.authorization-details-types=payments.transfer",
				"bank-idp.client-id=" + TestIdentityProvider.CLIENT_ID,
				"bank-idp.client-secret=" + TestIdentityProvider.CLIENT_SECRET);
		int apiPort = FreePorts.next();
		apiUrl = "http://localhost:" + apiPort;
		api = BesideAnIdentityProvider.api(apiPort, idp.issuer(), idp.issuer() + "/oauth2/jwks", issuer);
	}

	@AfterAll
	static void stop() {
		api.close();
		countersign.close();
		idp.close();
	}

	@Test
	void protectedResourceMetadataWhenBesideTheProviderThenBothAuthorizationServersAndTheBoundTypes() {
		HttpResponse<String> response = new TestHttp(apiUrl).get("/.well-known/oauth-protected-resource");

		JsonNode metadata = TestHttp.json(response);
		assertThat(metadata.get("authorization_servers").values().stream().map(JsonNode::asString).toList())
			.containsExactly(idp.issuer(), issuer);
		assertThat(metadata.get("authorization_details_types_supported").toString()).contains("payments.transfer");
		HttpResponse<String> challenge = new TestHttp(apiUrl).post("/accounts/acc-1/transfers", "application/json",
				BesideAnIdentityProvider.TRANSFER, "Authorization",
				"Bearer " + idp.accessToken("alice", "bank-app", "http://localhost:8080"));
		assertThat(challenge.headers().firstValue("WWW-Authenticate").orElseThrow())
			.contains("resource_metadata=\"http://localhost:8080/.well-known/oauth-protected-resource\"");
	}

	@Test
	void transferWhenAnIdentityProviderUserApprovesAtTheProviderThenDoneOnce() {
		String base = idp.accessToken("alice", "bank-app", "http://localhost:8080");
		TestHttp bank = new TestHttp(apiUrl);

		HttpResponse<String> needed = bank.post("/accounts/acc-1/transfers", "application/json",
				BesideAnIdentityProvider.TRANSFER, "Authorization", "Bearer " + base);
		assertThat(needed.statusCode()).as(needed.body()).isEqualTo(403);
		JsonNode problem = TestHttp.json(needed);
		assertThat(problem.get("error").asString()).isEqualTo("approval_required");

		ApprovalClient client = new ApprovalClient(new TestHttp(issuer), base);
		HttpResponse<String> asked = client
			.create("{\"authorization_details\":" + problem.get("authorization_details").toString() + "}");
		assertThat(asked.statusCode()).as(asked.body()).isEqualTo(201);
		String id = TestHttp.json(asked).get("approval_id").asString();
		TestHttp browser = new TestHttp(issuer);
		IdentityProviderSignIn.signIn(browser, issuer, idp.issuer(), id, "alice");
		new ApprovalPage(browser).approve(id, TestHttp.json(asked).get("user_code").asString());
		String actionToken = TestHttp.json(client.mint(id)).get("action_token").asString();

		HttpResponse<String> done = bank.post("/accounts/acc-1/transfers", "application/json",
				BesideAnIdentityProvider.TRANSFER, "Authorization", "Bearer " + base, "Action-Token", actionToken);
		assertThat(done.statusCode()).as(done.body()).isEqualTo(201);
		HttpResponse<String> replayed = bank.post("/accounts/acc-1/transfers", "application/json",
				BesideAnIdentityProvider.TRANSFER, "Authorization", "Bearer " + base, "Action-Token", actionToken);
		assertThat(replayed.statusCode()).isEqualTo(403);
		assertThat(TestHttp.json(replayed).get("error_description").asString()).startsWith("jti:");
	}

}
