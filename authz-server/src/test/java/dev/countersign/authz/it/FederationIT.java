package dev.countersign.authz.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcOperations;
import tools.jackson.databind.JsonNode;

import dev.countersign.test.ApprovalClient;
import dev.countersign.test.CodeFlow;
import dev.countersign.test.FreePorts;
import dev.countersign.test.TestDatabase;
import dev.countersign.test.TestHttp;
import dev.countersign.testidp.TestIdentityProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Beside an existing identity provider (a real second OpenID provider on 127.0.0.1): its
 * users' access tokens are base tokens at the approval endpoints, its subjects are kept
 * apart from this server's, and every token it did not issue for this purpose is refused,
 * naming the check; an issuer that does not answer gets {@code 503} in bounded time.
 * Nothing is stored for a refused call.
 */
class FederationIT {

	private static final String DEMO_API = "http://localhost:8080";

	private static TestIdentityProvider idp;

	private static ServerSocket slowIssuer;

	private static int downPort;

	private static RunningServer server;

	private static JdbcOperations jdbc;

	@BeforeAll
	static void start() throws IOException {
		idp = TestIdentityProvider.start("http://127.0.0.1:1/unused");
		slowIssuer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		downPort = FreePorts.next();
		String issuers = "--countersign.federation.issuers.";
		server = RunningServer.start("demo,it", "--spring.datasource.url=" + TestDatabase.createDatabase(),
				issuers + "idp.issuer-uri=" + idp.issuer(),
				issuers + "idp.authorization-details-types=payments.transfer,records.read",
				issuers + "down.issuer-uri=http://127.0.0.1:" + downPort,
				issuers + "slow.issuer-uri=http://127.0.0.1:" + slowIssuer.getLocalPort(),
				"--countersign.federation.read-timeout=1s", "--countersign.federation.connect-timeout=1s");
		jdbc = server.bean(JdbcOperations.class);
	}

	@AfterAll
	static void stop() throws IOException {
		server.close();
		idp.close();
		slowIssuer.close();
	}

	@Test
	void cibaWhenLoginHintNamesASubjectOfTheTrustedIssuerThenItsApprovalIsThatSubjectsAtThatIssuer() {
		HttpResponse<String> asked = server.http()
			.postForm("/oauth2/backchannel-authentication", java.util.Map.of("scope", "openid", "login_hint",
					idp.issuer() + "#alice", "binding_message", "Agent transfer", "authorization_details",
					"[{\"type\":\"payments.transfer\",\"parameters\":{\"fromAccount\":\"acc-1\","
							+ "\"toIban\":\"DE89370400440532013000\",\"amount\":\"250.00\",\"currency\":\"EUR\"}}]"),
					"Authorization", TestHttp.basic("demo-agent", "demo-agent-secret"));

		assertThat(asked.statusCode()).as(asked.body()).isEqualTo(200);
		String authReqId = TestHttp.json(asked).get("auth_req_id").asString();
		assertThat(jdbc.queryForList(
				"SELECT a.subject || ' ' || a.subject_issuer FROM action_approval a "
						+ "JOIN backchannel_request b ON b.approval_id = a.id WHERE b.auth_req_id = ?",
				String.class, authReqId))
			.containsExactly("alice " + idp.issuer());
	}

	@Test
	void createWhenTheIdentityProvidersTokenThenItsSubjectAsksAndIsKeptApartFromLocalAlice() {
		ApprovalClient federated = new ApprovalClient(server.http(), idp.accessToken("alice", "idp-client", DEMO_API));

		HttpResponse<String> created = federated.create(ApprovalClient.TRANSFER);

		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String id = TestHttp.json(created).get("approval_id").asString();
		assertThat(jdbc.queryForList(
				"SELECT subject || ' ' || subject_issuer || ' ' || client_id FROM action_approval " + "WHERE id = ?",
				String.class, id))
			.containsExactly("alice " + idp.issuer() + " idp-client");
		assertThat(jdbc.queryForList("SELECT subject FROM audit_event WHERE approval_id = ?", String.class, id))
			.containsExactly(idp.issuer() + "#alice");
		assertThat(TestHttp.json(federated.status(id)).get("status").asString()).isEqualTo("pending");
		ApprovalClient localAlice = new ApprovalClient(server.http(),
				CodeFlow.accessToken(server.http(), "alice", "alice-password"));
		assertThat(localAlice.status(id).statusCode()).isEqualTo(404);
		assertThat(localAlice.mint(id).statusCode()).isEqualTo(404);
	}

	@Test
	void mintWhenApprovedThenActionTokenBoundToTheIdentityProvidersSubjectAndClient() throws Exception {
		String baseToken = idp.accessToken("alice", "idp-client", DEMO_API);
		ApprovalClient federated = new ApprovalClient(server.http(), baseToken);
		String id = TestHttp.json(federated.create(ApprovalClient.TRANSFER)).get("approval_id").asString();
		jdbc.update("UPDATE action_approval SET status = 'approved', decided_at = now(), decided_by = 'alice' "
				+ "WHERE id = ?", id);

		HttpResponse<String> minted = federated.mint(id);

		assertThat(minted.statusCode()).as(minted.body()).isEqualTo(200);
		JWTClaimsSet claims = SignedJWT.parse(TestHttp.json(minted).get("action_token").asString()).getJWTClaimsSet();
		assertThat(claims.getIssuer()).isEqualTo(server.baseUrl);
		assertThat(claims.getSubject()).isEqualTo("alice");
		assertThat(claims.getStringClaim("client_id")).isEqualTo("idp-client");
		assertThat(claims.getStringClaim("ath")).isEqualTo(dev.countersign.core.AccessTokenHash.of(baseToken));
		assertThat(claims.getAudience()).containsExactly(DEMO_API);
	}

	@Test
	void createWhenTokenOfAnUntrustedIssuerThenInvalidTokenNamingIt() {
		String token = idp.sign(new JWTClaimsSet.Builder(claims("alice")).issuer("https://untrusted.example"),
				"at+jwt");

		HttpResponse<String> response = assertRefused(token, 401, "invalid_token");

		assertThat(description(response)).startsWith(
				"the bearer token was not issued by this server or an issuer it trusts (iss https://untrusted.example)");
	}

	@Test
	void createWhenWrongAudienceExpiredIdTokenOrUnknownKeyThenInvalidTokenNamingTheCheck() {
		Instant past = Instant.now().minus(Duration.ofHours(1));
		assertThat(description(assertRefused(idp.sign(idp.claims("alice", Instant.now(), Instant.now().plusSeconds(300))
			.audience("https://other.example")
			.claim("client_id", "idp-client"), "at+jwt"), 401, "invalid_token"))).startsWith("aud: ");
		assertThat(description(assertRefused(idp.sign(
				idp.claims("alice", past, past.plusSeconds(300)).audience(DEMO_API).claim("client_id", "idp-client"),
				"at+jwt"), 401, "invalid_token")))
			.contains("expired");
		String idToken = idp.sign(idp.claims("alice", Instant.now(), Instant.now().plusSeconds(300))
			.audience("idp-client")
			.claim("azp", "idp-client")
			.claim("nonce", "n-1"), "JWT");
		assertRefused(idToken, 401, "invalid_token");
		assertThat(description(
				assertRefused(idp.signWithUnknownKey(new JWTClaimsSet.Builder(claims("alice"))), 401, "invalid_token")))
			.contains("signature");
	}

	@Test
	void createWhenTheTokenNamesNoUserOrATypeTheIssuerMayNotAskForThenRefused() {
		String noSubject = idp.sign(new JWTClaimsSet.Builder(claims("alice")).subject(null), "at+jwt");
		assertThat(description(assertRefused(noSubject, 401, "invalid_token")))
			.contains("countersign.federation.issuers.idp.subject-claim");
		String accountsClose = ApprovalClient.TRANSFER.replace(
				"{\"type\":\"payments.transfer\",\"parameters\":{\"fromAccount\":\"acc-1\",\"toIban\":\"DE89370400440532013000\",\"amount\":\"250.00\",\"currency\":\"EUR\"}}",
				"{\"type\":\"accounts.close\",\"parameters\":{\"accountId\":\"acc-1\"}}");
		long before = approvals();
		HttpResponse<String> response = new ApprovalClient(server.http(),
				idp.accessToken("alice", "idp-client", DEMO_API))
			.create(accountsClose);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(ApprovalClient.error(response)).isEqualTo("invalid_authorization_details");
		assertThat(approvals()).isEqualTo(before);
	}

	@Test
	void resourceServerCallsWhenTheIdentityProvidersTokenEvenWithTheScopeThenRefused() {
		String consumeScope = idp.sign(new JWTClaimsSet.Builder(claims("demo-api")).claim("scope", "approvals.consume"),
				"at+jwt");

		HttpResponse<String> consume = server.http()
			.post("/approvals/consume", "application/json", "{\"jti\":\"j-1\"}", "Authorization",
					"Bearer " + consumeScope);

		assertThat(consume.statusCode()).isEqualTo(403);
		assertThat(ApprovalClient.error(consume)).isEqualTo("insufficient_scope");
	}

	@Test
	void createWhenTheIssuerIsDownOrSlowThenTemporarilyUnavailableInBoundedTime() {
		for (int port : List.of(downPort, slowIssuer.getLocalPort())) {
			String token = idp.sign(new JWTClaimsSet.Builder(claims("alice")).issuer("http://127.0.0.1:" + port),
					"at+jwt");
			long start = System.nanoTime();
			HttpResponse<String> response = assertRefused(token, 503, "temporarily_unavailable");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
			assertThat(description(response)).contains("cannot be reached now");
		}
	}

	private static JWTClaimsSet claims(String subject) {
		return idp.claims(subject, Instant.now(), Instant.now().plusSeconds(300))
			.audience(DEMO_API)
			.claim("client_id", "idp-client")
			.build();
	}

	private static HttpResponse<String> assertRefused(String token, int status, String error) {
		long before = approvals();
		HttpResponse<String> response = new ApprovalClient(server.http(), token).create(ApprovalClient.TRANSFER);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(ApprovalClient.error(response)).isEqualTo(error);
		assertThat(approvals()).isEqualTo(before);
		return response;
	}

	private static String description(HttpResponse<String> response) {
		JsonNode body = TestHttp.json(response);
		return body.get("error_description").asString();
	}

	private static long approvals() {
		Long count = jdbc.queryForObject("SELECT count(*) FROM action_approval", Long.class);
		return (count != null) ? count : 0;
	}

}
