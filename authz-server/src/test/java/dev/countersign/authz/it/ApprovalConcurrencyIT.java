package dev.countersign.authz.it;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.countersign.test.ApprovalClient;
import dev.countersign.test.ApprovalPage;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decisions, mints and uses are final under concurrent requests: exactly one wins.
 */
class ApprovalConcurrencyIT extends AbstractApprovalIT {

	@Override
	String userPrefix() {
		return "race";
	}

	@Test
	void consumeWhenTwentyConcurrentCallsThenExactlyOneFirstUse() throws Exception {
		String jti = approvedAndMinted();
		String api = clientCredentialsToken("demo-api", "demo-api-secret", "approvals.consume");

		List<HttpResponse<String>> responses = concurrently(20, () -> new TestHttp(ISSUER).post("/approvals/consume",
				"application/json", "{\"jti\":\"" + jti + "\"}", "Authorization", "Bearer " + api));

		assertThat(responses).allSatisfy((response) -> assertThat(response.statusCode()).isEqualTo(200));
		assertThat(responses.stream().filter((r) -> TestHttp.json(r).get("first_use").asBoolean()).count())
			.isEqualTo(1);
		assertThat(events(jti)).filteredOn("consumed"::equals).hasSize(1);
		assertThat(events(jti)).filteredOn("replay-refused"::equals).hasSize(19);
	}

	@Test
	void decideWhenApproveAndDenyRaceThenOneFinalDecision() throws Exception {
		JsonNode created = this.client.createTransfer();
		String id = created.get("approval_id").asString();
		ApprovalPage page = ApprovalPage.signIn(ISSUER, this.user, TestUsers.PASSWORD);
		page.pick(id, created.get("user_code").asString());
		String csrf = TestHttp.csrf(page.open(id).body());

		List<HttpResponse<String>> responses = concurrently(10, () -> page.http.postForm("/approve/" + id + "/decision",
				Map.of("decision", (Thread.currentThread().getId() % 2 == 0) ? "approve" : "deny", "_csrf", csrf)));

		assertThat(responses.stream().filter((r) -> r.statusCode() == 302).count()).isEqualTo(1);
		assertThat(responses.stream().filter((r) -> r.statusCode() == 409).count()).isEqualTo(9);
		List<String> decisions = this.jdbc.queryForList(
				"SELECT event FROM audit_event WHERE approval_id = ? AND event IN ('approved', 'denied')", String.class,
				id);
		assertThat(decisions).hasSize(1);
		assertThat(this.jdbc.queryForObject("SELECT status FROM action_approval WHERE id = ?", String.class, id))
			.isEqualTo(decisions.get(0));
	}

	@Test
	void mintWhenConcurrentPollsThenOneToken() throws Exception {
		JsonNode created = this.client.createTransfer();
		String id = created.get("approval_id").asString();
		ApprovalPage.signIn(ISSUER, this.user, TestUsers.PASSWORD).approve(id, created.get("user_code").asString());

		List<HttpResponse<String>> responses = concurrently(10, () -> this.client.mint(id));

		assertThat(responses.stream().filter((r) -> r.statusCode() == 200).count()).isEqualTo(1);
		assertThat(responses.stream().filter((r) -> r.statusCode() == 400).map(ApprovalClient::error)).hasSize(9)
			.allMatch((error) -> error.equals("slow_down") || error.equals("invalid_grant"));
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM audit_event WHERE approval_id = ? AND event = 'issued'", Long.class, id))
			.isEqualTo(1);
	}

	private String approvedAndMinted() {
		JsonNode created = this.client.createTransfer();
		String id = created.get("approval_id").asString();
		ApprovalPage.signIn(ISSUER, this.user, TestUsers.PASSWORD).approve(id, created.get("user_code").asString());
		String token = TestHttp.json(this.client.mint(id)).get("action_token").asString();
		return TestTokens.parse(token).getPayload().toJSONObject().get("jti").toString();
	}

	private List<String> events(String jti) {
		return this.jdbc
			.queryForList("SELECT e.event FROM audit_event e JOIN action_approval a ON a.id = e.approval_id "
					+ "WHERE a.token_jti = ? ORDER BY e.seq", String.class, jti);
	}

	/**
	 * Runs a call on many threads released at once.
	 */
	private static List<HttpResponse<String>> concurrently(int threads, Callable<HttpResponse<String>> call)
			throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<HttpResponse<String>>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				futures.add(executor.submit(() -> {
					start.await();
					return call.call();
				}));
			}
			start.countDown();
			List<HttpResponse<String>> responses = new ArrayList<>();
			for (Future<HttpResponse<String>> future : futures) {
				responses.add(future.get(60, TimeUnit.SECONDS));
			}
			return responses;
		}
		finally {
			executor.shutdownNow();
		}
	}

}
