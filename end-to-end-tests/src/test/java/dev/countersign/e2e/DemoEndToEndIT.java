package dev.countersign.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.countersign.test.ApprovalClient;
import dev.countersign.test.ApprovalPage;
import dev.countersign.test.CodeFlow;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization server (demo profile, test PostgreSQL) and the demo API in one JVM on free
 * ports: a real token from one is accepted or refused by the other.
 */
class DemoEndToEndIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static String issuer;

	private static String apiUrl;

	@BeforeAll
	static void start() {
		RunningDemo demo = RunningDemo.get();
		issuer = demo.issuer;
		apiUrl = demo.apiUrl;
	}

	@Test
	void accountsWhenAccessTokenWithScopeThenOk() throws Exception {
		String token = token("demo-client", "demo-secret", "accounts.read");
		HttpResponse<String> response = get("/accounts", token);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("[]"); // a client-credentials token is the client's own: no accounts
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
		ApprovalPage.signIn(issuer, "alice", "alice-password").approve(id, TestHttp.json(asked).get("user_code").asString());
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
	void transferWhenRequestDiffersFromApprovalThenRefusedAndTokenNotSpent() {
		String base = CodeFlow.accessToken(new TestHttp(issuer), "alice", "alice-password");
		TestHttp api = new TestHttp(apiUrl);
		String actionToken = approvedTransfer(base, "acc-2", "10.00");
		String more = "{\"toIban\":\"DE89370400440532013000\",\"amount\":10.01,\"currency\":\"EUR\"}";

		HttpResponse<String> refused = api.post("/accounts/acc-2/transfers", "application/json", more, "Authorization",
				"Bearer " + base, "Action-Token", actionToken);

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(TestHttp.json(refused).get("error_description").asString()).startsWith("parameters:");
		String same = "{\"toIban\":\"DE89370400440532013000\",\"amount\":\"1.0e1\",\"currency\":\"EUR\"}";
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
		ApprovalPage.signIn(issuer, "alice", "alice-password").approve(id, TestHttp.json(asked).get("user_code").asString());
		return TestHttp.json(client.mint(id)).get("action_token").asString();
	}

	@Test
	void accountsWhenTokenOfAnotherAudienceThenUnauthorized() throws Exception {
		String token = token("demo-api", "demo-api-secret", "approvals.consume");
		HttpResponse<String> response = get("/accounts", token);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
	}

	@Test
	void accountsWhenTokenTamperedThenUnauthorized() throws Exception {
		String token = token("demo-client", "demo-secret", "accounts.read");
		String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
		assertThat(get("/accounts", tampered).statusCode()).isEqualTo(401);
	}

	private static HttpResponse<String> get(String path, String token) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create(apiUrl + path)).header("Authorization", "Bearer " + token).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static String token(String clientId, String secret, String scope) throws Exception {
		String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
			.header("Authorization", "Basic " + basic)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + scope))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode body = JSON.readTree(response.body());
		return body.get("access_token").asString();
	}

}
