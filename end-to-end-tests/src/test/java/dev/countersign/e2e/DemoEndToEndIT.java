package dev.countersign.e2e;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.countersign.test.ApprovalClient;
import dev.countersign.test.ApprovalPage;
import dev.countersign.test.CodeFlow;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization server (demo profile, test PostgreSQL) and the demo API in one JVM on
 * free ports: a real token from one is accepted or refused by the other.
 */
class DemoEndToEndIT {

	private static String issuer;

	private static String apiUrl;

	@BeforeAll
	static void start() {
		RunningDemo demo = RunningDemo.get();
		issuer = demo.issuer;
		apiUrl = demo.apiUrl;
	}

	@Test
	void accountsWhenAccessTokenWithScopeThenOk() {
		String token = clientToken("demo-client", "demo-secret", "accounts.read");
		HttpResponse<String> response = new TestHttp(apiUrl).get("/accounts", "Authorization", "Bearer " + token);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("[]"); // a client-credentials token is the
														// client's own: no accounts
	}

	@Test
	void transferWhenApprovedThenDoneOnceAndNeverAgain() {
		String base = CodeFlow.accessToken(new TestHttp(issuer), "alice", "alice-password");
		TestHttp api = new TestHttp(apiUrl);
		String body = "{\"toIban\":\"DE89370400440532013000\",\"amount\":250.00,\"currency\":\"EUR\"}";

		HttpResponse<String> needed = api.post("/accounts/acc-1/transfers", "application/json", body, "Authorization",
				"Bearer " + base);
		assertThat(needed.statusCode()).isEqualTo(403);
		JsonNode problem = TestHttp.json(needed);
		assertThat(problem.get("error").asString()).isEqualTo("approval_required");
		assertThat(needed.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("approval_required");

		// the needed authorization_details go to POST /approvals unchanged
		ApprovalClient client = new ApprovalClient(new TestHttp(issuer), base);
		HttpResponse<String> asked = client
			.create("{\"authorization_details\":" + problem.get("authorization_details").toString() + "}");
		assertThat(asked.statusCode()).as(asked.body()).isEqualTo(201);
		String id = TestHttp.json(asked).get("approval_id").asString();
		ApprovalPage.signIn(issuer, "alice", "alice-password")
			.approve(id, TestHttp.json(asked).get("user_code").asString());
		String actionToken = TestHttp.json(client.mint(id)).get("action_token").asString();

		java.math.BigDecimal before = balance(api, base, "acc-1");
		HttpResponse<String> done = api.post("/accounts/acc-1/transfers", "application/json", body, "Authorization",
				"Bearer " + base, "Action-Token", actionToken);
		assertThat(done.statusCode()).as(done.body()).isEqualTo(201);
		assertThat(TestHttp.json(done).get("balanceAfter").decimalValue())
			.isEqualByComparingTo(before.subtract(new java.math.BigDecimal("250.00")));
		assertThat(balance(api, base, "acc-1")).isEqualByComparingTo(before.subtract(new java.math.BigDecimal("250")));

		HttpResponse<String> replayed = api.post("/accounts/acc-1/transfers", "application/json", body, "Authorization",
				"Bearer " + base, "Action-Token", actionToken);
		assertThat(replayed.statusCode()).isEqualTo(403);
		assertThat(TestHttp.json(replayed).get("error").asString()).isEqualTo("invalid_action_token");
		assertThat(TestHttp.json(replayed).get("error_description").asString()).startsWith("jti:");
	}

	@Test
	void transferWhenBaseTokenRevokedAfterTheActionTokenWasMintedThenRefusedAndNothingMoves() {
		String base = CodeFlow.accessToken(new TestHttp(issuer), "alice", "alice-password");
		TestHttp api = new TestHttp(apiUrl);
		String actionToken = approvedTransfer(base, "acc-2", "5.00");
		java.math.BigDecimal before = balance(api, base, "acc-2");

		HttpResponse<String> revoked = new TestHttp(issuer).postForm("/oauth2/revoke",
				java.util.Map.of("token", base, "token_type_hint", "access_token"), "Authorization",
				TestHttp.basic(CodeFlow.CLIENT_ID, CodeFlow.CLIENT_SECRET));
		assertThat(revoked.statusCode()).isEqualTo(200);

		// the base token is still a well-signed JWT to the API, but its grant no longer
		// spends action tokens
		HttpResponse<String> refused = api.post("/accounts/acc-2/transfers", "application/json",
				"{\"toIban\":\"DE89370400440532013000\",\"amount\":5,\"currency\":\"EUR\"}", "Authorization",
				"Bearer " + base, "Action-Token", actionToken);
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
		assertThat(TestHttp.json(refused).get("error_description").asString())
			.isEqualTo("jti: the grant of the base token was revoked");
		assertThat(balance(api, base, "acc-2")).isEqualByComparingTo(before);
	}

	@Test
	void transferWhenRequestDiffersFromApprovalThenRefusedAndTokenNotSpent() {
		String base = CodeFlow.accessToken(new TestHttp(issuer), "alice", "alice-password");
		TestHttp api = new TestHttp(apiUrl);
		String actionToken = approvedTransfer(base, "acc-2", "10.00");
		String more = "{\"toIban\":\"DE89370400440532013000\",\"amount\":10.01,\"currency\":\"EUR\"}";

		HttpResponse<String> refused = api.post("/accounts/acc-2/transfers", "application/json", more, "Authorization",
				"Bearer " + base, "Action-Token", actionToken);

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(TestHttp.json(refused).get("error_description").asString()).startsWith("parameters:");
		String same = "{\"toIban\":\"DE89370400440532013000\",\"amount\":1.0e1,\"currency\":\"EUR\"}";
		HttpResponse<String> done = api.post("/accounts/acc-2/transfers", "application/json", same, "Authorization",
				"Bearer " + base, "Action-Token", actionToken);
		assertThat(done.statusCode()).as(done.body()).isEqualTo(201);
	}

	@Test
	void transferWhenActionTokenUsedAsBearerThenUnauthorized() {
		String base = CodeFlow.accessToken(new TestHttp(issuer), "alice", "alice-password");
		String actionToken = approvedTransfer(base, "acc-1", "1.00");
		HttpResponse<String> response = new TestHttp(apiUrl).post("/accounts/acc-1/transfers", "application/json",
				"{\"toIban\":\"DE89370400440532013000\",\"amount\":1,\"currency\":\"EUR\"}", "Authorization",
				"Bearer " + actionToken, "Action-Token", actionToken);
		assertThat(response.statusCode()).isEqualTo(401);
	}

	private static String clientToken(String clientId, String secret, String scope) {
		HttpResponse<String> response = new TestHttp(issuer).token(clientId, secret,
				java.util.Map.of("grant_type", "client_credentials", "scope", scope));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return TestHttp.json(response).get("access_token").asString();
	}

	private static java.math.BigDecimal balance(TestHttp api, String base, String account) {
		for (JsonNode entry : TestHttp.json(api.get("/accounts", "Authorization", "Bearer " + base))) {
			if (entry.get("id").asString().equals(account)) {
				return entry.get("balance").decimalValue();
			}
		}
		throw new AssertionError("no account " + account);
	}

	private String approvedTransfer(String base, String account, String amount) {
		ApprovalClient client = new ApprovalClient(new TestHttp(issuer), base);
		HttpResponse<String> asked = client.create("{\"authorization_details\":[{\"type\":\"payments.transfer\","
				+ "\"parameters\":{\"fromAccount\":\"" + account + "\",\"toIban\":\"DE89370400440532013000\","
				+ "\"amount\":\"" + amount + "\",\"currency\":\"EUR\"}}]}");
		assertThat(asked.statusCode()).as(asked.body()).isEqualTo(201);
		String id = TestHttp.json(asked).get("approval_id").asString();
		ApprovalPage.signIn(issuer, "alice", "alice-password")
			.approve(id, TestHttp.json(asked).get("user_code").asString());
		return TestHttp.json(client.mint(id)).get("action_token").asString();
	}

	@Test
	void accountsWhenTokenOfAnotherAudienceThenUnauthorized() {
		String token = clientToken("demo-api", "demo-api-secret", "approvals.consume");
		HttpResponse<String> response = new TestHttp(apiUrl).get("/accounts", "Authorization", "Bearer " + token);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
	}

	@Test
	void accountsWhenTokenTamperedThenUnauthorized() {
		String token = clientToken("demo-client", "demo-secret", "accounts.read");
		String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
		assertThat(new TestHttp(apiUrl).get("/accounts", "Authorization", "Bearer " + tampered).statusCode())
			.isEqualTo(401);
	}

}
