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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.transaction.support.TransactionTemplate;

import dev.countersign.authz.CountersignAuthorizationServer;
import dev.countersign.authz.keys.JdbcSigningKeyRepository;
import dev.countersign.authz.keys.PrivateKeyEncryptor;
import dev.countersign.authz.keys.SigningKeyJwkSource;
import dev.countersign.authz.keys.SigningKeySettings;
import dev.countersign.authz.keys.SigningKeys;
import dev.countersign.benchmarks.LoadRounds.Load;
import dev.countersign.benchmarks.LoadRounds.Result;
import dev.countersign.core.AccessTokenHash;
import dev.countersign.demo.DemoApiApplication;
import dev.countersign.test.CodeFlow;
import dev.countersign.test.FreePorts;
import dev.countersign.test.TestHttp;

/**
 * Loopback load on the demo API, bounded and on 127.0.0.1 only: the {@code jit} route
 * {@code POST /accounts/acc-1/transfers} with a fresh action token per request (signed
 * with the authorization server's own key, read from its database) and {@code GET
 * /accounts} (plain bearer), on one demo API per replay store (in-memory, Redis on
 * 127.0.0.1:6379, JDBC on the authorization server's PostgreSQL, the authorization
 * server's consume endpoint) and one with the starter off, all running at once and
 * measured in alternating rounds after every load has warmed to a steady rate
 * ({@link LoadRounds}). The authorization server runs in a process of its own on a fresh
 * database of {@code COUNTERSIGN_BENCH_PG} (default the PostgreSQL on 127.0.0.1:5432,
 * with production durability). With {@code API_LOAD_PIN=1} (the default on two or more
 * cores) the machine is split as separate machines would be: this JVM (the APIs and the
 * load driver) on CPU 1; the authorization server, PostgreSQL and Redis on CPU 0.
 * {@code LOAD_REQUESTS} requests per load and round (default 2000), {@code LOAD_THREADS}
 * workers (default 8), {@code LOAD_ROUNDS} rounds (default 5), {@code LOAD_STORES} the
 * stores (comma-separated; {@code redis-jedis} is the Redis store on Spring Data's Jedis
 * client instead of Lettuce).
 */
public final class ApiLoad {

	private static final String DETAIL = "{\"type\":\"payments.transfer\",\"parameters\":{\"amount\":0.01,"
			+ "\"currency\":\"EUR\",\"fromAccount\":\"acc-1\",\"toIban\":\"DE89370400440532013000\"}}";

	private static final String TRANSFER = "{\"toIban\":\"DE89370400440532013000\",\"amount\":0.01,\"currency\":\"EUR\"}";

	private static final String OFF = "starter off";

	private static final String REDIS_JEDIS = "redis-jedis";

	/** The demo profile's encryption key of the signing keys (application-demo.yml). */
	private static final String DEMO_KEY_ENCRYPTION = "ZGVtby1vbmx5LWtleS1ub3QtZm9yLXByb2R1Y3Rpb24=";

	private ApiLoad() {
	}

	public static void main(String[] args) throws Exception {
		int requests = ServerLoad.intEnv("LOAD_REQUESTS", 2000);
		int threads = ServerLoad.intEnv("LOAD_THREADS", 8);
		int rounds = ServerLoad.intEnv("LOAD_ROUNDS", 5);
		List<String> stores = List
			.of(System.getenv().getOrDefault("LOAD_STORES", "in-memory,redis,jdbc,authorization-server").split(","));
		boolean pin = System.getenv()
			.getOrDefault("API_LOAD_PIN", (Runtime.getRuntime().availableProcessors() >= 2) ? "1" : "0")
			.equals("1");
		String admin = System.getenv()
			.getOrDefault("COUNTERSIGN_BENCH_PG", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
		String issuer = "http://localhost:" + FreePorts.next();
		try (Affinity affinity = pin ? Affinity.split() : Affinity.none();
				ServerLoad.Database database = ServerLoad.Database.fresh(admin, "bench_api");
				ChildProcess authz = authorizationServer(issuer, database.url(), affinity.backends());
				HikariDataSource dataSource = dataSource(database.url());
				LoadRounds driver = new LoadRounds(threads)) {
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			new ResourceDatabasePopulator(
					new ClassPathResource("dev/countersign/resource/replay/countersign-replay-schema-postgresql.sql"))
				.execute(dataSource);
			JwtEncoder encoder = encoder(jdbc, dataSource);
			String base = CodeFlow.accessToken(new TestHttp(issuer), "alice", "alice-password");
			List<ConfigurableApplicationContext> apis = new ArrayList<>();
			try {
				Map<String, String> urls = new LinkedHashMap<>();
				for (String store : concat(OFF, stores)) {
					int port = FreePorts.next();
					apis.add(api(store, port, issuer, database.url()));
					urls.put(store, "http://localhost:" + port);
				}
				String unused = actionToken(encoder, issuer, base, UUID.randomUUID().toString());
				Map<String, Queue<String>> tokens = new LinkedHashMap<>();
				stores.forEach((store) -> tokens.put(store, new ConcurrentLinkedQueue<>()));
				// before each round: fresh tokens, the same ones for every store (each
				// store
				// keeps its own record of used jtis), recorded as issued for the consume
				// endpoint
				Runnable mint = () -> {
					List<String> jtis = IntStream.range(0, requests)
						.mapToObj((i) -> UUID.randomUUID().toString())
						.toList();
					List<String> minted = jtis.parallelStream()
						.map((jti) -> actionToken(encoder, issuer, base, jti))
						.toList();
					if (stores.contains("authorization-server")) {
						recordIssued(jdbc, base, jtis);
					}
					tokens.values().forEach((queue) -> {
						queue.clear();
						queue.addAll(minted);
					});
				};
				List<Load> loads = new ArrayList<>();
				loads.add(new Load(OFF + " plain", requests, (w) -> accounts(LoadRounds.get(urls, OFF), base),
						tomcat(urls, OFF)));
				loads.add(new Load(OFF + " jit", requests, (w) -> transfer(LoadRounds.get(urls, OFF), base, unused),
						tomcat(urls, OFF)));
				for (String store : stores) {
					String url = LoadRounds.get(urls, store);
					Queue<String> queue = LoadRounds.get(tokens, store);
					loads.add(new Load(store + " jit", requests, (w) -> transfer(url, base, queue.remove()),
							tomcat(urls, store)));
				}
				loads.add(new Load(stores.get(0) + " plain", requests,
						(w) -> accounts(LoadRounds.get(urls, stores.get(0)), base), tomcat(urls, stores.get(0))));
				Map<String, List<Double>> warmUp = driver.warm(loads, mint);
				Map<String, List<Result>> measured = driver.alternate(loads, rounds, mint);
				List<Result> offJit = LoadRounds.get(measured, OFF + " jit");
				StringBuilder report = new StringBuilder();
				report.append(pin
						? "CPU 1: the demo APIs and the load driver; CPU 0: the authorization server, PostgreSQL, Redis"
						: "all on shared cores")
					.append("; PostgreSQL with production durability; ")
					.append(threads)
					.append(" workers, ")
					.append(requests)
					.append(" requests per load and round, ")
					.append(rounds)
					.append(" alternating rounds; median (min–max) of the rounds; ports ")
					.append(urls)
					.append("\n\n");
				report.append("| load | req/s | / starter-off jit | p50 ms | p95 ms | API threads CPU µs/request | "
						+ "JVM CPU µs/request | serving CPU µs/request | of which JIT compiler | of which GC | "
						+ "requests per vCPU-second | warm-up rounds req/s |\n");
				report.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
				for (Load load : loads) {
					List<Result> results = LoadRounds.get(measured, load.name());
					Result all = Result.all(results);
					report.append(String.format(
							"| %s | %s | %s | %.1f | %.1f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %s |%n",
							load.name(), LoadRounds.spread(LoadRounds.rates(results), "%.0f"),
							LoadRounds.spread(LoadRounds.ratios(results, offJit), "%.2f"), all.millis(0, 0.5),
							all.millis(0, 0.95), all.cpuMicros(true), all.cpuMicros(false), all.servingCpuMicros(),
							all.compilerCpuMicros(), all.gcCpuMicros(), all.perCpuSecond(),
							LoadRounds.warmUp(LoadRounds.get(warmUp, load.name()))));
				}
				System.out.println();
				System.out.println(report);
				Path out = Path.of("target", "api-load-results.md");
				Files.createDirectories(out.getParent());
				Files.writeString(out, report.toString());
			}
			finally {
				apis.forEach(ConfigurableApplicationContext::close);
			}
		}
	}

	// the request threads of one API's Tomcat
	private static String tomcat(Map<String, String> urls, String store) {
		return "http-nio-" + URI.create(LoadRounds.get(urls, store)).getPort() + "-exec-";
	}

	private static List<String> concat(String first, List<String> rest) {
		List<String> all = new ArrayList<>(List.of(first));
		all.addAll(rest);
		return all;
	}

	// the authorization server with demo data, in a process of its own
	private static ChildProcess authorizationServer(String issuer, String databaseUrl, @Nullable String cpus)
			throws Exception {
		TestHttp http = new TestHttp(issuer);
		return ChildProcess.java("authorization-server", cpus,
				List.of("-cp", System.getProperty("java.class.path"), CountersignAuthorizationServer.class.getName(),
						"--spring.profiles.active=demo", "--server.port=" + URI.create(issuer).getPort(),
						"--spring.security.oauth2.authorizationserver.issuer=" + issuer,
						"--countersign.embedded-database.enabled=false", "--spring.datasource.url=" + databaseUrl,
						"--countersign.resource.enabled=false", "--logging.level.root=WARN", ServerLoad.LONG_TOKENS[0],
						ServerLoad.LONG_TOKENS[1]),
				() -> {
					if (http.get("/.well-known/openid-configuration").statusCode() != 200) {
						throw new IllegalStateException("not started yet");
					}
				});
	}

	private static HikariDataSource dataSource(String url) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(url);
		dataSource.setMaximumPoolSize(4);
		return dataSource;
	}

	// an encoder with the authorization server's active signing key, read from its
	// database as every instance of it reads it
	private static JwtEncoder encoder(JdbcTemplate jdbc, DataSource dataSource) {
		SigningKeys keys = new SigningKeys(new JdbcSigningKeyRepository(jdbc),
				new PrivateKeyEncryptor(DEMO_KEY_ENCRYPTION),
				new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
				new SigningKeySettings("RS256", 2048, Duration.ofMinutes(5), Duration.ZERO, Duration.ofDays(1)));
		keys.initialize();
		return new NimbusJwtEncoder(new SigningKeyJwkSource(keys));
	}

	private static ConfigurableApplicationContext api(String store, int port, String issuer, String databaseUrl) {
		List<String> arguments = new ArrayList<>(
				List.of("--server.port=" + port, "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer,
						"--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + issuer + "/oauth2/jwks",
						"--logging.level.root=WARN"));
		if (store.equals(OFF)) {
			arguments.add("--countersign.resource.enabled=false");
		}
		else {
			arguments.add("--countersign.resource.replay-store=" + (store.equals(REDIS_JEDIS) ? "redis" : store));
		}
		if (store.equals("jdbc")) {
			arguments.add("--spring.datasource.url=" + databaseUrl);
			arguments.add(
					"--spring.autoconfigure.exclude=org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration");
		}
		else {
			arguments.add(
					"--spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
							+ "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration");
		}
		if (store.startsWith("redis")) {
			arguments.add("--spring.data.redis.host=127.0.0.1");
			arguments.add("--spring.data.redis.timeout=2s");
		}
		if (store.equals(REDIS_JEDIS)) {
			// the same Redis through Spring Data's Jedis client (blocking, on the request
			// thread), in a database of its own: both Redis APIs see the same tokens
			arguments.add("--spring.data.redis.client-type=jedis");
			arguments.add("--spring.data.redis.database=1");
		}
		SpringApplicationBuilder builder = new SpringApplicationBuilder(DemoApiApplication.class)
			.properties(DemoApiApplication.CONFIG_NAME);
		if (store.equals(OFF)) {
			// what any application accepting RFC 9068 access tokens declares; the starter
			// declares it when on
			builder.initializers((context) -> ((GenericApplicationContext) context).registerBean(JwtTypeValidator.class,
					() -> new JwtTypeValidator("at+jwt")));
		}
		return builder.run(arguments.toArray(String[]::new));
	}

	static void recordIssued(JdbcTemplate jdbc, String base, List<String> jtis) {
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

	private static long[] accounts(String api, String base) throws Exception {
		long start = System.nanoTime();
		HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/accounts"))
			.header("Authorization", "Bearer " + base)
			.timeout(Duration.ofSeconds(30))
			.build(), HttpResponse.BodyHandlers.discarding());
		expect(response.statusCode(), 200,
				"GET /accounts " + response.headers().firstValue("WWW-Authenticate").orElse(""));
		return new long[] { System.nanoTime() - start };
	}

	private static long[] transfer(String api, String base, String actionToken) throws Exception {
		long start = System.nanoTime();
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/accounts/acc-1/transfers"))
			.header("Authorization", "Bearer " + base)
			.header("Action-Token", actionToken)
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(TRANSFER))
			.build(), HttpResponse.BodyHandlers.ofString());
		expect(response.statusCode(), 201, "POST /transfers: " + response.body());
		return new long[] { System.nanoTime() - start };
	}

	private static void expect(int status, int expected, String what) {
		if (status != expected) {
			throw new IllegalStateException(what + " answered " + status);
		}
	}

}
