package dev.countersign.authz.it;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.provisioning.UserDetailsManager;
import tools.jackson.databind.JsonNode;

import dev.countersign.authz.audit.AuditLog;
import dev.countersign.test.CodeFlow;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Query-level approval over HTTP against the running server and its PostgreSQL: RFC 9396
 * {@code authorization_details} at the authorization endpoint (with the consent page's
 * form), at the pushed authorization request endpoint, and at the token endpoint for
 * client credentials and refresh; the granted entries in the access token, the token
 * response and introspection.
 */
class AuthorizationDetailsIT extends AbstractAuthorizationServerIT {

	static final String CUSTOMER_42 = "{\"type\":\"records.read\",\"parameters\":{\"customerId\":42}}";

	static final String CUSTOMER_43 = "{\"type\":\"records.read\",\"parameters\":{\"customerId\":43}}";

	static final String ORDER_7_STATUS = "{\"type\":\"orders.update\",\"parameters\":{\"orderId\":7},\"fields\":[\"status\"]}";

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	UserDetailsManager users;

	@Autowired
	AuditLog auditLog;

	@Test
	void authorizationCodeWhenUserGrantsOneOfTwoDetailsThenTokenCarriesExactlyThatOne() {
		String user = TestUsers.create(this.users, "rar");
		CodeFlow flow = new CodeFlow(this.http);
		Map<String, String> parameters = withDetails(flow, "[" + CUSTOMER_42 + "," + ORDER_7_STATUS + "]");
		parameters.put("scope", "openid accounts.read");
		String consentPage = flow.signInAndAuthorize(parameters, user, TestUsers.PASSWORD);
		assertThat(consentPage).contains("/oauth2/consent");

		HttpResponse<String> page = this.http.get(consentPage);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("Read the records of customer 42", "Update order 7", "may change only status",
				"name=\"authorization_detail\" value=\"0\"", "name=\"authorization_detail\" value=\"1\"");

		String code = codeFrom(consent(consentPage, page.body(), "scope=accounts.read&authorization_detail=0"));
		HttpResponse<String> response = flow.exchange(code);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode tokens = TestHttp.json(response);
		JsonNode granted = TestHttp.JSON.readTree("[" + CUSTOMER_42 + "]");
		assertThat(tokens.get("authorization_details")).isEqualTo(granted);
		assertThat(claims(tokens.get("access_token").asString()).get("authorization_details")).isEqualTo(granted);
		assertThat(claims(tokens.get("access_token").asString()).get("scope").asString())
			.isEqualTo("openid accounts.read");
		assertThat(tokens.get("id_token").asString()).isNotEmpty();

		JsonNode introspection = introspect(tokens.get("access_token").asString());
		assertThat(introspection.get("active").asBoolean()).isTrue();
		assertThat(introspection.get("authorization_details")).isEqualTo(granted);

		assertThat(auditOf(user)).containsExactly(
				"consent-refused orders.update {\"orderId\":7} refused; fields [\"status\"]",
				"consent-granted records.read {\"customerId\":42} granted");
		assertThat(this.auditLog.verify().valid()).isTrue();
	}

	@Test
	void authorizationCodeWhenSameDetailAgainThenNoPromptAndWhenMoreThenPromptAgain() {
		CodeFlow flow = new CodeFlow(this.http);
		String consentPage = signInAndAsk(flow, "[" + CUSTOMER_42 + "]");
		grant(consentPage, "scope=accounts.read&authorization_detail=0");

		// the same entry, written differently: canonically equal, so granted already
		CodeFlow again = new CodeFlow(this.http);
		String same = "[{\"parameters\":{\"customerId\":42.0},\"type\":\"records.read\"}]";
		HttpResponse<String> direct = this.http.get(CodeFlow.uri(withDetails(again, same)));
		assertThat(direct.statusCode()).isEqualTo(302);
		String location = direct.headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith(CodeFlow.REDIRECT_URI);
		JsonNode tokens = TestHttp.json(again.exchange(TestHttp.query(location).get("code")));
		assertThat(tokens.get("authorization_details")).isEqualTo(TestHttp.JSON.readTree("[" + CUSTOMER_42 + "]"));

		// asking for more prompts again, and shows what was granted before as such
		CodeFlow more = new CodeFlow(this.http);
		HttpResponse<String> prompt = this.http
			.get(CodeFlow.uri(withDetails(more, "[" + CUSTOMER_42 + "," + CUSTOMER_43 + "]")));
		String morePage = prompt.headers().firstValue("Location").orElseThrow();
		assertThat(morePage).contains("/oauth2/consent");
		String body = this.http.get(morePage).body();
		assertThat(body).contains("(allowed before)", "Read the records of customer 43")
			.doesNotContain("name=\"authorization_detail\" value=\"0\"");
	}

	@Test
	void refreshWhenNarrowedThenSubsetAndWhenWidenedThenInvalidAuthorizationDetails() {
		JsonNode tokens = grantBoth();
		String refreshToken = tokens.get("refresh_token").asString();

		HttpResponse<String> kept = refresh(refreshToken, null);
		assertThat(kept.statusCode()).as(kept.body()).isEqualTo(200);
		assertThat(TestHttp.json(kept).get("authorization_details"))
			.isEqualTo(TestHttp.JSON.readTree("[" + CUSTOMER_42 + "," + CUSTOMER_43 + "]"));

		HttpResponse<String> narrowed = refresh(TestHttp.json(kept).get("refresh_token").asString(),
				"[" + CUSTOMER_43 + "]");
		assertThat(narrowed.statusCode()).as(narrowed.body()).isEqualTo(200);
		JsonNode narrowedTokens = TestHttp.json(narrowed);
		assertThat(narrowedTokens.get("authorization_details"))
			.isEqualTo(TestHttp.JSON.readTree("[" + CUSTOMER_43 + "]"));
		assertThat(claims(narrowedTokens.get("access_token").asString()).get("authorization_details"))
			.isEqualTo(TestHttp.JSON.readTree("[" + CUSTOMER_43 + "]"));

		HttpResponse<String> widened = refresh(narrowedTokens.get("refresh_token").asString(),
				"[{\"type\":\"records.read\",\"parameters\":{\"customerId\":44}}]");
		assertThat(widened.statusCode()).isEqualTo(400);
		assertThat(TestHttp.json(widened).get("error").asString()).isEqualTo("invalid_authorization_details");
	}

	@Test
	void authorizationCodeWhenTokenRequestNarrowsThenOnlyThoseAndWhenWidensThenRefused() {
		CodeFlow flow = new CodeFlow(this.http);
		String consentPage = signInAndAsk(flow, "[" + CUSTOMER_42 + "," + CUSTOMER_43 + "]");
		String code = grant(consentPage, "scope=accounts.read&authorization_detail=0&authorization_detail=1");
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "authorization_code");
		form.put("code", code);
		form.put("redirect_uri", CodeFlow.REDIRECT_URI);
		form.put("code_verifier", flow.verifier);
		form.put("authorization_details", "[" + CUSTOMER_43 + "]");
		HttpResponse<String> narrowed = this.http.token(CodeFlow.CLIENT_ID, CodeFlow.CLIENT_SECRET, form);
		assertThat(narrowed.statusCode()).as(narrowed.body()).isEqualTo(200);
		assertThat(TestHttp.json(narrowed).get("authorization_details"))
			.isEqualTo(TestHttp.JSON.readTree("[" + CUSTOMER_43 + "]"));

		CodeFlow again = new CodeFlow(this.http);
		HttpResponse<String> direct = this.http.get(CodeFlow.uri(withDetails(again, "[" + CUSTOMER_42 + "]")));
		String secondCode = TestHttp.query(direct.headers().firstValue("Location").orElseThrow()).get("code");
		form.put("code", secondCode);
		form.put("code_verifier", again.verifier);
		HttpResponse<String> widened = this.http.token(CodeFlow.CLIENT_ID, CodeFlow.CLIENT_SECRET, form);
		assertThat(widened.statusCode()).isEqualTo(400);
		assertThat(TestHttp.json(widened).get("error").asString()).isEqualTo("invalid_authorization_details");
	}

	@Test
	void consentPageWhenAnotherUsersStateThenRefused() {
		CodeFlow flow = new CodeFlow(this.http);
		String consentPage = signInAndAsk(flow, "[" + CUSTOMER_42 + "]");
		TestHttp other = new TestHttp(ISSUER);
		other.login(TestUsers.create(this.users, "rar"), TestUsers.PASSWORD);
		HttpResponse<String> page = other.get(consentPage);
		assertThat(page.statusCode()).isEqualTo(400);
		assertThat(page.body()).contains("not yours").doesNotContain("customer 42");
	}

	@Test
	void consentWhenDeniedThenAccessDeniedAndNoConsentStoredAndRefusalAudited() {
		long consentsBefore = consents();
		CodeFlow flow = new CodeFlow(this.http);
		String user = TestUsers.create(this.users, "rar");
		String consentPage = flow.signInAndAuthorize(withDetails(flow, "[" + CUSTOMER_42 + "]"), user,
				TestUsers.PASSWORD);
		HttpResponse<String> page = this.http.get(consentPage);
		HttpResponse<String> denied = consent(consentPage, page.body(),
				"scope=accounts.read&authorization_detail=0&deny=true");
		assertThat(denied.statusCode()).isEqualTo(302);
		assertThat(TestHttp.query(denied.headers().firstValue("Location").orElseThrow())).containsEntry("error",
				"access_denied");
		assertThat(consents()).isEqualTo(consentsBefore);
		assertThat(auditOf(user)).containsExactly("consent-refused records.read {\"customerId\":42} refused");
	}

	@Test
	void consentWhenDeniedAfterEarlierGrantThenConsentRemovedAndRevocationAudited() {
		String user = TestUsers.create(this.users, "rar");
		CodeFlow flow = new CodeFlow(this.http);
		String first = flow.signInAndAuthorize(withDetails(flow, "[" + CUSTOMER_42 + "]"), user, TestUsers.PASSWORD);
		grant(first, "scope=accounts.read&authorization_detail=0");

		CodeFlow more = new CodeFlow(this.http);
		String second = this.http.get(CodeFlow.uri(withDetails(more, "[" + CUSTOMER_42 + "," + CUSTOMER_43 + "]")))
			.headers()
			.firstValue("Location")
			.orElseThrow();
		HttpResponse<String> denied = consent(second, this.http.get(second).body(), "deny=true");
		assertThat(TestHttp.query(denied.headers().firstValue("Location").orElseThrow())).containsEntry("error",
				"access_denied");
		assertThat(this.jdbc.queryForObject(
				"SELECT count(*) FROM oauth2_authorization_consent WHERE principal_name = ?", Long.class, user))
			.isZero();
		assertThat(auditOf(user)).containsExactly("consent-granted records.read {\"customerId\":42} granted",
				"consent-refused records.read {\"customerId\":43} refused",
				"consent-revoked records.read {\"customerId\":42} revoked");
	}

	@Test
	void consentWhenFormNamesAnEntryNotRequestedThenRefusedAndNothingStored() {
		long consentsBefore = consents();
		CodeFlow flow = new CodeFlow(this.http);
		String consentPage = signInAndAsk(flow, "[" + CUSTOMER_42 + "]");
		HttpResponse<String> page = this.http.get(consentPage);
		HttpResponse<String> tampered = consent(consentPage, page.body(), "scope=accounts.read&authorization_detail=1");
		assertThat(tampered.statusCode()).isEqualTo(400);
		assertThat(consents()).isEqualTo(consentsBefore);
	}

	@Test
	void clientCredentialsWhenEachOperatorThenTokenCarriesTheCanonicalConstraints() {
		String details = "[{\"type\":\"records.read\",\"parameters\":{\"customerId\":{\"in\":[42,\"43\"]}}},"
				+ "{\"type\":\"records.read\",\"parameters\":{\"customerId\":{\"min\":100}}},"
				+ "{\"type\":\"payments.transfer\",\"parameters\":{\"fromAccount\":\"acc-1\",\"toIban\":{\"prefix\":\"DE\"},"
				+ "\"amount\":{\"max\":\"250.00\"},\"currency\":\"EUR\"}}]";
		HttpResponse<String> response = clientCredentials("service-client", "service-secret", details);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode tokens = TestHttp.json(response);
		JsonNode expected = TestHttp.JSON
			.readTree("[{\"type\":\"records.read\",\"parameters\":{\"customerId\":{\"in\":[42,43]}}},"
					+ "{\"type\":\"records.read\",\"parameters\":{\"customerId\":{\"min\":100}}},"
					+ "{\"type\":\"payments.transfer\",\"parameters\":{\"amount\":{\"max\":250},\"currency\":\"EUR\","
					+ "\"fromAccount\":\"acc-1\",\"toIban\":{\"prefix\":\"DE\"}}}]");
		assertThat(tokens.get("authorization_details")).isEqualTo(expected);
		assertThat(claims(tokens.get("access_token").asString()).get("authorization_details")).isEqualTo(expected);
		assertThat(introspect(tokens.get("access_token").asString()).get("authorization_details")).isEqualTo(expected);
	}

	@Test
	void clientCredentialsWhenNoDetailsThenNoClaim() {
		HttpResponse<String> response = this.http.token(CodeFlow.CLIENT_ID, CodeFlow.CLIENT_SECRET,
				Map.of("grant_type", "client_credentials", "scope", "accounts.read"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(TestHttp.json(response).has("authorization_details")).isFalse();
		assertThat(claims(TestHttp.json(response).get("access_token").asString()).has("authorization_details"))
			.isFalse();
	}

	@Test
	void pushedAuthorizationRequestWhenDetailsThenConsentPageShowsThem() {
		String user = TestUsers.create(this.users, "rar");
		CodeFlow flow = new CodeFlow(this.http);
		HttpResponse<String> pushed = this.http.postForm("/oauth2/par", withDetails(flow, "[" + CUSTOMER_43 + "]"),
				"Authorization", TestHttp.basic(CodeFlow.CLIENT_ID, CodeFlow.CLIENT_SECRET));
		assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
		String requestUri = TestHttp.json(pushed).get("request_uri").asString();

		String consentPage = flow.signInAndAuthorize(Map.of("client_id", CodeFlow.CLIENT_ID, "request_uri", requestUri),
				user, TestUsers.PASSWORD);
		assertThat(consentPage).contains("/oauth2/consent");
		HttpResponse<String> page = this.http.get(consentPage);
		assertThat(page.body()).contains("Read the records of customer 43");
		String code = codeFrom(consent(consentPage, page.body(), "scope=accounts.read&authorization_detail=0"));
		JsonNode tokens = TestHttp.json(flow.exchange(code));
		assertThat(tokens.get("authorization_details")).isEqualTo(TestHttp.JSON.readTree("[" + CUSTOMER_43 + "]"));
	}

	@Test
	void metadataWhenReadThenAdvertisesTypesAndPushedAuthorizationRequests() {
		JsonNode metadata = TestHttp.json(this.http.get("/.well-known/oauth-authorization-server"));
		assertThat(metadata.get("authorization_details_types_supported").toString()).contains("records.read",
				"orders.update");
		assertThat(metadata.get("pushed_authorization_request_endpoint").asString()).isEqualTo(ISSUER + "/oauth2/par");
	}

	JsonNode grantBoth() {
		CodeFlow flow = new CodeFlow(this.http);
		String consentPage = signInAndAsk(flow, "[" + CUSTOMER_42 + "," + CUSTOMER_43 + "]");
		String code = grant(consentPage, "scope=accounts.read&authorization_detail=0&authorization_detail=1");
		HttpResponse<String> response = flow.exchange(code);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return TestHttp.json(response);
	}

	HttpResponse<String> refresh(String refreshToken, String details) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "refresh_token");
		form.put("refresh_token", refreshToken);
		if (details != null) {
			form.put("authorization_details", details);
		}
		return this.http.token(CodeFlow.CLIENT_ID, CodeFlow.CLIENT_SECRET, form);
	}

	HttpResponse<String> clientCredentials(String clientId, String secret, String details) {
		return this.http.token(clientId, secret,
				Map.of("grant_type", "client_credentials", "authorization_details", details));
	}

	/**
	 * A new user signs in and the client asks for these entries; the consent page's URL.
	 */
	String signInAndAsk(CodeFlow flow, String details) {
		return flow.signInAndAuthorize(withDetails(flow, details), TestUsers.create(this.users, "rar"),
				TestUsers.PASSWORD);
	}

	/** Loads the consent page, answers it and returns the code the client receives. */
	String grant(String consentPage, String answer) {
		return codeFrom(consent(consentPage, this.http.get(consentPage).body(), answer));
	}

	/** Posts the consent form as the page's buttons do. */
	HttpResponse<String> consent(String consentPage, String html, String answer) {
		Map<String, String> query = TestHttp.query(consentPage);
		String body = "client_id=" + TestHttp.encode(query.get("client_id")) + "&state="
				+ TestHttp.encode(query.get("state")) + "&_csrf=" + TestHttp.encode(TestHttp.csrf(html)) + "&" + answer;
		return this.http.post("/oauth2/authorize", "application/x-www-form-urlencoded", body);
	}

	static String codeFrom(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
		String location = response.headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith(CodeFlow.REDIRECT_URI);
		return TestHttp.query(location).get("code");
	}

	static Map<String, String> withDetails(CodeFlow flow, String details) {
		Map<String, String> parameters = flow.parameters(true);
		parameters.put("scope", "accounts.read");
		parameters.put("authorization_details", details);
		return parameters;
	}

	JsonNode introspect(String token) {
		// the resource server of http://localhost:8080, the tokens' audience
		HttpResponse<String> response = this.http.postForm("/oauth2/introspect", Map.of("token", token),
				"Authorization", TestHttp.basic("demo-api", "demo-api-secret"));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return TestHttp.json(response);
	}

	/** The user's audit events: event, type, parameters, outcome. */
	List<String> auditOf(String user) {
		return this.auditLog.find(new AuditLog.AuditQuery(user, null, null, null, null, 0, 50))
			.stream()
			.map((event) -> event.event() + " " + event.actionType() + " " + event.parameters() + " " + event.outcome())
			.toList();
	}

	long consents() {
		Long count = this.jdbc.queryForObject("SELECT count(*) FROM oauth2_authorization_consent", Long.class);
		return (count != null) ? count : 0;
	}

	static JsonNode claims(String jwt) {
		return TestHttp.JSON
			.readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
	}

}
