package dev.countersign.authz.it;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.countersign.test.ApprovalClient;
import dev.countersign.test.ApprovalPage;
import dev.countersign.test.CodeFlow;
import dev.countersign.test.TestDatabase;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No request holds two pooled connections at once, so the pool cannot deadlock however
 * many requests wait for it: with a pool of one connection the whole flow works (sign-in,
 * code exchange, base-token lookups, approval, mint, consume, introspection), alone and
 * with several callers at once. Spring Authorization Server's JDBC services read the
 * registered client inside their row mappers; outside a transaction that took a second
 * connection while the first was held, and sixteen concurrent approval calls on a pool of
 * ten answered 503 after the pool's timeout.
 */
class OneConnectionPoolIT {

	@Test
	void flowWhenPoolHoldsOneConnectionThenEveryStepAnswersAloneAndConcurrently() throws Exception {
		String database = TestDatabase.createDatabase();
		// Flyway takes a connection for its lock beside the one it migrates with: its own
		try (RunningServer server = RunningServer.start("demo,it", "--spring.datasource.url=" + database,
				"--spring.flyway.url=" + database, "--spring.datasource.hikari.maximum-pool-size=1",
				"--countersign.approvals.max-pending-per-subject=100",
				"--countersign.approvals.max-requests-per-window=100")) {
			TestHttp http = server.http();
			String baseToken = CodeFlow.accessToken(http, "alice", "alice-password");
			ApprovalClient client = new ApprovalClient(http, baseToken);
			JsonNode created = client.createTransfer();
			String id = created.get("approval_id").asString();
			ApprovalPage.signIn(server.baseUrl, "alice", "alice-password")
				.approve(id, created.get("user_code").asString());
			HttpResponse<String> minted = client.mint(id);
			assertThat(minted.statusCode()).as(minted.body()).isEqualTo(200);
			String jti = TestTokens.parse(TestHttp.json(minted).get("action_token").asString())
				.getJWTClaimsSet()
				.getJWTID();
			String apiToken = http.clientCredentialsToken("demo-api", "demo-api-secret", "approvals.consume");
			HttpResponse<String> consumed = http.post("/approvals/consume", "application/json",
					"{\"jti\":\"" + jti + "\"}", "Authorization", "Bearer " + apiToken);
			assertThat(consumed.statusCode()).as(consumed.body()).isEqualTo(200);
			assertThat(TestHttp.json(consumed).get("first_use").asBoolean()).isTrue();
			HttpResponse<String> resourceToken = http.token(CodeFlow.CLIENT_ID, CodeFlow.CLIENT_SECRET,
					Map.of("grant_type", "client_credentials", "scope", "accounts.read", "resource",
							AbstractAuthorizationServerIT.DEMO_API));
			HttpResponse<String> introspected = http.postForm("/oauth2/introspect",
					Map.of("token", TestHttp.json(resourceToken).get("access_token").asString()), "Authorization",
					TestHttp.basic("demo-api", "demo-api-secret"));
			assertThat(TestHttp.json(introspected).get("active").asBoolean()).as(introspected.body()).isTrue();

			ExecutorService callers = Executors.newFixedThreadPool(8);
			try {
				List<Future<HttpResponse<String>>> answers = new ArrayList<>();
				for (int i = 0; i < 16; i++) {
					answers.add(callers.submit(() -> client.create(ApprovalClient.TRANSFER)));
					answers.add(callers.submit(() -> client.status(id)));
				}
				for (Future<HttpResponse<String>> answer : answers) {
					HttpResponse<String> response = answer.get();
					assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
				}
			}
			finally {
				callers.shutdownNow();
			}
		}
	}

}
