package dev.countersign.authz.it;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.provisioning.UserDetailsManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import dev.countersign.test.ApprovalClient;
import dev.countersign.test.ApprovalPage;
import dev.countersign.test.CodeFlow;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document ({@code docs/openapi.yaml}, served as {@code /openapi.yaml})
 * against the running server: every documented status of every operation is reached once,
 * each answer's status must be documented for its operation, its content type declared
 * and its body valid against the declared JSON Schema (2020-12). So the document cannot
 * drift from the server.
 */
class OpenApiIT extends AbstractAuthorizationServerIT {

	private static final String TRANSFER = "{\"authorization_details\":[{\"type\":\"payments.transfer\","
			+ "\"parameters\":{\"fromAccount\":\"acc-1\",\"toIban\":\"DE89370400440532013000\",\"amount\":\"250.00\","
			+ "\"currency\":\"EUR\"}}],\"binding_message\":\"OpenAPI\"}";

	private static final String DETAILS = "[{\"type\":\"payments.transfer\",\"parameters\":{\"fromAccount\":\"acc-1\","
			+ "\"toIban\":\"DE89370400440532013000\",\"amount\":\"250.00\",\"currency\":\"EUR\"}}]";

	private static final Pattern INBOX_LINK = Pattern.compile("href=\"/approve/([A-Za-z0-9_-]+)\"");

	private static ECKey resourceKey;

	@Autowired
	UserDetailsManager users;

	@Autowired
	JdbcTemplate jdbc;

	private JsonNode document;

	private final Set<String> reached = new TreeSet<>();

	@BeforeAll
	static void publishResourceKeys() throws Exception {
		resourceKey = new ECKeyGenerator(Curve.P_256).keyID("openapi-resource").generate();
		RESOURCE_METADATA.respondWith("/.well-known/oauth-protected-resource",
				"{\"resource\":\"" + DEMO_API + "\",\"txn_challenge_jwks_uri\":\""
						+ RESOURCE_METADATA.url("/.well-known/txn-challenge-jwks")
						+ "\",\"txn_challenge_signing_alg_values_supported\":[\"ES256\"]}");
		RESOURCE_METADATA.respondWith("/.well-known/txn-challenge-jwks",
				new JWKSet(resourceKey.toPublicJWK()).toString());
	}

	@Test
	void documentWhenEveryOperationIsCalledThenEveryDocumentedAnswerIsReachedAndValid() throws Exception {
		HttpResponse<String> served = this.http.get("/openapi.yaml");
		assertThat(served.statusCode()).isEqualTo(200);
		assertThat(served.body()).isEqualTo(Files.readString(Path.of("..", "docs", "openapi.yaml")));
		this.document = YAMLMapper.builder().build().readTree(served.body());
		// the check can fail: an answer without the documented members does not pass
		assertThat(errors("#/paths/~1approvals/post", "201", "application/json",
				TestHttp.JSON.readTree("{\"approval_id\":1}")))
			.isNotEmpty();

		String user = TestUsers.create(this.users, "openapi");
		ApprovalClient client = new ApprovalClient(this.http,
				CodeFlow.accessToken(new TestHttp(ISSUER), user, TestUsers.PASSWORD));
		approvals(user, client);
		ciba();
		transactionAuthorization();
		inbox(user);
		audit();
		check("authorizationDetailsTypes", this.http.get("/authorization-details-types"));

		Set<String> documented = new TreeSet<>();
		this.document.get("paths")
			.forEach((path) -> path.forEach((operation) -> operation.get("responses")
				.propertyNames()
				.forEach((status) -> documented.add(operation.get("operationId").asString() + " " + status))));
		assertThat(this.reached).as("documented answers reached").containsExactlyElementsOf(documented);
	}

	private void approvals(String user, ApprovalClient client) {
		HttpResponse<String> created = check("askApproval", client.create(TRANSFER));
		String id = TestHttp.json(created).get("approval_id").asString();
		String userCode = TestHttp.json(created).get("user_code").asString();
		check("askApproval", client.create("{\"authorization_details\":[{\"type\":\"no.such.type\"}]}"));
		check("askApproval", this.http.post("/approvals", "application/json", TRANSFER));
		check("approvalStatus", client.status(id));
		check("approvalStatus", client.status("no-such-approval"));
		check("approvalToken", client.mint(id));
		check("approvalToken", client.mint("no-such-approval"));
		ApprovalPage.signIn(ISSUER, user, TestUsers.PASSWORD).approve(id, userCode);
		rewindPoll(id);
		HttpResponse<String> minted = check("approvalToken", client.mint(id));
		String jti = SignedJwt.claims(TestHttp.json(minted).get("action_token").asString()).get("jti").asString();
		String consumer = clientCredentialsToken("demo-api", "demo-api-secret", "approvals.consume");
		check("consumeActionToken", this.http.post("/approvals/consume", "application/json",
				"{\"jti\":\"" + jti + "\"}", "Authorization", "Bearer " + consumer));
		check("consumeActionToken", this.http.post("/approvals/consume", "application/json", "{\"jti\":\"x\"}"));
		check("consumeActionToken", this.http.post("/approvals/consume", "application/json", "{\"jti\":\"x\"}",
				"Authorization", "Bearer " + clientCredentialsToken("demo-client", "demo-secret", "accounts.read")));
		check("reportRejection",
				this.http.post("/approvals/rejections", "application/json",
						"{\"jti\":\"" + jti + "\",\"check\":\"parameters\",\"description\":\"another amount\"}",
						"Authorization", "Bearer " + consumer));
		check("reportRejection", this.http.post("/approvals/rejections", "application/json", "{\"jti\":\"x\"}",
				"Authorization", "Bearer " + consumer));
		check("reportRejection",
				this.http.post("/approvals/rejections", "application/json",
						"{\"jti\":\"x\",\"check\":\"jti\",\"description\":\"used\"}", "Authorization",
						"Bearer " + clientCredentialsToken("demo-client", "demo-secret", "accounts.read")));
		// the user's limit (3 pending in these tests): three more wait, the next is
		// refused
		client.create(TRANSFER);
		client.create(TRANSFER);
		client.create(TRANSFER);
		check("askApproval", client.create(TRANSFER));
	}

	private void ciba() {
		String user = TestUsers.create(this.users, "openapi-ciba");
		HttpResponse<String> asked = check("backchannelAuthentication", backchannel("demo-agent-secret", user));
		String authReqId = TestHttp.json(asked).get("auth_req_id").asString();
		check("backchannelAuthentication", backchannel("demo-agent-secret", "nobody-" + UUID.randomUUID()));
		check("backchannelAuthentication", backchannel("wrong-secret", user));
		backchannel("demo-agent-secret", user);
		backchannel("demo-agent-secret", user);
		check("backchannelAuthentication", backchannel("demo-agent-secret", user));
		check("cibaGrant", cibaGrant(authReqId));
		String approvalId = this.jdbc.queryForObject(
				"SELECT approval_id FROM backchannel_request WHERE auth_req_id = ?", String.class, authReqId);
		ApprovalPage.signIn(ISSUER, user, TestUsers.PASSWORD)
			.approve(approvalId, TestHttp.json(asked).get("user_code").asString());
		rewindPoll(approvalId);
		check("cibaGrant", cibaGrant(authReqId));
	}

	private void transactionAuthorization() throws Exception {
		String otherUser = TestUsers.create(this.users, "openapi-txn");
		HttpResponse<String> pending = check("transactionAuthorization", present(challenge(otherUser), "demo-secret"));
		check("transactionAuthorization", present("not-a-challenge", "demo-secret"));
		check("transactionAuthorization", present(challenge(otherUser), "wrong-secret"));
		JsonNode answer = TestHttp.json(pending);
		String approvalId = this.jdbc.queryForObject(
				"SELECT approval_id FROM transaction_authorization WHERE transaction_authorization_id = ?",
				String.class, answer.get("transaction_authorization_id").asString());
		ApprovalPage.signIn(ISSUER, otherUser, TestUsers.PASSWORD)
			.approve(approvalId, answer.get("user_code").asString());
		rewindPoll(approvalId);
		check("transactionAuthorization",
				this.http.postForm("/oauth2/transaction-authorization",
						Map.of("transaction_authorization_id", answer.get("transaction_authorization_id").asString()),
						"Authorization", TestHttp.basic("demo-client", "demo-secret")));
	}

	private void inbox(String user) {
		check("inbox", this.http.get("/my/approvals", "Accept", "text/html"));
		HttpResponse<String> inbox = check("inbox",
				ApprovalPage.signIn(ISSUER, user, TestUsers.PASSWORD).http.get("/my/approvals", "Accept", "text/html"));
		Matcher link = INBOX_LINK.matcher(inbox.body());
		assertThat(link.find()).isTrue();
	}

	private void audit() {
		String admin = clientCredentialsToken("demo-admin", "demo-admin-secret", "audit.read");
		check("auditEvents", this.http.get("/audit/events?size=5", "Authorization", "Bearer " + admin));
		check("auditEvents", this.http.get("/audit/events?colour=red", "Authorization", "Bearer " + admin));
		check("auditEvents", this.http.get("/audit/events"));
		check("auditEvents", this.http.get("/audit/events", "Authorization",
				"Bearer " + clientCredentialsToken("demo-client", "demo-secret", "accounts.read")));
		check("auditVerification", this.http.get("/audit/verification", "Authorization", "Bearer " + admin));
		check("auditVerification", this.http.get("/audit/verification"));
		String exporter = clientCredentialsToken("demo-admin", "demo-admin-secret", "audit.export");
		HttpResponse<String> export = check("auditExport",
				this.http.get("/audit/export", "Authorization", "Bearer " + exporter));
		assertThat(export.body().lines().findFirst().orElse("")).contains("countersign-audit-export/1");
		check("auditExport", this.http.get("/audit/export?to=999999999", "Authorization", "Bearer " + exporter));
		check("auditExport", this.http.get("/audit/export"));
		check("auditExport", this.http.get("/audit/export", "Authorization", "Bearer " + admin));
	}

	private HttpResponse<String> backchannel(String secret, String user) {
		return this.http.postForm(
				"/oauth2/backchannel-authentication", Map.of("scope", "openid", "login_hint", user, "binding_message",
						"OpenAPI", "authorization_details", DETAILS),
				"Authorization", TestHttp.basic("demo-agent", secret));
	}

	private HttpResponse<String> cibaGrant(String authReqId) {
		return this.http.postForm("/oauth2/token",
				Map.of("grant_type", "urn:openid:params:grant-type:ciba", "auth_req_id", authReqId), "Authorization",
				TestHttp.basic("demo-agent", "demo-agent-secret"));
	}

	private HttpResponse<String> present(String challenge, String secret) {
		return this.http.postForm("/oauth2/transaction-authorization", Map.of("transaction_challenge", challenge),
				"Authorization", TestHttp.basic("demo-client", secret));
	}

	private static String challenge(String user) throws Exception {
		Instant now = Instant.now();
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("txn-authz-challenge+jwt"))
					.keyID(resourceKey.getKeyID())
					.build(),
				new JWTClaimsSet.Builder().issuer(DEMO_API)
					.audience(ISSUER)
					.issueTime(Date.from(now))
					.expirationTime(Date.from(now.plusSeconds(300)))
					.jwtID(UUID.randomUUID().toString())
					.claim("txn", UUID.randomUUID().toString())
					.claim("reason", "Approval is required for this call")
					.subject(user)
					.claim("authorization_details",
							List.of(Map.of("type", "payments.transfer", "parameters",
									Map.of("fromAccount", "acc-1", "toIban", "DE89370400440532013000", "amount",
											"250.00", "currency", "EUR"))))
					.build());
		jwt.sign(new ECDSASigner(resourceKey));
		return jwt.serialize();
	}

	private void rewindPoll(String approvalId) {
		this.jdbc.update("UPDATE action_approval SET last_polled_at = now() - interval '1 minute' WHERE id = ?",
				approvalId);
	}

	/**
	 * Checks one answer against the document and counts its status as reached.
	 * @param operationId the operation
	 * @param response the answer
	 * @return the answer
	 */
	private HttpResponse<String> check(String operationId, HttpResponse<String> response) {
		String status = Integer.toString(response.statusCode());
		String path = null;
		JsonNode operation = null;
		for (Map.Entry<String, JsonNode> entry : this.document.get("paths").properties()) {
			for (Map.Entry<String, JsonNode> method : entry.getValue().properties()) {
				if (operationId.equals(method.getValue().path("operationId").asString(""))) {
					path = "#/paths/" + entry.getKey().replace("~", "~0").replace("/", "~1") + "/" + method.getKey();
					operation = method.getValue();
				}
			}
		}
		assertThat(operation).as("operation " + operationId).isNotNull();
		JsonNode answer = operation.get("responses").get(status);
		assertThat(answer).as(operationId + " answered " + status + ", which is not documented: " + response.body())
			.isNotNull();
		JsonNode content = answer.get("content");
		if (content != null) {
			String mediaType = response.headers().firstValue("Content-Type").orElse("").split(";")[0].strip()
				.toLowerCase(java.util.Locale.ROOT);
			assertThat(content.has(mediaType)).as(operationId + " " + status + " answered " + mediaType).isTrue();
			if (mediaType.endsWith("json") && !mediaType.endsWith("ndjson")) {
				assertThat(errors(path, status, mediaType, TestHttp.json(response)))
					.as(operationId + " " + status + ": " + response.body())
					.isEmpty();
			}
		}
		this.reached.add(operationId + " " + status);
		return response;
	}

	private List<Error> errors(String operationPath, String status, String mediaType, JsonNode body) {
		String pointer = operationPath + "/responses/" + status + "/content/" + mediaType.replace("/", "~1")
				+ "/schema";
		ObjectNode schema = ((ObjectNode) this.document.deepCopy()).put("$ref", pointer);
		Schema validator = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema);
		return validator.validate(body);
	}

	/**
	 * Reads a JWT's claims without verifying it: the server just issued it.
	 */
	private static final class SignedJwt {

		static JsonNode claims(String jwt) {
			return TestHttp.JSON.readTree(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
		}

	}

}
