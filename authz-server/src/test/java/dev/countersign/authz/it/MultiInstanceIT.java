package dev.countersign.authz.it;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.UserDetailsManager;
import tools.jackson.databind.JsonNode;

import dev.countersign.test.ApprovalClient;
import dev.countersign.test.ApprovalPage;
import dev.countersign.test.CodeFlow;
import dev.countersign.test.FreePorts;
import dev.countersign.test.HaProxy;
import dev.countersign.test.TestDatabase;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two authorization servers on one PostgreSQL behind a real HAProxy on 127.0.0.1, round
 * robin, no stickiness (issue 15, many instances). Sign-in, the approval page and the
 * consent page work whichever instance answers each request (sessions in PostgreSQL);
 * approvals, decisions, mints and consumes driven through both at once end exactly once;
 * the audit chain, sealed by whichever instance holds the sealer, verifies; a key rotated
 * on one instance is published and then used by the other.
 */
class MultiInstanceIT {

	private static final String PASSWORD = "multi-password";

	private static final int WORKERS = 6;

	private static final int FLOWS_PER_WORKER = 8;

	private static HaProxy balancer;

	private static RunningServer first;

	private static RunningServer second;

	private static String issuer;

	private static JdbcTemplate jdbc;

	@BeforeAll
	static void start() {
		String database = TestDatabase.createDatabase();
		jdbc = new JdbcTemplate(new DriverManagerDataSource(database));
		int balancerPort = FreePorts.next();
		int firstPort = FreePorts.next();
		int secondPort = FreePorts.next();
		issuer = "http://localhost:" + balancerPort;
		List<String> common = List.of("--spring.datasource.url=" + database,
				"--spring.security.oauth2.authorizationserver.issuer=" + issuer,
				"--countersign.approvals.max-pending-per-subject=100",
				"--countersign.approvals.max-requests-per-window=1000",
				// a new key is published by both before either signs with it
				"--countersign.keys.refresh-interval=1s", "--countersign.keys.activation-delay=3s");
		// one after the other: the first migrates and seeds the demo data, the second
		// finds it
		first = RunningServer.start("demo,it", with(common, "--server.port=" + firstPort));
		second = RunningServer.start("demo,it", with(common, "--server.port=" + secondPort));
		balancer = HaProxy.start(balancerPort, List.of(firstPort, secondPort));
		UserDetailsManager users = first.bean(UserDetailsManager.class);
		for (int i = 0; i < WORKERS; i++) {
			users.createUser(User.withUsername("multi-" + i).password("{noop}" + PASSWORD).roles("USER").build());
		}
	}

	@AfterAll
	static void stop() {
		if (balancer != null) {
			balancer.close();
		}
		if (second != null) {
			second.close();
		}
		if (first != null) {
			first.close();
		}
	}

	@Test
	void pagesWhenEveryRequestMayGoToEitherInstanceThenSignInApprovalAndConsentWork() {
		TestHttp http = new TestHttp(issuer);
		Set<String> backends = new HashSet<>();
		String token = CodeFlow.accessToken(http, "multi-0", PASSWORD);
		ApprovalClient client = new ApprovalClient(http, token);
		JsonNode created = client.createTransfer();
		String id = created.get("approval_id").asString();

		ApprovalPage page = ApprovalPage.signIn(issuer, "multi-0", PASSWORD);
		for (int i = 0; i < 4; i++) {
			HttpResponse<String> shown = page.open(id);
			assertThat(shown.statusCode()).as(shown.body()).isEqualTo(200);
			backends.add(backend(shown));
		}
		// the CSRF token of a page one instance rendered, posted to whichever answers
		HttpResponse<String> picked = page.pick(id, created.get("user_code").asString());
		assertThat(picked.statusCode()).as(picked.body()).isEqualTo(302);
		HttpResponse<String> decided = page.decide(id, "approve");
		assertThat(decided.statusCode()).as(decided.body()).isEqualTo(302);
		backends.add(backend(picked));
		backends.add(backend(decided));
		HttpResponse<String> minted = client.mint(id);
		assertThat(minted.statusCode()).as(minted.body()).isEqualTo(200);

		assertThat(backends).as("round robin reached both instances").containsExactlyInAnyOrder("b1", "b2");
	}

	@Test
	void approvalsWhenDrivenThroughBothInstancesAtOnceThenEachEndsExactlyOnce() throws Exception {
		String api = new TestHttp(issuer).clientCredentialsToken("demo-api", "demo-api-secret", "approvals.consume");
		List<Callable<List<String>>> workers = new ArrayList<>();
		for (int w = 0; w < WORKERS; w++) {
			String user = "multi-" + w;
			workers.add(() -> flows(user, api));
		}
		List<String> approvals = new ArrayList<>();
		ExecutorService executor = Executors.newFixedThreadPool(WORKERS);
		try {
			for (Future<List<String>> future : executor.invokeAll(workers)) {
				approvals.addAll(future.get());
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(approvals).hasSize(WORKERS * FLOWS_PER_WORKER).doesNotHaveDuplicates();

		for (String event : List.of("requested", "approved", "issued", "consumed")) {
			assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE event = ? AND approval_id = ANY (?)",
					Long.class, event, approvals.toArray(String[]::new)))
				.as(event)
				.isEqualTo((long) approvals.size());
		}
		assertThat(jdbc.queryForObject(
				"SELECT count(*) FROM audit_event WHERE event = 'replay-refused' " + "AND approval_id = ANY (?)",
				Long.class, (Object) approvals.toArray(String[]::new)))
			.isEqualTo(3L * approvals.size());
		assertThat(jdbc.queryForObject(
				"SELECT count(*) FROM action_approval WHERE (status <> 'issued' OR consumed_at IS NULL) AND id = ANY (?)",
				Long.class, (Object) approvals.toArray(String[]::new)))
			.isZero();

		String admin = new TestHttp(issuer).clientCredentialsToken("demo-admin", "demo-admin-secret", "audit.read");
		JsonNode verification = sealed(admin);
		assertThat(verification.get("valid").asBoolean()).as(verification.toString()).isTrue();
		assertThat(verification.get("unsealed").asLong()).isZero();
		assertThat(verification.get("events").asLong()).isGreaterThanOrEqualTo(4L * approvals.size());
		assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event", Long.class))
			.isEqualTo(jdbc.queryForObject("SELECT count(*) FROM audit_seal", Long.class));
	}

	@Test
	void keyWhenRotatedOnOneInstanceThenTheOtherPublishesAndSignsWithIt() throws Exception {
		TestHttp direct = first.http();
		String keys = direct.clientCredentialsToken("demo-admin", "demo-admin-secret", "keys.manage");
		HttpResponse<String> rotated = direct.post("/admin/signing-keys/rotation", "application/json", "",
				"Authorization", "Bearer " + keys);
		assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(201);
		String kid = TestHttp.json(rotated).get("kid").asString();

		TestHttp other = second.http();
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!published(other).contains(kid) && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		assertThat(published(other)).as("the other instance publishes the new key").contains(kid);
		String signedBy = null;
		while (System.nanoTime() < deadline) {
			signedBy = TestTokens.parse(other.clientCredentialsToken("demo-client", "demo-secret", "accounts.read"))
				.getHeader()
				.getKeyID();
			if (kid.equals(signedBy)) {
				break;
			}
		}
		assertThat(signedBy).as("the other instance signs with it once active").isEqualTo(kid);
		String token = other.clientCredentialsToken("demo-client", "demo-secret", "accounts.read");
		assertThat(TestTokens.verify(token, direct.get("/oauth2/jwks").body(), "at+jwt").getSubject())
			.isEqualTo("demo-client");
	}

	/**
	 * One user's approvals, each driven through the balancer, its token consumed four
	 * times at once on the two instances directly, and a second mint raced on both.
	 */
	private static List<String> flows(String user, String api) throws Exception {
		TestHttp http = new TestHttp(issuer);
		ApprovalClient client = new ApprovalClient(http, CodeFlow.accessToken(http, user, PASSWORD));
		ApprovalPage page = ApprovalPage.signIn(issuer, user, PASSWORD);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < FLOWS_PER_WORKER; i++) {
			JsonNode created = client.createTransfer();
			String id = created.get("approval_id").asString();
			page.approve(id, created.get("user_code").asString());
			HttpResponse<String> minted = client.mint(id);
			assertThat(minted.statusCode()).as(minted.body()).isEqualTo(200);
			String jti = TestTokens.parse(TestHttp.json(minted).get("action_token").asString())
				.getJWTClaimsSet()
				.getJWTID();
			List<HttpResponse<String>> consumes = new ArrayList<>();
			List<Thread> threads = new ArrayList<>();
			for (RunningServer instance : List.of(first, second, first, second)) {
				Thread thread = new Thread(() -> {
					HttpResponse<String> response = instance.http()
						.post("/approvals/consume", "application/json", "{\"jti\":\"" + jti + "\"}", "Authorization",
								"Bearer " + api);
					synchronized (consumes) {
						consumes.add(response);
					}
				});
				threads.add(thread);
				thread.start();
			}
			for (Thread thread : threads) {
				thread.join();
			}
			assertThat(consumes).allSatisfy((response) -> assertThat(response.statusCode()).isEqualTo(200));
			assertThat(consumes.stream().filter((r) -> TestHttp.json(r).get("first_use").asBoolean()).count())
				.as("first use of " + jti)
				.isEqualTo(1);
			assertThat(new ApprovalClient(first.http(), client.baseToken).mint(id).statusCode()).isEqualTo(400);
			assertThat(new ApprovalClient(second.http(), client.baseToken).mint(id).statusCode()).isEqualTo(400);
			ids.add(id);
		}
		return ids;
	}

	private static JsonNode sealed(String admin) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		JsonNode verification;
		do {
			verification = TestHttp
				.json(new TestHttp(issuer).get("/audit/verification", "Authorization", "Bearer " + admin));
		}
		while (verification.path("unsealed").asLong(1) > 0 && System.nanoTime() < deadline);
		return verification;
	}

	private static List<String> published(TestHttp http) throws Exception {
		return JWKSet.parse(http.get("/oauth2/jwks").body()).getKeys().stream().map(JWK::getKeyID).toList();
	}

	private static String backend(HttpResponse<String> response) {
		return response.headers().firstValue(HaProxy.BACKEND_HEADER).orElse("none");
	}

	private static String[] with(List<String> common, String... more) {
		List<String> all = new ArrayList<>(common);
		all.addAll(List.of(more));
		return all.toArray(String[]::new);
	}

}
