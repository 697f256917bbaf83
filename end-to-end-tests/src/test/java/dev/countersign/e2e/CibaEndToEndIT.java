package dev.countersign.e2e;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.ciba.AuthRequestID;
import com.nimbusds.oauth2.sdk.ciba.CIBAGrant;
import com.nimbusds.oauth2.sdk.ciba.CIBAPingCallback;
import com.nimbusds.oauth2.sdk.ciba.CIBARequest;
import com.nimbusds.oauth2.sdk.ciba.CIBAResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.rar.AuthorizationDetail;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import dev.countersign.authz.token.ClientMetadata;
import dev.countersign.test.HeadlessChromium;
import dev.countersign.test.HttpReceiver;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decoupled approval end to end: a real CIBA client (the Nimbus OAuth 2.0 SDK) asks, in
 * poll mode as the demo's {@code demo-agent} and in ping mode, for a transfer of alice's;
 * alice approves in headless Chromium from her inbox; the transaction access token is
 * accepted once by the demo API on its own and refused for other parameters, on another
 * route and when used again.
 */
class CibaEndToEndIT {

	static final String DETAILS = "[{\"type\":\"payments.transfer\",\"parameters\":{\"fromAccount\":\"acc-1\","
			+ "\"toIban\":\"DE89370400440532013000\",\"amount\":\"250.00\",\"currency\":\"EUR\"}}]";

	static final ClientAuthentication AGENT = new ClientSecretBasic(new ClientID("demo-agent"),
			new Secret("demo-agent-secret"));

	private static RunningDemo demo;

	private static HeadlessChromium chromium;

	private static final HttpReceiver PINGS = HttpReceiver.started();

	@BeforeAll
	static void start() {
		demo = RunningDemo.get();
		chromium = HeadlessChromium.start();
	}

	@AfterAll
	static void stop() {
		if (chromium != null) {
			chromium.close();
		}
		PINGS.close();
	}

	@Test
	void pollWhenAliceApprovesInHerInboxThenTheApiAcceptsTheTransactionTokenOnceAndForThisTransferOnly()
			throws Exception {
		String token = approvedTransactionToken(AGENT, null);
		TestHttp api = new TestHttp(demo.apiUrl);

		HttpResponse<String> otherAmount = api.post("/accounts/acc-1/transfers", "application/json",
				BesideAnIdentityProvider.TRANSFER.replace("250.00", "9250.00"), "Authorization", "Bearer " + token);
		assertThat(otherAmount.statusCode()).isEqualTo(403);
		assertThat(TestHttp.json(otherAmount).get("error").asString()).isEqualTo("invalid_action_token");
		assertThat(otherAmount.body()).contains("parameters");

		HttpResponse<String> otherRoute = api.get("/customers/42/records", "Authorization", "Bearer " + token);
		assertThat(otherRoute.statusCode()).isEqualTo(403);
		assertThat(otherRoute.headers().firstValue("WWW-Authenticate").orElseThrow())
			.contains("error=\"insufficient_scope\"");
		HttpResponse<String> plainRoute = api.get("/accounts", "Authorization", "Bearer " + token);
		assertThat(plainRoute.statusCode()).isEqualTo(403);

		HttpResponse<String> done = api.post("/accounts/acc-1/transfers", "application/json",
				BesideAnIdentityProvider.TRANSFER, "Authorization", "Bearer " + token);
		assertThat(done.statusCode()).as(done.body()).isBetween(200, 201);

		HttpResponse<String> again = api.post("/accounts/acc-1/transfers", "application/json",
				BesideAnIdentityProvider.TRANSFER, "Authorization", "Bearer " + token);
		assertThat(again.statusCode()).isEqualTo(403);
		assertThat(TestHttp.json(again).get("error").asString()).isEqualTo("invalid_action_token");
		assertThat(again.body()).contains("jti");
	}

	@Test
	void pingWhenAliceApprovesThenTheClientIsNotifiedAndItsTokenIsAccepted() throws Exception {
		String clientId = registerPingClient();
		ClientAuthentication client = new ClientSecretBasic(new ClientID(clientId), new Secret("ping-secret"));

		String token = approvedTransactionToken(client, new BearerAccessToken("e2e-" + UUID.randomUUID()));

		HttpResponse<String> done = new TestHttp(demo.apiUrl).post("/accounts/acc-1/transfers", "application/json",
				BesideAnIdentityProvider.TRANSFER, "Authorization", "Bearer " + token);
		assertThat(done.statusCode()).as(done.body()).isBetween(200, 201);
	}

	/**
	 * Asks for the transfer, has alice approve it in her inbox, and redeems it: by
	 * polling, or, with a notification token, once pinged.
	 * @param client the CIBA client
	 * @param pingToken the client notification token of a ping client, or {@code null}
	 * @return the transaction access token
	 */
	private static String approvedTransactionToken(ClientAuthentication client, BearerAccessToken pingToken)
			throws Exception {
		CIBARequest.Builder request = new CIBARequest.Builder(client, new Scope("openid"))
			.endpointURI(URI.create(demo.issuer + "/oauth2/backchannel-authentication"))
			.loginHint("alice")
			.bindingMessage("Agent transfer")
			.authorizationDetails(AuthorizationDetail.parseList(DETAILS));
		if (pingToken != null) {
			request.clientNotificationToken(pingToken);
		}
		HTTPResponse asked = request.build().toHTTPRequest().send();
		assertThat(asked.getStatusCode()).as(asked.getBody()).isEqualTo(200);
		AuthRequestID authReqId = CIBAResponse.parse(asked).toRequestAcknowledgement().getAuthRequestID();
		String userCode = asked.getBodyAsJSONObject().get("user_code").toString();
		PINGS.drain();

		approveInInbox(userCode);

		if (pingToken != null) {
			HttpReceiver.Received ping = PINGS.next(Duration.ofSeconds(15));
			assertThat(ping).as("the ping").isNotNull();
			HTTPRequest callback = new HTTPRequest(HTTPRequest.Method.POST, URI.create(PINGS.url(ping.path())));
			callback.setHeader("Authorization", ping.header("Authorization"));
			callback.setHeader("Content-Type", ping.header("Content-Type"));
			callback.setBody(ping.body());
			assertThat(CIBAPingCallback.parse(callback).getAuthRequestID()).isEqualTo(authReqId);
		}
		TokenResponse tokens = TokenResponse
			.parse(new TokenRequest.Builder(URI.create(demo.issuer + "/oauth2/token"), client, new CIBAGrant(authReqId))
				.build()
				.toHTTPRequest()
				.send());
		assertThat(tokens.indicatesSuccess()).as(() -> tokens.toErrorResponse().getErrorObject().toString()).isTrue();
		return tokens.toSuccessResponse().getTokens().getAccessToken().getValue();
	}

	/**
	 * Alice opens her inbox (signing in when she must), opens the newest entry, picks the
	 * number the client shows and approves.
	 * @param userCode the number
	 */
	private static void approveInInbox(String userCode) {
		WebDriver browser = chromium.driver();
		browser.get(demo.issuer + "/my/approvals");
		if (browser.getCurrentUrl().contains("/login")) {
			chromium.signIn("alice", "alice-password");
			chromium.waitForUrl(demo.issuer + "/my/approvals");
		}
		browser.findElements(By.cssSelector("a[href^='/approve/']")).get(0).click();
		assertThat(chromium.waitFor(By.id("binding-message")).getText()).isEqualTo("Agent transfer");
		chromium.button(userCode).click();
		chromium.button("Approve").click();
		assertThat(chromium.waitFor(By.id("outcome")).getText()).startsWith("Approved.");
	}

	private static String registerPingClient() {
		String clientId = "e2e-ping-" + UUID.randomUUID().toString().substring(0, 8);
		ClientSettings.Builder settings = ClientSettings.builder();
		ClientMetadata.with(settings, ClientMetadata.RESOURCES, List.of("http://localhost:8080"));
		ClientMetadata.with(settings, ClientMetadata.AUTHORIZATION_DETAILS_TYPES, List.of("payments.transfer"));
		settings.setting(ClientMetadata.BACKCHANNEL_TOKEN_DELIVERY_MODE, "ping")
			.setting(ClientMetadata.BACKCHANNEL_CLIENT_NOTIFICATION_ENDPOINT, PINGS.url("/ciba/notify"));
		demo.authorizationServer.getBean(RegisteredClientRepository.class)
			.save(RegisteredClient.withId(UUID.randomUUID().toString())
				.clientId(clientId)
				.clientName("E2E ping agent")
				.clientSecret("{noop}ping-secret")
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.authorizationGrantType(new AuthorizationGrantType("urn:openid:params:grant-type:ciba"))
				.scope("openid")
				.clientSettings(settings.build())
				.build());
		return clientId;
	}

}
