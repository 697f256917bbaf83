package dev.countersign.authz.it;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import tools.jackson.databind.JsonNode;

import dev.countersign.core.TokenTypes;
import dev.countersign.test.ApprovalClient;
import dev.countersign.test.ApprovalPage;
import dev.countersign.test.CodeFlow;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every malformed or unauthorized approval call is refused with the right status and
 * {@code error}, and changes nothing in the database.
 */
class ApprovalBadInputIT extends AbstractApprovalIT {

	private static final String TRANSFER_TEMPLATE = "{\"authorization_details\":[{\"type\":\"payments.transfer\",\"parameters\":%s}]}";

	@Autowired
	JwtEncoder jwtEncoder;

	@Autowired
	org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository clients;

	@Override
	String userPrefix() {
		return "bad";
	}

	@ParameterizedTest
	@ValueSource(strings = {
			// unknown type
			"{\"authorization_details\":[{\"type\":\"payments.steal\",\"parameters\":{}}]}",
			// missing parameter
			"{\"authorization_details\":[{\"type\":\"payments.transfer\",\"parameters\":{\"fromAccount\":\"acc-1\",\"toIban\":\"DE89370400440532013000\",\"amount\":1}}]}",
			// extra parameter
			"{\"authorization_details\":[{\"type\":\"payments.transfer\",\"parameters\":{\"fromAccount\":\"acc-1\",\"toIban\":\"DE89370400440532013000\",\"amount\":1,\"currency\":\"EUR\",\"memo\":\"x\"}}]}",
			// wrong type
			"{\"authorization_details\":[{\"type\":\"payments.transfer\",\"parameters\":{\"fromAccount\":\"acc-1\",\"toIban\":\"DE89370400440532013000\",\"amount\":\"lots\",\"currency\":\"EUR\"}}]}",
			"{\"authorization_details\":[{\"type\":\"payments.transfer\",\"parameters\":{\"fromAccount\":1,\"toIban\":\"DE89370400440532013000\",\"amount\":1,\"currency\":\"EUR\"}}]}",
			// out of range
			"{\"authorization_details\":[{\"type\":\"payments.transfer\",\"parameters\":{\"fromAccount\":\"acc-1\",\"toIban\":\"DE89370400440532013000\",\"amount\":0,\"currency\":\"EUR\"}}]}",
			"{\"authorization_details\":[{\"type\":\"payments.transfer\",\"parameters\":{\"fromAccount\":\"acc-1\",\"toIban\":\"DE89370400440532013000\",\"amount\":1000000.01,\"currency\":\"EUR\"}}]}",
			// pattern
			"{\"authorization_details\":[{\"type\":\"payments.transfer\",\"parameters\":{\"fromAccount\":\"acc-1\",\"toIban\":\"not an iban\",\"amount\":1,\"currency\":\"EUR\"}}]}",
			// two entries, none, not an array, no type, fields where not allowed
			"{\"authorization_details\":[{\"type\":\"records.read\",\"parameters\":{\"customerId\":42}},{\"type\":\"records.read\",\"parameters\":{\"customerId\":43}}]}",
			"{\"authorization_details\":[]}", "{\"authorization_details\":{\"type\":\"records.read\"}}",
			"{\"authorization_details\":[{\"parameters\":{\"customerId\":42}}]}",
			"{\"authorization_details\":[{\"type\":\"records.read\",\"parameters\":{\"customerId\":42},\"fields\":[\"x\"]}]}",
			"{\"authorization_details\":[{\"type\":\"orders.update\",\"parameters\":{\"orderId\":7},\"fields\":[\"price\"]}]}" })
	void createWhenDetailsDoNotFitCatalogThenInvalidAuthorizationDetails(String body) {
		assertRefusedUnchanged(() -> this.client.create(body), 400, "invalid_authorization_details");
	}

	@Test
	void createWhenParameterTooLongThenInvalidAuthorizationDetailsNamingIt() {
		String parameters = "{\"fromAccount\":\"" + "a".repeat(65)
				+ "\",\"toIban\":\"DE89370400440532013000\",\"amount\":1,\"currency\":\"EUR\"}";
		HttpResponse<String> response = assertRefusedUnchanged(
				() -> this.client.create(TRANSFER_TEMPLATE.formatted(parameters)), 400,
				"invalid_authorization_details");
		assertThat(TestHttp.json(response).get("error_description").asString())
			.isEqualTo("parameter 'fromAccount' must be at most 64 characters long");
	}

	@Test
	void createWhenMalformedJsonThenInvalidRequest() {
		assertRefusedUnchanged(() -> this.client.create("{\"authorization_details\":[{\"type\":"), 400,
				"invalid_request");
		assertRefusedUnchanged(() -> this.client.create("[]"), 400, "invalid_request");
		assertRefusedUnchanged(() -> this.client.create(""), 400, "invalid_request");
	}

	@Test
	void createWhenDuplicateJsonKeysThenInvalidRequest() {
		String parameters = "{\"fromAccount\":\"acc-1\",\"toIban\":\"DE89370400440532013000\",\"amount\":1,\"amount\":1000,\"currency\":\"EUR\"}";
		HttpResponse<String> response = assertRefusedUnchanged(
				() -> this.client.create(TRANSFER_TEMPLATE.formatted(parameters)), 400, "invalid_request");
		assertThat(TestHttp.json(response).get("error_description").asString()).contains("given twice");
	}

	@Test
	void createWhenUnknownTopLevelMemberOrBadBindingMessageThenRefused() {
		assertRefusedUnchanged(
				() -> this.client.create(ApprovalClient.TRANSFER.replace("\"binding_message\"", "\"extra\"")), 400,
				"invalid_request");
		assertRefusedUnchanged(() -> this.client.create(ApprovalClient.TRANSFER.replace("Transfer 1", "x".repeat(300))),
				400, "invalid_binding_message");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Pay EUR \\u202E10.0", "Pay\\u200B 0.01 EUR", "Pay 0.01\\u2028EUR", "Pay 0.01\\u2029EUR",
			"\\u2066EUR 10.0\\u2069", "Pay 0.01 EUR\\u0007", "Pay 0.01 \\u212A" })
	void createWhenBindingMessageHasFormatSeparatorOrNonNfcCharactersThenInvalidBindingMessage(String message) {
		HttpResponse<String> response = assertRefusedUnchanged(
				() -> this.client.create(ApprovalClient.TRANSFER.replace("Transfer 1", message)), 400,
				"invalid_binding_message");
		assertThat(TestHttp.json(response).get("error_description").asString()).startsWith("binding_message must");
	}

	@Test
	void createWhenStringParameterNotNfcOrWithFormatCharactersThenInvalidAuthorizationDetails() {
		for (String account : List.of("acc\\u212A", "acc-1\\u200B", "acc\\u202E1")) {
			String parameters = "{\"fromAccount\":\"" + account
					+ "\",\"toIban\":\"DE89370400440532013000\",\"amount\":1,\"currency\":\"EUR\"}";
			HttpResponse<String> response = assertRefusedUnchanged(
					() -> this.client.create(TRANSFER_TEMPLATE.formatted(parameters)), 400,
					"invalid_authorization_details");
			assertThat(TestHttp.json(response).get("error_description").asString())
				.startsWith("parameter 'fromAccount' must");
		}
	}

	@Test
	void createWhenBodyOver16KiBThenPayloadTooLarge() {
		String big = ApprovalClient.TRANSFER.replace("Transfer 1", "x".repeat(17 * 1024));
		assertRefusedUnchanged(() -> this.client.create(big), 413, "invalid_request");
	}

	@Test
	void createWhenNotJsonThenUnsupportedMediaType() {
		assertRefusedUnchanged(() -> this.http.post("/approvals", "text/plain", ApprovalClient.TRANSFER,
				"Authorization", "Bearer " + this.client.baseToken), 415, "invalid_request");
	}

	@Test
	void createWhenResourceDiffersFromCatalogThenInvalidTarget() {
		String body = ApprovalClient.TRANSFER.replace("\"binding_message\"",
				"\"resource\":\"https://other.example\",\"binding_message\"");
		assertRefusedUnchanged(() -> this.client.create(body), 400, "invalid_target");
	}

	@Test
	void createWhenBaseTokenOfAnotherAudienceThenInvalidToken() {
		CodeFlow flow = new CodeFlow(new TestHttp(ISSUER));
		Map<String, String> parameters = flow.parameters(true);
		parameters.put("resource", "https://other.example");
		String otherAudience = TestHttp.json(flow.exchange(flow.authorize(parameters, this.user, TestUsers.PASSWORD)))
			.get("access_token")
			.asString();
		HttpResponse<String> response = assertRefusedUnchanged(
				() -> new ApprovalClient(this.http, otherAudience).create(ApprovalClient.TRANSFER), 401,
				"invalid_token");
		assertThat(TestHttp.json(response).get("error_description").asString()).contains("audience");
		assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
	}

	@Test
	void createWhenBaseTokenExpiredThenInvalidToken() {
		Instant past = Instant.now().minusSeconds(600);
		String expired = this.jwtEncoder.encode(JwtEncoderParameters.from(
				JwsHeader.with(SignatureAlgorithm.RS256).type(TokenTypes.ACCESS_TOKEN).build(),
				JwtClaimsSet.builder()
					.issuer(ISSUER)
					.subject(this.user)
					.audience(List.of(DEMO_API))
					.claim("client_id", "demo-client")
					.issuedAt(past)
					.expiresAt(past.plusSeconds(300))
					.id("expired-1")
					.build()))
			.getTokenValue();
		HttpResponse<String> response = assertRefusedUnchanged(
				() -> new ApprovalClient(this.http, expired).create(ApprovalClient.TRANSFER), 401, "invalid_token");
		assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
	}

	@Test
	void createWhenClientCredentialsTokenThenNoUserToAsk() {
		String clientToken = clientCredentialsToken("demo-client", "demo-secret", "accounts.read");
		assertRefusedUnchanged(() -> new ApprovalClient(this.http, clientToken).create(ApprovalClient.TRANSFER), 401,
				"insufficient_user_authentication");
	}

	@Test
	void createWhenNoTokenThenUnauthorizedProblem() {
		assertRefusedUnchanged(() -> this.http.post("/approvals", "application/json", ApprovalClient.TRANSFER), 401,
				"invalid_token");
	}

	@Test
	void createWhenActionTokenPresentedAsBaseTokenThenInvalidToken() {
		String actionToken = approvedActionToken();
		assertRefusedUnchanged(() -> new ApprovalClient(this.http, actionToken).create(ApprovalClient.TRANSFER), 401,
				"invalid_token");
	}

	@Test
	void statusAndMintWhenAnotherUserOrClientThenNotFound() {
		String id = this.client.createTransfer().get("approval_id").asString();
		String other = TestUsers.create(this.users, "other");
		ApprovalClient stranger = new ApprovalClient(this.http,
				CodeFlow.accessToken(new TestHttp(ISSUER), other, TestUsers.PASSWORD));

		assertRefusedUnchanged(() -> stranger.status(id), 404, "not_found");
		assertRefusedUnchanged(() -> stranger.mint(id), 404, "not_found");
		assertRefusedUnchanged(() -> this.client.status("no-such-approval"), 404, "not_found");
	}

	@Test
	void pageWhenAnotherUserThenForbiddenAndUnchanged() {
		JsonNode created = this.client.createTransfer();
		String id = created.get("approval_id").asString();
		String other = TestUsers.create(this.users, "other");
		ApprovalPage strangerPage = ApprovalPage.signIn(ISSUER, other, TestUsers.PASSWORD);
		ApprovalPage ownerPage = ApprovalPage.signIn(ISSUER, this.user, TestUsers.PASSWORD);
		String csrf = TestHttp.csrf(ownerPage.open(id).body());
		String strangerCsrf = TestHttp.csrf(strangerPage.http.get("/login").body());
		Snapshot before = snapshot();

		assertThat(strangerPage.open(id).statusCode()).isEqualTo(403);
		HttpResponse<String> number = strangerPage.http.postForm("/approve/" + id + "/number",
				Map.of("number", created.get("user_code").asString(), "_csrf", strangerCsrf));
		HttpResponse<String> decision = strangerPage.http.postForm("/approve/" + id + "/decision",
				Map.of("decision", "deny", "_csrf", strangerCsrf));

		assertThat(number.statusCode()).isEqualTo(403);
		assertThat(decision.statusCode()).isEqualTo(403);
		assertThat(decision.body()).contains("another user");
		// nothing changes; each refusal is audited (issue 12: "else 403 and nothing
		// changes
		// (audited)")
		assertThat(snapshot().approvals()).isEqualTo(before.approvals());
		assertThat(this.jdbc.queryForList(
				"SELECT actor FROM audit_event WHERE approval_id = ? AND event = 'decision-refused'", String.class, id))
			.containsExactly(other, other, other);
		assertThat(snapshot().audit()).isEqualTo(before.audit() + 3);
		assertThat(csrf).isNotBlank();
	}

	@Test
	void decisionWhenNoCsrfTokenThenForbiddenAndUnchanged() {
		String id = this.client.createTransfer().get("approval_id").asString();
		ApprovalPage page = ApprovalPage.signIn(ISSUER, this.user, TestUsers.PASSWORD);
		Snapshot before = snapshot();

		HttpResponse<String> response = page.http.postForm("/approve/" + id + "/decision", Map.of("decision", "deny"));

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(snapshot()).isEqualTo(before);
	}

	@Test
	void approveWhenDeniedOrExpiredThenConflictAndUnchanged() {
		JsonNode created = this.client.createTransfer();
		String denied = created.get("approval_id").asString();
		ApprovalPage page = ApprovalPage.signIn(ISSUER, this.user, TestUsers.PASSWORD);
		page.pick(denied, created.get("user_code").asString());
		page.decide(denied, "deny");
		String csrf = TestHttp.csrf(page.http.get("/login").body());
		Snapshot before = snapshot();

		HttpResponse<String> again = page.http.postForm("/approve/" + denied + "/decision",
				Map.of("decision", "approve", "_csrf", csrf));

		assertThat(again.statusCode()).isEqualTo(409);
		assertThat(again.body()).contains("already denied");
		assertThat(snapshot()).isEqualTo(before);

		JsonNode second = this.client.createTransfer();
		String expired = second.get("approval_id").asString();
		page.pick(expired, second.get("user_code").asString());
		this.jdbc.update("UPDATE action_approval SET expires_at = now() - interval '1 second' WHERE id = ?", expired);
		this.client.status(expired); // the expiry itself is a change; what follows must
										// change nothing
		Snapshot beforeExpired = snapshot();
		HttpResponse<String> late = page.http.postForm("/approve/" + expired + "/decision",
				Map.of("decision", "approve", "_csrf", csrf));
		assertThat(late.statusCode()).isEqualTo(409);
		assertThat(late.body()).contains("already expired");
		assertThat(snapshot()).isEqualTo(beforeExpired);
	}

	@Test
	void mintWhenAlreadyIssuedThenInvalidGrantAndUnchanged() throws Exception {
		JsonNode created = this.client.createTransfer();
		String id = created.get("approval_id").asString();
		ApprovalPage.signIn(ISSUER, this.user, TestUsers.PASSWORD).approve(id, created.get("user_code").asString());
		assertThat(this.client.mint(id).statusCode()).isEqualTo(200);
		this.jdbc.update("UPDATE action_approval SET last_polled_at = now() - interval '1 minute' WHERE id = ?", id);
		Snapshot before = snapshot();

		HttpResponse<String> again = this.client.mint(id);

		assertThat(again.statusCode()).isEqualTo(400);
		assertThat(ApprovalClient.error(again)).isEqualTo("invalid_grant");
		assertThat(snapshot().audit()).isEqualTo(before.audit());
		assertThat(this.jdbc.queryForObject("SELECT token_jti FROM action_approval WHERE id = ?", String.class, id))
			.isNotNull();
	}

	@Test
	void consumeWhenResourceServerOfAnotherApiThenAnsweredAsUnknownAndNotSpent() throws Exception {
		TestClients.registerOtherApi(this.clients);
		JsonNode created = this.client.createTransfer();
		String id = created.get("approval_id").asString();
		ApprovalPage.signIn(ISSUER, this.user, TestUsers.PASSWORD).approve(id, created.get("user_code").asString());
		String jti = com.nimbusds.jwt.SignedJWT
			.parse(TestHttp.json(this.client.mint(id)).get("action_token").asString())
			.getJWTClaimsSet()
			.getJWTID();

		String other = clientCredentialsToken(TestClients.OTHER_API, "other-api-secret", "approvals.consume");
		HttpResponse<String> foreign = consume(other, "{\"jti\":\"" + jti + "\"}");
		HttpResponse<String> neverIssued = consume(other, "{\"jti\":\"never-issued-" + jti.substring(0, 8) + "\"}");

		assertThat(foreign.statusCode()).isEqualTo(neverIssued.statusCode()).isEqualTo(200);
		assertThat(TestHttp.json(foreign).get("reason").asString()).isEqualTo("unknown");
		assertThat(TestHttp.json(neverIssued).get("reason").asString()).isEqualTo("unknown");
		assertThat(this.jdbc.queryForObject("SELECT consumed_at FROM action_approval WHERE id = ?",
				java.sql.Timestamp.class, id))
			.isNull();
		String api = clientCredentialsToken("demo-api", "demo-api-secret", "approvals.consume");
		assertThat(TestHttp.json(consume(api, "{\"jti\":\"" + jti + "\"}")).get("first_use").asBoolean()).isTrue();
		assertThat(this.jdbc.queryForList(
				"SELECT event || ' ' || actor FROM audit_event WHERE approval_id = ? ORDER BY seq", String.class, id))
			.contains("consume-refused other-api", "consumed demo-api");

		// reports of refusals: another API's alike to unknown ones, and neither recorded
		String report = "{\"jti\":\"" + jti + "\",\"check\":\"ath\",\"description\":\"ath: not this base token\"}";
		Long before = snapshot().audit();
		assertThat(rejection(other, report).statusCode()).isEqualTo(202);
		assertThat(rejection(other, report.replace(jti, "never-issued")).statusCode()).isEqualTo(202);
		assertThat(snapshot().audit()).isEqualTo(before);
		assertThat(rejection(api, report).statusCode()).isEqualTo(202);
		assertThat(this.jdbc.queryForObject(
				"SELECT outcome FROM audit_event WHERE approval_id = ? AND event = 'rejected'", String.class, id))
			.isEqualTo("ath: ath: not this base token");
	}

	@Test
	void rejectionWhenBadReportsThenRefusedAndNothingRecorded() {
		String api = clientCredentialsToken("demo-api", "demo-api-secret", "approvals.consume");
		for (String body : List.of("{}", "{\"jti\":\"j\",\"check\":\"ath\"}",
				"{\"jti\":\"j\",\"check\":\"ATH!\",\"description\":\"x\"}",
				"{\"jti\":\"j\",\"check\":\"ath\",\"description\":\"x\\u202Ey\"}",
				"{\"jti\":\"j\",\"check\":\"ath\",\"description\":\"" + "x".repeat(201) + "\"}", "not json")) {
			assertRefusedUnchanged(() -> rejection(api, body), 400, "invalid_request");
		}
		String user = this.client.baseToken;
		assertRefusedUnchanged(() -> rejection(user, "{\"jti\":\"j\",\"check\":\"ath\",\"description\":\"x\"}"), 403,
				"insufficient_scope");
	}

	private HttpResponse<String> rejection(String token, String body) {
		return this.http.post("/approvals/rejections", "application/json", body, "Authorization", "Bearer " + token);
	}

	@Test
	void consumeWhenBadCallsThenRefused() {
		String api = clientCredentialsToken("demo-api", "demo-api-secret", "approvals.consume");
		String user = this.client.baseToken;
		HttpResponse<String> unknown = consume(api, "{\"jti\":\"never-issued\"}");
		assertThat(unknown.statusCode()).isEqualTo(200);
		assertThat(unknown.body()).isEqualTo("{\"jti\":\"never-issued\",\"first_use\":false,\"reason\":\"unknown\"}");
		assertRefusedUnchanged(() -> consume(api, "{\"jti\":1}"), 400, "invalid_request");
		assertRefusedUnchanged(() -> consume(api, "{\"jti\":\"a\",\"jti\":\"b\"}"), 400, "invalid_request");
		assertRefusedUnchanged(() -> consume(api, "{\"jti\":\"a\",\"extra\":1}"), 400, "invalid_request");
		assertRefusedUnchanged(() -> consume(user, "{\"jti\":\"a\"}"), 403, "insufficient_scope");
	}

	@Test
	void auditWhenScopeMissingOrBadFiltersThenRefused() {
		String api = clientCredentialsToken("demo-api", "demo-api-secret", "approvals.consume");
		String admin = clientCredentialsToken("demo-admin", "demo-admin-secret", "audit.read");
		assertRefusedUnchanged(() -> this.http.get("/audit/events", "Authorization", "Bearer " + api), 403,
				"insufficient_scope");
		assertRefusedUnchanged(() -> this.http.get("/audit/events?from=yesterday", "Authorization", "Bearer " + admin),
				400, "invalid_request");
		assertRefusedUnchanged(() -> this.http.get("/audit/events?size=1000", "Authorization", "Bearer " + admin), 400,
				"invalid_request");
		assertRefusedUnchanged(
				() -> this.http.get("/audit/events?subject=a&subject=b", "Authorization", "Bearer " + admin), 400,
				"invalid_request");
		assertRefusedUnchanged(() -> this.http.get("/audit/events?colour=red", "Authorization", "Bearer " + admin), 400,
				"invalid_request");
	}

	private HttpResponse<String> consume(String token, String body) {
		return this.http.post("/approvals/consume", "application/json", body, "Authorization", "Bearer " + token);
	}

	private String approvedActionToken() {
		JsonNode created = this.client.createTransfer();
		String id = created.get("approval_id").asString();
		ApprovalPage.signIn(ISSUER, this.user, TestUsers.PASSWORD).approve(id, created.get("user_code").asString());
		return TestHttp.json(this.client.mint(id)).get("action_token").asString();
	}

	private HttpResponse<String> assertRefusedUnchanged(java.util.function.Supplier<HttpResponse<String>> call,
			int status, String error) {
		Snapshot before = snapshot();
		HttpResponse<String> response = call.get();
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(ApprovalClient.error(response)).isEqualTo(error);
		assertThat(response.body()).doesNotContain("Exception", "\tat ");
		assertThat(snapshot()).isEqualTo(before);
		return response;
	}

	private Snapshot snapshot() {
		return new Snapshot(this.jdbc
			.queryForList("SELECT id, status, failed_attempts, number_matched_at, decided_at, token_jti, consumed_at "
					+ "FROM action_approval WHERE subject LIKE 'bad-%' OR subject LIKE 'other-%' ORDER BY id"),
				this.jdbc.queryForObject("SELECT count(*) FROM audit_event", Long.class));
	}

	private record Snapshot(List<Map<String, Object>> approvals, Long audit) {
	}

}
