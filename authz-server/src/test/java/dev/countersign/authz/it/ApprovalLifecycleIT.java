package dev.countersign.authz.it;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.countersign.authz.approval.BaseToken;
import dev.countersign.test.ApprovalClient;
import dev.countersign.test.ApprovalPage;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole Just-In-Time flow over HTTP on PostgreSQL: request, page, number, decision,
 * token, single use, audit.
 */
class ApprovalLifecycleIT extends AbstractApprovalIT {

	@Override
	String userPrefix() {
		return "jit";
	}

	@Test
	void approvalWhenUserApprovesThenOneBoundActionTokenUsedOnce() throws Exception {
		HttpResponse<String> created = this.client.create(ApprovalClient.TRANSFER);
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		JsonNode body = TestHttp.json(created);
		String id = body.get("approval_id").asString();
		assertThat(created.headers().firstValue("Location")).hasValue(ISSUER + "/approvals/" + id);
		assertThat(body.get("status").asString()).isEqualTo("pending");
		assertThat(body.get("expires_in").asInt()).isBetween(290, 300);
		assertThat(body.get("interval").asInt()).isEqualTo(5);
		assertThat(body.get("approval_uri").asString()).isEqualTo(ISSUER + "/approve/" + id);
		String userCode = body.get("user_code").asString();
		assertThat(userCode).matches("[1-9][0-9]");
		assertThat(TestHttp.json(this.client.status(id)).get("status").asString()).isEqualTo("pending");

		ApprovalPage page = ApprovalPage.signIn(ISSUER, this.user, TestUsers.PASSWORD);
		HttpResponse<String> shown = page.open(id);
		assertThat(shown.statusCode()).isEqualTo(200);
		assertThat(shown.body()).contains("Demo client", "Transfer money",
				"Transfer 250 EUR from acc-1 to DE89370400440532013000", "Transfer 1", "fromAccount", "toIban",
				"amount", "currency", "EUR", "Deny");
		assertThat(page.numbers(shown.body())).hasSizeGreaterThanOrEqualTo(3)
			.doesNotHaveDuplicates()
			.contains(userCode);
		assertThat(shown.headers().firstValue("X-Frame-Options")).hasValue("DENY");

		assertThat(page.pick(id, userCode).statusCode()).isEqualTo(302);
		assertThat(page.open(id).body()).contains("Approve", "Deny").doesNotContain("name=\"number\"");
		assertThat(page.decide(id, "approve").statusCode()).isEqualTo(302);
		assertThat(page.open(id).body()).contains("Approved.");
		assertThat(TestHttp.json(this.client.status(id)).get("status").asString()).isEqualTo("approved");

		HttpResponse<String> minted = this.client.mint(id);
		assertThat(minted.statusCode()).as(minted.body()).isEqualTo(200);
		JsonNode token = TestHttp.json(minted);
		assertThat(token.get("token_type").asString()).isEqualTo("action");
		assertThat(token.get("expires_in").asInt()).isEqualTo(60);
		String actionToken = token.get("action_token").asString();
		SignedJWT jwt = TestTokens.parse(actionToken);
		assertThat(jwt.getHeader().getType().getType()).isEqualTo("action+jwt");
		assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
		JWTClaimsSet claims = TestTokens.verify(actionToken, jwks(), "action+jwt");
		assertThat(claims.getIssuer()).isEqualTo(ISSUER);
		assertThat(claims.getSubject()).isEqualTo(this.user);
		assertThat(claims.getAudience()).containsExactly(DEMO_API);
		assertThat(claims.getStringClaim("client_id")).isEqualTo("demo-client");
		assertThat(claims.getStringClaim("ath")).isEqualTo(BaseToken.hashOf(this.client.baseToken));
		assertThat(claims.getStringClaim("approval_id")).isEqualTo(id);
		assertThat(claims.getStringClaim("acr")).isEqualTo("urn:countersign:acr:password");
		assertThat(claims.getLongClaim("auth_time")).isNotNull();
		assertThat(claims.getNotBeforeTime()).isEqualTo(claims.getIssueTime());
		assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(60_000);
		assertThat(claims.getJWTID()).isNotBlank();
		List<Object> details = claims.getListClaim("authorization_details");
		assertThat(details).hasSize(1);
		assertThat(TestHttp.JSON.writeValueAsString(details.get(0))).isEqualTo(
				"{\"type\":\"payments.transfer\",\"parameters\":{\"amount\":250,\"currency\":\"EUR\",\"fromAccount\":\"acc-1\",\"toIban\":\"DE89370400440532013000\"}}");
		assertThat(TestHttp.json(this.client.status(id)).get("status").asString()).isEqualTo("issued");

		String api = clientCredentialsToken("demo-api", "demo-api-secret", "approvals.consume");
		assertThat(consume(api, claims.getJWTID())).containsEntry("first_use", true);
		assertThat(consume(api, claims.getJWTID())).containsEntry("first_use", false);

		String admin = clientCredentialsToken("demo-admin", "demo-admin-secret", "audit.read");
		JsonNode events = TestHttp
			.json(this.http.get("/audit/events?approval_id=" + id, "Authorization", "Bearer " + admin));
		assertThat(events.get("total").asInt()).isEqualTo(6);
		assertThat(events.get("events").findValuesAsString("event")).containsExactly("requested", "shown", "approved",
				"issued", "consumed", "replay-refused");
		JsonNode requested = events.get("events").get(0);
		assertThat(requested.get("actor").asString()).isEqualTo("demo-client");
		assertThat(requested.get("subject").asString()).isEqualTo(this.user);
		assertThat(requested.get("action_type").asString()).isEqualTo("payments.transfer");
		assertThat(requested.get("parameters").asString()).contains("\"amount\":250");
		assertThat(events.get("events").get(1).get("actor").asString()).isEqualTo(this.user);
		assertThat(events.get("events").get(4).get("actor").asString()).isEqualTo("demo-api");
		JsonNode verification = TestHttp.json(this.http.get("/audit/verification", "Authorization", "Bearer " + admin));
		assertThat(verification.get("valid").asBoolean()).isTrue();
	}

	@Test
	void mintWhenPendingThenAuthorizationPendingThenSlowDown() {
		String id = this.client.createTransfer().get("approval_id").asString();

		HttpResponse<String> first = this.client.mint(id);
		HttpResponse<String> second = this.client.mint(id);

		assertThat(first.statusCode()).isEqualTo(400);
		assertThat(ApprovalClient.error(first)).isEqualTo("authorization_pending");
		assertThat(second.statusCode()).isEqualTo(400);
		assertThat(ApprovalClient.error(second)).isEqualTo("slow_down");
	}

	@Test
	void mintWhenDeniedThenAccessDenied() {
		String id = this.client.createTransfer().get("approval_id").asString();
		ApprovalPage page = ApprovalPage.signIn(ISSUER, this.user, TestUsers.PASSWORD);

		assertThat(page.decide(id, "deny").statusCode()).isEqualTo(302);

		assertThat(page.open(id).body()).contains("Denied.");
		assertThat(TestHttp.json(this.client.status(id)).get("status").asString()).isEqualTo("denied");
		HttpResponse<String> minted = this.client.mint(id);
		assertThat(minted.statusCode()).isEqualTo(400);
		assertThat(ApprovalClient.error(minted)).isEqualTo("access_denied");
	}

	@Test
	void pickWhenWrongNumberThenDeniedAtOnce() {
		JsonNode created = this.client.createTransfer();
		String id = created.get("approval_id").asString();
		ApprovalPage page = ApprovalPage.signIn(ISSUER, this.user, TestUsers.PASSWORD);
		String wrong = page.numbers(page.open(id).body())
			.stream()
			.filter((number) -> !number.equals(created.get("user_code").asString()))
			.findFirst()
			.orElseThrow();

		page.pick(id, wrong);

		assertThat(page.open(id).body()).contains("Denied.");
		assertThat(TestHttp.json(this.client.status(id)).get("status").asString()).isEqualTo("denied");
		assertThat(this.jdbc.queryForList("SELECT event FROM audit_event WHERE approval_id = ? ORDER BY seq",
				String.class, id))
			.containsExactly("requested", "shown", "wrong-number", "denied");
	}

	@Test
	void pageWhenReloadedThenTheSameNineNumbersAndShownAuditedOnce() {
		JsonNode created = this.client.createTransfer();
		String id = created.get("approval_id").asString();
		ApprovalPage page = ApprovalPage.signIn(ISSUER, this.user, TestUsers.PASSWORD);
		List<String> first = page.numbers(page.open(id).body());
		assertThat(first).hasSize(9).doesNotHaveDuplicates().contains(created.get("user_code").asString());
		for (int i = 0; i < 5; i++) {
			assertThat(page.numbers(page.open(id).body())).isEqualTo(first);
		}
		assertThat(this.jdbc.queryForList("SELECT event FROM audit_event WHERE approval_id = ? ORDER BY seq",
				String.class, id))
			.containsExactly("requested", "shown");
	}

	@Test
	void approveWhenNumberNotPickedThenConflictAndUnchanged() {
		String id = this.client.createTransfer().get("approval_id").asString();
		ApprovalPage page = ApprovalPage.signIn(ISSUER, this.user, TestUsers.PASSWORD);

		HttpResponse<String> response = page.decide(id, "approve");

		assertThat(response.statusCode()).isEqualTo(409);
		assertThat(response.body()).contains("pick the number");
		assertThat(TestHttp.json(this.client.status(id)).get("status").asString()).isEqualTo("pending");
	}

	@Test
	void expiryWhenLifetimeOverThenExpiredEverywhereAndAudited() {
		String id = this.client.createTransfer().get("approval_id").asString();
		this.jdbc.update("UPDATE action_approval SET expires_at = now() - interval '1 second' WHERE id = ?", id);

		long deadline = System.nanoTime() + 10_000_000_000L;
		while (System.nanoTime() < deadline && this.jdbc.queryForObject(
				"SELECT count(*) FROM audit_event WHERE approval_id = ? AND event = 'expired'", Long.class, id) == 0) {
			Thread.onSpinWait();
		}
		assertThat(this.jdbc.queryForObject("SELECT status FROM action_approval WHERE id = ?", String.class, id))
			.isEqualTo("expired");
		assertThat(TestHttp.json(this.client.status(id)).get("status").asString()).isEqualTo("expired");
		HttpResponse<String> minted = this.client.mint(id);
		assertThat(ApprovalClient.error(minted)).isEqualTo("expired_token");
		assertThat(ApprovalPage.signIn(ISSUER, this.user, TestUsers.PASSWORD).open(id).body()).contains("expired");
	}

	@Test
	void freshLoginWhenLoginOlderThanMaxAgeThenAskedToSignInAgain() throws Exception {
		HttpResponse<String> created = this.client
			.create("{\"authorization_details\":[{\"type\":\"test.fresh-login\",\"parameters\":{\"n\":1}}]}");
		JsonNode body = TestHttp.json(created);
		String id = body.get("approval_id").asString();
		ApprovalPage page = ApprovalPage.signIn(ISSUER, this.user, TestUsers.PASSWORD);
		assertThat(page.pick(id, body.get("user_code").asString()).statusCode()).isEqualTo(302);
		String csrf = TestHttp.csrf(page.open(id).body()); // the page as the user has it
															// open
		Thread.sleep(2100); // max-age of test.fresh-login is 2 s

		HttpResponse<String> decided = page.http.postForm("/approve/" + id + "/decision",
				Map.of("decision", "approve", "_csrf", csrf));

		// the session is ended, nothing is decided, and the page asks for the password
		// again
		assertThat(decided.statusCode()).isEqualTo(302);
		assertThat(decided.headers().firstValue("Location").orElseThrow()).endsWith("/approve/" + id);
		assertThat(TestHttp.json(this.client.status(id)).get("status").asString()).isEqualTo("pending");
		HttpResponse<String> reopened = page.open(id);
		assertThat(reopened.headers().firstValue("Location")).as(reopened.statusCode() + " " + reopened.body())
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/login"));
		HttpResponse<String> login = page.http.login(this.user, TestUsers.PASSWORD);
		assertThat(login.headers().firstValue("Location").orElseThrow()).contains("/approve/" + id);
		assertThat(page.decide(id, "approve").statusCode()).isEqualTo(302);
		assertThat(TestHttp.json(this.client.status(id)).get("status").asString()).isEqualTo("approved");
	}

	@Test
	void createWhenLimitsReachedThenTooManyRequestsWithRetryAfter() {
		for (int i = 0; i < 3; i++) {
			this.client.createTransfer();
		}
		HttpResponse<String> pendingLimit = this.client.create(ApprovalClient.TRANSFER);
		assertThat(pendingLimit.statusCode()).isEqualTo(429);
		assertThat(ApprovalClient.error(pendingLimit)).isEqualTo("too_many_requests");
		assertThat(Long.parseLong(pendingLimit.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 300L);

		List<String> open = this.jdbc.queryForList("SELECT id FROM action_approval WHERE subject = ?", String.class,
				this.user);
		ApprovalPage page = ApprovalPage.signIn(ISSUER, this.user, TestUsers.PASSWORD);
		open.forEach((id) -> page.decide(id, "deny"));
		this.client.createTransfer();
		this.client.createTransfer();
		HttpResponse<String> rateLimit = this.client.create(ApprovalClient.TRANSFER);
		assertThat(rateLimit.statusCode()).isEqualTo(429);
		assertThat(TestHttp.json(rateLimit).get("error_description").asString()).contains("per 60 s");
		assertThat(Long.parseLong(rateLimit.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
	}

	private Map<String, Object> consume(String token, String jti) {
		HttpResponse<String> response = this.http.post("/approvals/consume", "application/json",
				"{\"jti\":\"" + jti + "\"}", "Authorization", "Bearer " + token);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return TestHttp.JSON.readValue(response.body(), Map.class);
	}

}
