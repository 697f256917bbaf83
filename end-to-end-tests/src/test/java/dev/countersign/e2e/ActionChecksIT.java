package dev.countersign.e2e;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import tools.jackson.databind.JsonNode;

import dev.countersign.core.AccessTokenHash;
import dev.countersign.test.ApprovalClient;
import dev.countersign.test.ApprovalPage;
import dev.countersign.test.CodeFlow;
import dev.countersign.test.FreePorts;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every check of the starter's filter, failing once, through the demo API: tokens are
 * real, signed by the authorization server's key; where a check needs a wrong claim, the
 * authorization server's own encoder signs a token with just that claim wrong.
 */
class ActionChecksIT {

	private static final String BODY = "{\"toIban\":\"DE89370400440532013000\",\"amount\":1,\"currency\":\"EUR\"}";

	private static RunningDemo demo;

	private static JwtEncoder encoder;

	private static String base;

	@BeforeAll
	static void start() {
		demo = RunningDemo.get();
		encoder = demo.authorizationServer.getBean(JwtEncoder.class);
		base = CodeFlow.accessToken(new TestHttp(demo.issuer), "alice", "alice-password");
	}

	@Test
	void checkWhenAccessTokenAsActionTokenThenTyp() {
		assertRefused(transfer(base, base), "typ");
	}

	@Test
	void checkWhenSignatureBrokenThenSignature() {
		String token = forged((claims) -> {
		});
		String tampered = token.substring(0, token.length() - 6) + (token.endsWith("AAAAAA") ? "BBBBBB" : "AAAAAA");
		assertRefused(transfer(base, tampered), "signature");
	}

	@Test
	void checkWhenIssuerAudienceOrLifetimeWrongThenNamed() {
		assertRefused(transfer(base, forged((claims) -> claims.issuer("http://evil.example"))), "iss");
		assertRefused(transfer(base, forged((claims) -> claims.audience(List.of("http://other.example")))), "aud");
		assertRefused(transfer(base,
				forged((claims) -> claims.issuedAt(Instant.now().minusSeconds(120))
					.notBefore(Instant.now().minusSeconds(120))
					.expiresAt(Instant.now().minusSeconds(60)))),
				"exp");
		assertRefused(transfer(base, forged((claims) -> claims.notBefore(Instant.now().plusSeconds(60)))), "nbf");
	}

	@Test
	void checkWhenBoundToAnotherUserClientOrBaseTokenThenNamed() {
		assertRefused(transfer(base, forged((claims) -> claims.subject("bob"))), "sub");
		assertRefused(transfer(base, forged((claims) -> claims.claim("client_id", "other-client"))), "client_id");
		String otherBase = CodeFlow.accessToken(new TestHttp(demo.issuer), "alice", "alice-password");
		assertRefused(transfer(otherBase, approved("acc-1", "1")), "ath");
	}

	@Test
	void refusalWhenTokenVerifiedButRequestDiffersThenAuditedAsRejectedAtTheAuthorizationServer() throws Exception {
		String token = approved("acc-1", "1");
		String approvalId = com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("approval_id");
		HttpResponse<String> refused = new TestHttp(demo.apiUrl).post("/accounts/acc-1/transfers", "application/json",
				BODY.replace("\"amount\":1", "\"amount\":2"), "Authorization", "Bearer " + base, "Action-Token", token);
		assertRefused(refused, "parameters");

		org.springframework.jdbc.core.JdbcTemplate jdbc = demo.authorizationServer
			.getBean(org.springframework.jdbc.core.JdbcTemplate.class);
		Instant deadline = Instant.now().plusSeconds(10);
		List<String> rejected;
		do {
			Thread.sleep(50);
			rejected = jdbc.queryForList(
					"SELECT actor || ' ' || outcome FROM audit_event WHERE approval_id = ? " + "AND event = 'rejected'",
					String.class, approvalId);
		}
		while (rejected.isEmpty() && Instant.now().isBefore(deadline));
		assertThat(rejected)
			.containsExactly("demo-api parameters: parameters: parameter 'amount' differs from the approved value");
	}

	@Test
	void checkWhenApprovedForAnotherTypeThenType() {
		ApprovalClient client = new ApprovalClient(new TestHttp(demo.issuer), base);
		HttpResponse<String> asked = client
			.create("{\"authorization_details\":[{\"type\":\"records.read\",\"parameters\":{\"customerId\":42}}]}");
		String id = TestHttp.json(asked).get("approval_id").asString();
		ApprovalPage.signIn(demo.issuer, "alice", "alice-password")
			.approve(id, TestHttp.json(asked).get("user_code").asString());
		String recordsToken = TestHttp.json(client.mint(id)).get("action_token").asString();
		assertRefused(transfer(base, recordsToken), "type");
	}

	@Test
	void checkWhenBodyOutsideApprovedFieldsThenFields() {
		String token = forged(
				(claims) -> claims.claim("authorization_details", List.of(Map.of("type", "payments.transfer",
						"parameters", transferParameters("acc-1", new BigDecimal("1")), "fields", List.of("amount")))));
		assertRefused(transfer(base, token), "fields");
	}

	@Test
	void checkWhenBodyHasRepeatedMemberOrTokenGivenTwiceThenInvalidRequest() {
		String token = approved("acc-1", "1");
		HttpResponse<String> repeated = new TestHttp(demo.apiUrl).post("/accounts/acc-1/transfers", "application/json",
				"{\"toIban\":\"DE89370400440532013000\",\"amount\":1,\"amount\":1000,\"currency\":\"EUR\"}",
				"Authorization", "Bearer " + base, "Action-Token", token);
		assertThat(repeated.statusCode()).isEqualTo(400);
		assertThat(TestHttp.json(repeated).get("error").asString()).isEqualTo("invalid_request");
		HttpResponse<String> twice = new TestHttp(demo.apiUrl).post("/accounts/acc-1/transfers", "application/json",
				BODY, "Authorization", "Bearer " + base, "Action-Token", token, "Action-Token", token);
		assertThat(twice.statusCode()).isEqualTo(400);
		// neither request spent the token
		assertThat(transfer(base, token).statusCode()).isEqualTo(201);
	}

	@Test
	void useWhenTwentyConcurrentAcrossTwoInstancesThenExactlyOne2xx() throws Exception {
		String token = approved("acc-2", "1");
		ExecutorService executor = Executors.newFixedThreadPool(20);
		CountDownLatch go = new CountDownLatch(1);
		try {
			List<Future<HttpResponse<String>>> uses = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				String api = (i % 2 == 0) ? demo.apiUrl : demo.secondApiUrl;
				uses.add(executor.submit(() -> {
					go.await();
					return new TestHttp(api).post("/accounts/acc-2/transfers", "application/json", BODY,
							"Authorization", "Bearer " + base, "Action-Token", token);
				}));
			}
			go.countDown();
			int accepted = 0;
			for (Future<HttpResponse<String>> use : uses) {
				HttpResponse<String> response = use.get();
				if (response.statusCode() / 100 == 2) {
					accepted++;
				}
				else {
					assertThat(response.statusCode()).isEqualTo(403);
				}
			}
			assertThat(accepted).isEqualTo(1);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void useWhenReplayStoreUnreachableThenServiceUnavailableAndNotSpent() {
		int port = FreePorts.next();
		try (ConfigurableApplicationContext cutOff = demo.startApi(port,
				"--countersign.resource.consume.endpoint=http://127.0.0.1:" + FreePorts.next()
						+ "/approvals/consume")) {
			String token = approved("acc-1", "1");
			HttpResponse<String> response = new TestHttp("http://localhost:" + port).post("/accounts/acc-1/transfers",
					"application/json", BODY, "Authorization", "Bearer " + base, "Action-Token", token);
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(TestHttp.json(response).get("error").asString()).isEqualTo("temporarily_unavailable");
			assertThat(transfer(base, token).statusCode()).isEqualTo(201);
		}
	}

	@Test
	void grantWhenDetailAdmitsRequestThenOkElseInsufficientAuthorization() {
		String granted = grantedToken("[{\"type\":\"records.read\",\"parameters\":{\"customerId\":42}},"
				+ "{\"type\":\"orders.update\",\"parameters\":{\"orderId\":{\"in\":[7]}},\"fields\":[\"status\"]}]");
		TestHttp api = new TestHttp(demo.apiUrl);
		assertThat(api.get("/customers/42/records", "Authorization", "Bearer " + granted).statusCode()).isEqualTo(200);
		HttpResponse<String> other = api.get("/customers/43/records", "Authorization", "Bearer " + granted);
		assertThat(other.statusCode()).isEqualTo(403);
		assertThat(TestHttp.json(other).get("error").asString()).isEqualTo("insufficient_authorization");
		assertThat(TestHttp.json(other).get("authorization_details").toString()).contains("records.read", "43");
		HttpResponse<String> plain = api.get("/customers/42/records", "Authorization", "Bearer " + base);
		assertThat(plain.statusCode()).isEqualTo(403);

		assertThat(api
			.patch("/orders/7", "application/json", "{\"status\":\"shipped\"}", "Authorization", "Bearer " + granted)
			.statusCode()).isEqualTo(200);
		HttpResponse<String> outsideFields = api.patch("/orders/7", "application/json", "{\"note\":\"free\"}",
				"Authorization", "Bearer " + granted);
		assertThat(outsideFields.statusCode()).isEqualTo(403);
		assertThat(TestHttp.json(outsideFields).get("error").asString()).isEqualTo("insufficient_authorization");
		assertThat(api
			.patch("/orders/8", "application/json", "{\"status\":\"shipped\"}", "Authorization", "Bearer " + granted)
			.statusCode()).isEqualTo(403);
	}

	@Test
	void grantWhenOperatorsOrAlternativesThenEachAdmitsExactlyItsRequests() {
		TestHttp api = new TestHttp(demo.apiUrl);
		Map<String, List<Integer>> admitted = new LinkedHashMap<>();
		admitted.put("{\"customerId\":{\"min\":43}}", List.of(43));
		admitted.put("{\"customerId\":{\"max\":42}}", List.of(42));
		admitted.put("{\"customerId\":{\"in\":[43,\"44\"]}}", List.of(43));
		admitted.forEach((parameters, customers) -> {
			String token = grantedToken("[{\"type\":\"records.read\",\"parameters\":" + parameters + "}]");
			for (int customer : List.of(42, 43)) {
				int status = api.get("/customers/" + customer + "/records", "Authorization", "Bearer " + token)
					.statusCode();
				assertThat(status).as(parameters + " for customer " + customer)
					.isEqualTo(customers.contains(customer) ? 200 : 403);
			}
		});
		// several entries of one type are alternatives: any one admits
		String either = grantedToken("[{\"type\":\"records.read\",\"parameters\":{\"customerId\":42}},"
				+ "{\"type\":\"records.read\",\"parameters\":{\"customerId\":43}}]");
		for (int customer : List.of(42, 43)) {
			assertThat(api.get("/customers/" + customer + "/records", "Authorization", "Bearer " + either).statusCode())
				.isEqualTo(200);
		}
	}

	@Test
	void metricsWhenActionsCheckedThenCountedPerTypeAndOutcome() {
		transfer(base, approved("acc-1", "1"));
		transfer(base, base);
		MeterRegistry registry = demo.api.getBean(MeterRegistry.class);
		assertThat(registry
			.counter("countersign.actions", "type", "payments.transfer", "mode", "jit", "outcome", "accepted")
			.count()).isGreaterThanOrEqualTo(1);
		assertThat(registry
			.counter("countersign.actions", "type", "payments.transfer", "mode", "jit", "outcome",
					"invalid_action_token")
			.count()).isGreaterThanOrEqualTo(1);
		assertThat(registry.find("countersign.action.checks").tag("outcome", "accepted").timer()).isNotNull();
	}

	private static HttpResponse<String> transfer(String baseToken, String actionToken) {
		return new TestHttp(demo.apiUrl).post("/accounts/acc-1/transfers", "application/json", BODY, "Authorization",
				"Bearer " + baseToken, "Action-Token", actionToken);
	}

	private static void assertRefused(HttpResponse<String> response, String check) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
		JsonNode problem = TestHttp.json(response);
		assertThat(problem.get("error").asString()).isEqualTo("invalid_action_token");
		assertThat(problem.get("error_description").asString()).startsWith(check + ":");
		assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_action_token");
	}

	private static String approved(String account, String amount) {
		ApprovalClient client = new ApprovalClient(new TestHttp(demo.issuer), base);
		HttpResponse<String> asked = client.create("{\"authorization_details\":[{\"type\":\"payments.transfer\","
				+ "\"parameters\":{\"fromAccount\":\"" + account + "\",\"toIban\":\"DE89370400440532013000\","
				+ "\"amount\":\"" + amount + "\",\"currency\":\"EUR\"}}]}");
		assertThat(asked.statusCode()).as(asked.body()).isEqualTo(201);
		String id = TestHttp.json(asked).get("approval_id").asString();
		ApprovalPage.signIn(demo.issuer, "alice", "alice-password")
			.approve(id, TestHttp.json(asked).get("user_code").asString());
		return TestHttp.json(client.mint(id)).get("action_token").asString();
	}

	private static Map<String, Object> transferParameters(String account, BigDecimal amount) {
		return Map.of("fromAccount", account, "toIban", "DE89370400440532013000", "amount", amount, "currency", "EUR");
	}

	/**
	 * A valid action token for a 1 EUR transfer from acc-1, bound to alice's base token,
	 * with one change, signed by the authorization server's key.
	 */
	private static String forged(Consumer<JwtClaimsSet.Builder> change) {
		Instant now = Instant.now();
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.issuer(demo.issuer)
			.subject("alice")
			.audience(List.of("http://localhost:8080"))
			.issuedAt(now)
			.notBefore(now)
			.expiresAt(now.plusSeconds(60))
			.id(java.util.UUID.randomUUID().toString())
			.claim("client_id", "demo-client")
			.claim("ath", AccessTokenHash.of(base))
			.claim("approval_id", "forged")
			.claim("authorization_details", List
				.of(Map.of("type", "payments.transfer", "parameters", transferParameters("acc-1", BigDecimal.ONE))));
		change.accept(claims);
		return encoder
			.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).type("action+jwt").build(),
					claims.build()))
			.getTokenValue();
	}

	private static String grantedToken(String details) {
		return demo.grantedToken(details);
	}

}
