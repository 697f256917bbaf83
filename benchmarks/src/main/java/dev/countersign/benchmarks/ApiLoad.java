package dev.countersign.benchmarks;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

import dev.countersign.authz.CountersignAuthorizationServer;
import dev.countersign.core.AccessTokenHash;
import dev.countersign.demo.DemoApiApplication;
import dev.countersign.test.CodeFlow;
import dev.countersign.test.FreePorts;
import dev.countersign.test.TestHttp;

/**
 * Loopback load on the demo API, bounded and on 127.0.0.1 only: the {@code jit} route
 * {@code POST /accounts/acc-1/transfers} with pre-minted action tokens (signed with the
 * authorization server's own key, one per request) beside {@code GET /accounts} (plain
 * bearer), measured in the same run for each replay store: in-memory, Redis
 * (127.0.0.1:6379), JDBC (the authorization server's PostgreSQL) and the authorization
 * server's consume endpoint; and once with the starter switched off, to tell the route's
 * own cost from the starter's. {@code LOAD_REQUESTS} requests per route (default 2000),
 * {@code LOAD_THREADS} workers (default 4).
 */
public final class ApiLoad {

	private static final String DETAIL = "{\"type\":\"payments.transfer\",\"parameters\":{\"amount\":0.01,"
			+ "\"currency\":\"EUR\",\"fromAccount\":\"acc-1\",\"toIban\":\"DE89370400440532013000\"}}";

	private static final String TRANSFER = "{\"toIban\":\"DE89370400440532013000\",\"amount\":0.01,\"currency\":\"EUR\"}";

	private ApiLoad() {
	}

	public static void main(String[] args) throws Exception {
		int requests = Integer.parseInt(System.getenv().getOrDefault("LOAD_REQUESTS", "2000"));
		int threads = Integer.parseInt(System.getenv().getOrDefault("LOAD_THREADS", "4"));
		int authzPort = FreePorts.next();
		String issuer = "http://localhost:" + authzPort;
		Path data = Files.createTempDirectory("countersign-api-load-");
		try (ConfigurableApplicationContext authz = new SpringApplicationBuilder(CountersignAuthorizationServer.class)
			.profiles("demo")
			.run("--server.port=" + authzPort, "--spring.security.oauth2.authorizationserver.issuer=" + issuer,
					"--countersign.embedded-database.data-directory=" + data.resolve("postgres"),
					"--countersign.resource.enabled=false", "--logging.level.root=WARN")) {
			String base = CodeFlow.accessToken(new TestHttp(issuer), "alice", "alice-password");
			JwtEncoder encoder = authz.getBean(JwtEncoder.class);
			String databaseUrl = ((HikariDataSource) authz.getBean(DataSource.class)).getJdbcUrl();
			new ResourceDatabasePopulator(
					new ClassPathResource("dev/countersign/resource/replay/countersign-replay-schema-postgresql.sql"))
				.execute(authz.getBean(DataSource.class));

			StringBuilder report = new StringBuilder(
					"| replay store | GET /accounts req/s | jit POST /transfers req/s | "
							+ "ratio jit / plain | jit p50 ms | jit p95 ms |\n|---|---|---|---|---|---|\n");
			// the first pass only warms the JVMs (JIT compilation) and is not reported
			List<String> stores = new ArrayList<>(List.of("warm-up"));
			stores.addAll(List.of(System.getenv()
				.getOrDefault("LOAD_STORES", "starter off,in-memory,redis,jdbc,authorization-server")
				.split(",")));
			for (String store : stores) {
				boolean warmUp = store.equals("warm-up");
				boolean off = store.equals("starter off");
				List<String> extra = new ArrayList<>(off ? List.of("--countersign.resource.enabled=false")
						: List.of("--countersign.resource.replay-store=" + (warmUp ? "in-memory" : store)));
				if (store.equals("jdbc")) {
					extra.add("--spring.datasource.url=" + databaseUrl);
					extra.add(
							"--spring.autoconfigure.exclude=org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration");
				}
				else {
					extra.add(
							"--spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
									+ "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration");
				}
				if (store.equals("redis")) {
					extra.add("--spring.data.redis.host=127.0.0.1");
					extra.add("--spring.data.redis.timeout=2s");
				}
				int apiPort = FreePorts.next();
				List<String> arguments = new ArrayList<>(List.of("--server.port=" + apiPort,
						"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer,
						"--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + issuer + "/oauth2/jwks",
						"--logging.level.root=WARN"));
				arguments.addAll(extra);
				try (ConfigurableApplicationContext api = new SpringApplicationBuilder(DemoApiApplication.class)
					.properties(DemoApiApplication.CONFIG_NAME)
					.run(arguments.toArray(String[]::new))) {
					String apiUrl = "http://localhost:" + apiPort;
					int warmup = Math.max(100, requests / 10);
					int rounds = warmUp ? 1 : 2;
					ConcurrentLinkedQueue<String> tokens = new ConcurrentLinkedQueue<>();
					List<String> jtis = new ArrayList<>();
					for (int i = 0; i < warmup + rounds * requests; i++) {
						String jti = UUID.randomUUID().toString();
						jtis.add(jti);
						tokens.add(actionToken(encoder, issuer, base, jti));
					}
					if (store.equals("authorization-server")) {
						// the consume endpoint accepts only jtis it issued: record these
						// as issued approvals
						recordIssued(authz.getBean(JdbcTemplate.class), base, jtis);
					}
					run(threads, warmup, () -> accounts(apiUrl, base));
					run(threads, warmup, () -> transfer(apiUrl, base, tokens.poll()));
					if (warmUp) {
						run(threads, requests, () -> accounts(apiUrl, base));
						run(threads, requests, () -> transfer(apiUrl, base, tokens.poll()));
						continue;
					}
					// plain, jit, plain, jit: drift of the machine during the run cancels
					// out
					Result plain = run(threads, requests, () -> accounts(apiUrl, base));
					Result jit = run(threads, requests, () -> transfer(apiUrl, base, tokens.poll()));
					plain = plain.and(run(threads, requests, () -> accounts(apiUrl, base)));
					jit = jit.and(run(threads, requests, () -> transfer(apiUrl, base, tokens.poll())));
					report.append(String.format("| %s | %.0f | %.0f | %.2f | %.1f | %.1f |%n", store, plain.perSecond(),
							jit.perSecond(), jit.perSecond() / plain.perSecond(), jit.quantile(0.5),
							jit.quantile(0.95)));
				}
			}
			System.out.println();
			System.out.println(report);
			Path out = Path.of("target", "api-load-results.md");
			Files.createDirectories(out.getParent());
			Files.writeString(out, report.toString());
		}
	}

	private static void recordIssued(JdbcTemplate jdbc, String base, List<String> jtis) {
		Timestamp now = Timestamp.from(Instant.now());
		Timestamp later = Timestamp.from(Instant.now().plusSeconds(600));
		jdbc.batchUpdate(
				"INSERT INTO action_approval (id, client_id, subject, action_type, resource, authorization_detail, "
						+ "base_token_hash, user_code, status, created_at, expires_at, token_jti, token_issued_at, token_expires_at) "
						+ "VALUES (?, 'demo-client', 'alice', 'payments.transfer', 'http://localhost:8080', '" + DETAIL
						+ "', ?, '42', 'issued', " + "?, ?, ?, ?, ?)",
				jtis, 500, (ps, jti) -> {
					ps.setString(1, "bench-" + jti);
					ps.setString(2, AccessTokenHash.of(base));
					ps.setTimestamp(3, now);
					ps.setTimestamp(4, later);
					ps.setString(5, jti);
					ps.setTimestamp(6, now);
					ps.setTimestamp(7, later);
				});
	}

	private static String actionToken(JwtEncoder encoder, String issuer, String base, String jti) {
		Instant now = Instant.now();
		return encoder
			.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).type("action+jwt").build(),
					JwtClaimsSet.builder()
						.issuer(issuer)
						.subject("alice")
						.audience(List.of("http://localhost:8080"))
						.issuedAt(now)
						.notBefore(now)
						.expiresAt(now.plusSeconds(600))
						.id(jti)
						.claim("client_id", "demo-client")
						.claim("ath", AccessTokenHash.of(base))
						.claim("approval_id", "bench-" + jti)
						.claim("authorization_details",
								List.of(Map.of("type", "payments.transfer", "parameters",
										Map.of("fromAccount", "acc-1", "toIban", "DE89370400440532013000", "amount",
												new BigDecimal("0.01"), "currency", "EUR"))))
						.build()))
			.getTokenValue();
	}

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private static long accounts(String api, String base) throws Exception {
		long start = System.nanoTime();
		HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/accounts"))
			.header("Authorization", "Bearer " + base)
			.timeout(Duration.ofSeconds(30))
			.build(), HttpResponse.BodyHandlers.discarding());
		expect(response.statusCode(), 200, "GET /accounts");
		return System.nanoTime() - start;
	}

	private static long transfer(String api, String base, String actionToken) throws Exception {
		long start = System.nanoTime();
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/accounts/acc-1/transfers"))
			.header("Authorization", "Bearer " + base)
			.header("Action-Token", actionToken)
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(TRANSFER))
			.build(), HttpResponse.BodyHandlers.ofString());
		expect(response.statusCode(), 201, "POST /transfers: " + response.body());
		return System.nanoTime() - start;
	}

	private static void expect(int status, int expected, String what) {
		if (status != expected) {
			throw new IllegalStateException(what + " answered " + status);
		}
	}

	private static Result run(int threads, int count, Call call) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			long start = System.nanoTime();
			List<Future<List<Long>>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int share = count / threads + ((t < count % threads) ? 1 : 0);
				futures.add(executor.submit(() -> {
					List<Long> latencies = new ArrayList<>();
					for (int i = 0; i < share; i++) {
						latencies.add(call.run());
					}
					return latencies;
				}));
			}
			List<Long> all = new ArrayList<>();
			for (Future<List<Long>> future : futures) {
				all.addAll(future.get());
			}
			return new Result(all, System.nanoTime() - start);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@FunctionalInterface
	private interface Call {

		long run() throws Exception;

	}

	private record Result(List<Long> latencies, long elapsedNanos) {

		double perSecond() {
			return this.latencies.size() / (this.elapsedNanos / 1e9);
		}

		Result and(Result other) {
			List<Long> all = new ArrayList<>(this.latencies);
			all.addAll(other.latencies);
			return new Result(all, this.elapsedNanos + other.elapsedNanos);
		}

		double quantile(double q) {
			List<Long> sorted = new ArrayList<>(this.latencies);
			sorted.sort(null);
			return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1e6;
		}

	}

}
