package dev.countersign.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.UserDetailsManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.countersign.authz.CountersignAuthorizationServer;
import dev.countersign.authz.approval.ActionApprovalService;
import dev.countersign.authz.approval.ApprovalUser;
import dev.countersign.authz.audit.AuditSealer;
import dev.countersign.benchmarks.LoadRounds.Load;
import dev.countersign.benchmarks.LoadRounds.Result;
import dev.countersign.test.CodeFlow;
import dev.countersign.test.FreePorts;
import dev.countersign.test.TestHttp;

/**
 * The authorization server's own paths on a PostgreSQL with production durability
 * ({@code COUNTERSIGN_BENCH_PG}, default the server on 127.0.0.1:5432), each server on a
 * fresh database of its own, all on 127.0.0.1, bounded request counts:
 * <ul>
 * <li>{@code baseline}: Spring Authorization Server's smallest form
 * ({@code SAS_MINIMAL_JAR}, a child process, client credentials) beside Countersign's
 * consume endpoint, the full Just-In-Time flow and Countersign's own client-credentials
 * endpoint, in alternating rounds after each has warmed to a steady rate;</li>
 * <li>{@code growth}: two Countersign servers, one on an empty database and one with
 * {@code GROWTH_ROWS} (default 1,000,000) rows in each of {@code oauth2_authorization},
 * {@code action_approval} and {@code audit_event} (the audit rows sealed into the chain
 * by the server's own sealer): the latencies of create, decide, mint and consume side by
 * side in alternating rounds.</li>
 * </ul>
 */
public final class ServerLoad {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String TRANSFER = "{\"authorization_details\":[{\"type\":\"payments.transfer\",\"parameters\":"
			+ "{\"fromAccount\":\"acc-1\",\"toIban\":\"DE89370400440532013000\",\"amount\":\"250.00\",\"currency\":\"EUR\"}}]}";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	/** Base and consume tokens that outlive a long run. */
	static final String[] LONG_TOKENS = { "--countersign.bootstrap.clients.demo-client.access-token-time-to-live=3h",
			"--countersign.bootstrap.clients.demo-api.access-token-time-to-live=3h" };

	private static final int ROUNDS = intEnv("LOAD_ROUNDS", 5);

	private ServerLoad() {
	}

	public static void main(String[] args) throws Exception {
		String mode = (args.length > 0) ? args[0] : "baseline";
		String admin = System.getenv()
			.getOrDefault("COUNTERSIGN_BENCH_PG", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
		String report = switch (mode) {
			case "baseline" -> baseline(admin);
			case "growth" -> growth(admin);
			default -> throw new IllegalArgumentException("unknown mode " + mode + ": baseline or growth");
		};
		System.out.println();
		System.out.println(report);
		Path out = Path.of("target", mode + "-results.md");
		Files.createDirectories(out.getParent());
		Files.writeString(out, report);
	}

	private static String baseline(String admin) throws Exception {
		int threads = intEnv("LOAD_THREADS", 16);
		int requests = intEnv("LOAD_REQUESTS", 3000);
		int flows = intEnv("LOAD_FLOWS", 300);
		String jar = System.getenv("SAS_MINIMAL_JAR");
		if (jar == null || !Files.isRegularFile(Path.of(jar))) {
			throw new IllegalStateException("SAS_MINIMAL_JAR must name the built sas-minimal jar (benchmarks/run "
					+ "builds it from ../shared/anchors/sas-minimal)");
		}
		try (Database sasDatabase = Database.fresh(admin, "bench_sas");
				Database database = Database.fresh(admin, "bench_countersign");
				SasMinimal sas = SasMinimal.start(jar, sasDatabase.url());
				Server server = Server.start(database.url(), threads);
				LoadRounds driver = new LoadRounds(threads)) {
			// the consume endpoint accepts only jtis it issued: as many issued approvals
			// as
			// every round can use
			Queue<String> jtis = new ConcurrentLinkedQueue<>(
					IntStream.range(0, (LoadRounds.MAX_WARM_UP_ROUNDS + ROUNDS) * requests)
						.mapToObj((i) -> UUID.randomUUID().toString())
						.toList());
			ApiLoad.recordIssued(server.jdbc(), server.workers().get(0).baseToken(), List.copyOf(jtis));
			List<Load> loads = only(List.of(new Load("sas-minimal client credentials", requests, (w) -> sas.token()),
					new Load("consume", requests, (w) -> server.consume(jtis.remove())),
					new Load("flow", flows, (w) -> server.flow(w, null)),
					new Load("countersign client credentials", requests, (w) -> server.clientCredentials())));
			Map<String, List<Double>> warmUp = driver.warm(loads);
			Map<String, List<Result>> rounds = driver.alternate(loads, ROUNDS);

			List<Result> baseline = LoadRounds.get(rounds, "sas-minimal client credentials");
			StringBuilder report = new StringBuilder();
			report.append("PostgreSQL with production durability (").append(durability(server.jdbc())).append("), ");
			report.append(threads)
				.append(" workers, ")
				.append(ROUNDS)
				.append(" alternating rounds; median (min–max) of the rounds\n\n");
			report.append("| measure | per round | rate /s | / sas-minimal | p50 ms | p95 ms | "
					+ "Countersign's CPU µs per call | calls per vCPU-second | warm-up rounds /s |\n");
			report.append("|---|---|---|---|---|---|---|---|---|\n");
			for (Load load : loads) {
				List<Result> measured = LoadRounds.get(rounds, load.name());
				Result all = Result.all(measured);
				// sas-minimal runs in its own process: this JVM's CPU is not its own
				boolean own = measured != baseline;
				report.append(String.format("| %s | %d | %s | %s | %.1f | %.1f | %s | %s | %s |%n", load.name(),
						load.count(), LoadRounds.spread(LoadRounds.rates(measured), "%.0f"),
						LoadRounds.spread(LoadRounds.ratios(measured, baseline), "%.2f"), all.millis(0, 0.5),
						all.millis(0, 0.95), own ? String.format("%.0f", all.servingCpuMicros()) : "–",
						own ? String.format("%.0f", all.perCpuSecond()) : "–",
						LoadRounds.warmUp(LoadRounds.get(warmUp, load.name()))));
			}
			report.append("\nCountersign's CPU: this JVM's CPU time less the load driver's threads (its workers and "
					+ "the HTTP client's), per call; the flow's number and decision run on the driver's workers and "
					+ "count as the driver's; PostgreSQL's CPU is in neither.\n");
			if (!rounds.containsKey("flow")) {
				return report.toString();
			}
			Result flow = Result.all(LoadRounds.get(rounds, "flow"));
			report.append(String.format(
					"%nflow steps p50 / p95 ms: create %.1f / %.1f, number + decision %.1f / %.1f, "
							+ "mint %.1f / %.1f%n",
					flow.millis(1, 0.5), flow.millis(1, 0.95), flow.millis(2, 0.5), flow.millis(2, 0.95),
					flow.millis(3, 0.5), flow.millis(3, 0.95)));
			return report.toString();
		}
	}

	// LOAD_ONLY: the loads to run beside the first (the baseline), by name, comma
	// separated; all when unset (a flight recording of one endpoint)
	private static List<Load> only(List<Load> loads) {
		String only = System.getenv("LOAD_ONLY");
		if (only == null) {
			return loads;
		}
		List<String> names = List.of(only.split(","));
		return IntStream.range(0, loads.size())
			.filter((i) -> i == 0 || names.contains(loads.get(i).name()))
			.mapToObj(loads::get)
			.toList();
	}

	private static String growth(String admin) throws Exception {
		int threads = intEnv("LOAD_THREADS", 4);
		int flows = intEnv("LOAD_FLOWS", 400);
		int rows = intEnv("GROWTH_ROWS", 1_000_000);
		try (Database emptyDatabase = Database.fresh(admin, "bench_empty");
				Database grownDatabase = Database.fresh(admin, "bench_grown");
				Server empty = Server.start(emptyDatabase.url(), threads);
				Server grown = Server.start(grownDatabase.url(), threads);
				LoadRounds driver = new LoadRounds(threads)) {
			Queue<String> emptyJtis = new ConcurrentLinkedQueue<>();
			Queue<String> grownJtis = new ConcurrentLinkedQueue<>();
			// real rows to copy: authorizations, approvals and audit events of real flows
			driver.run(flows, (w) -> grown.flow(w, grownJtis));
			driver.run(flows, (w) -> grown.consume(grownJtis.remove()));
			long start = System.nanoTime();
			Map<String, Long> counts = Growth.grow(grown, rows);
			String grownIn = String.format("%.0f s", (System.nanoTime() - start) / 1e9);

			List<Load> loads = List.of(new Load("empty flow", flows, (w) -> empty.flow(w, emptyJtis)),
					new Load("grown flow", flows, (w) -> grown.flow(w, grownJtis)),
					new Load("empty consume", flows, (w) -> empty.consume(emptyJtis.remove())),
					new Load("grown consume", flows, (w) -> grown.consume(grownJtis.remove())));
			Map<String, List<Double>> warmUp = driver.warm(loads);
			Map<String, List<Result>> rounds = driver.alternate(loads, ROUNDS);

			StringBuilder report = new StringBuilder();
			report.append("PostgreSQL with production durability (").append(durability(empty.jdbc())).append("); ");
			report.append("grown database: ").append(counts).append(", grown in ").append(grownIn).append("; ");
			report.append(threads).append(" workers, ").append(ROUNDS).append(" alternating rounds of ");
			report.append(flows).append(" flows and as many consumes; warm-up flows/s empty ");
			report.append(LoadRounds.warmUp(LoadRounds.get(warmUp, "empty flow")))
				.append(", grown ")
				.append(LoadRounds.warmUp(LoadRounds.get(warmUp, "grown flow")));
			report.append("\n\n| step | empty p50 ms | grown p50 ms | grown / empty p50 | empty p95 ms | "
					+ "grown p95 ms | grown / empty p95 |\n|---|---|---|---|---|---|---|\n");
			step(report, "POST /approvals (create)", LoadRounds.get(rounds, "empty flow"),
					LoadRounds.get(rounds, "grown flow"), 1);
			step(report, "number + decision (ActionApprovalService)", LoadRounds.get(rounds, "empty flow"),
					LoadRounds.get(rounds, "grown flow"), 2);
			step(report, "POST /approvals/{id}/token (mint)", LoadRounds.get(rounds, "empty flow"),
					LoadRounds.get(rounds, "grown flow"), 3);
			step(report, "POST /approvals/consume", LoadRounds.get(rounds, "empty consume"),
					LoadRounds.get(rounds, "grown consume"), 0);
			step(report, "whole flow", LoadRounds.get(rounds, "empty flow"), LoadRounds.get(rounds, "grown flow"), 0);
			return report.toString();
		}
	}

	private static void step(StringBuilder report, String label, List<Result> empty, List<Result> grown, int column) {
		List<Double> ratios50 = new ArrayList<>();
		List<Double> ratios95 = new ArrayList<>();
		for (int i = 0; i < empty.size(); i++) {
			ratios50.add(grown.get(i).millis(column, 0.5) / empty.get(i).millis(column, 0.5));
			ratios95.add(grown.get(i).millis(column, 0.95) / empty.get(i).millis(column, 0.95));
		}
		Result allEmpty = Result.all(empty);
		Result allGrown = Result.all(grown);
		report.append(String.format("| %s | %.2f | %.2f | %s | %.2f | %.2f | %s |%n", label,
				allEmpty.millis(column, 0.5), allGrown.millis(column, 0.5), LoadRounds.spread(ratios50, "%.2f"),
				allEmpty.millis(column, 0.95), allGrown.millis(column, 0.95), LoadRounds.spread(ratios95, "%.2f")));
	}

	private static String durability(JdbcTemplate jdbc) {
		return "fsync " + jdbc.queryForObject("SHOW fsync", String.class) + ", synchronous_commit "
				+ jdbc.queryForObject("SHOW synchronous_commit", String.class);
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static void expect(HttpResponse<String> response, int status) {
		if (response.statusCode() != status) {
			throw new IllegalStateException(
					response.request().uri() + " answered " + response.statusCode() + ": " + response.body());
		}
	}

	/**
	 * One client-credentials token of the demo client.
	 * @param base the authorization server
	 * @return the call's time
	 * @throws Exception when the server does not answer 200
	 */
	static long[] clientCredentials(String base) throws Exception {
		return token(base, "demo-client", "demo-secret", "grant_type=client_credentials&scope=accounts.read");
	}

	private static long[] token(String base, String client, String secret, String form) throws Exception {
		long start = System.nanoTime();
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
			.header("Authorization", basic(client, secret))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
		expect(response, 200);
		return new long[] { System.nanoTime() - start };
	}

	/**
	 * One Just-In-Time flow: {@code POST /approvals}, the user's number and decision
	 * through the service the approval page calls, {@code POST /approvals/{id}/token}.
	 * @param base the authorization server
	 * @param username the user
	 * @param baseToken the user's access token
	 * @param approvals the server's approval service
	 * @param jtis where to put the minted token's {@code jti}, or {@code null}
	 * @return the times of the whole flow, create, number + decision and mint
	 * @throws Exception when a step fails
	 */
	static long[] flow(String base, String username, String baseToken, ActionApprovalService approvals,
			@Nullable Queue<String> jtis) throws Exception {
		long t0 = System.nanoTime();
		HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base + "/approvals"))
			.header("Authorization", "Bearer " + baseToken)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(TRANSFER)));
		expect(created, 201);
		JsonNode body = JSON.readTree(created.body());
		String id = body.get("approval_id").asString();
		long t1 = System.nanoTime();
		ApprovalUser approver = new ApprovalUser(username, Instant.now());
		approvals.pickNumber(id, approver, body.get("user_code").asString());
		approvals.decide(id, approver, true);
		long t2 = System.nanoTime();
		HttpResponse<String> minted = send(HttpRequest.newBuilder(URI.create(base + "/approvals/" + id + "/token"))
			.header("Authorization", "Bearer " + baseToken)
			.POST(HttpRequest.BodyPublishers.noBody()));
		expect(minted, 200);
		long t3 = System.nanoTime();
		if (jtis != null) {
			jtis.add(jti(JSON.readTree(minted.body()).get("action_token").asString()));
		}
		return new long[] { t3 - t0, t1 - t0, t2 - t1, t3 - t2 };
	}

	private static String jti(String jwt) {
		String payload = jwt.split("\\.")[1];
		return JSON.readTree(Base64.getUrlDecoder().decode(payload)).get("jti").asString();
	}

	static String basic(String user, String secret) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
	}

	static int intEnv(String name, int fallback) {
		String value = System.getenv(name);
		return (value != null) ? Integer.parseInt(value) : fallback;
	}

	/**
	 * A fresh database on the PostgreSQL server, dropped when closed.
	 *
	 * @param admin the URL of the server's maintenance database
	 * @param name the database's name
	 */
	record Database(String admin, String name) implements AutoCloseable {

		static Database fresh(String admin, String prefix) throws Exception {
			String name = prefix + "_" + System.currentTimeMillis();
			try (Connection connection = DriverManager.getConnection(admin);
					Statement statement = connection.createStatement()) {
				statement.execute("CREATE DATABASE " + name);
			}
			return new Database(admin, name);
		}

		String url() {
			URI uri = URI.create(this.admin.substring("jdbc:".length()));
			return "jdbc:" + uri.getScheme() + "://" + uri.getRawAuthority() + "/" + this.name
					+ ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
		}

		@Override
		public void close() throws Exception {
			try (Connection connection = DriverManager.getConnection(this.admin);
					Statement statement = connection.createStatement()) {
				statement.execute("DROP DATABASE IF EXISTS " + this.name + " WITH (FORCE)");
			}
		}

	}

	/**
	 * Spring Authorization Server's smallest form, in a process of its own.
	 *
	 * @param process the process
	 * @param base its address
	 */
	record SasMinimal(ChildProcess process, String base) implements AutoCloseable {

		static SasMinimal start(String jar, String databaseUrl) throws Exception {
			int port = FreePorts.next();
			String base = "http://127.0.0.1:" + port;
			ChildProcess process = ChildProcess
				.java("sas-minimal", null,
						List.of("-jar", jar, "--spring.profiles.active=pg", "--server.port=" + port,
								"--server.address=127.0.0.1", "--spring.datasource.url=" + databaseUrl),
						() -> token(base));
			return new SasMinimal(process, base);
		}

		long[] token() throws Exception {
			return token(this.base);
		}

		private static long[] token(String base) throws Exception {
			return ServerLoad.token(base, "demo", "secret", "grant_type=client_credentials");
		}

		@Override
		public void close() throws Exception {
			this.process.close();
		}

	}

	/**
	 * One Countersign authorization server in this JVM, with demo data, users of its own
	 * (one per worker) and the demo API's consume token.
	 *
	 * @param context the application
	 * @param base its address
	 * @param workers one user and base token per worker
	 * @param consumeToken the demo API's client-credentials token for the consume
	 * endpoint
	 */
	record Server(ConfigurableApplicationContext context, String base, List<Worker> workers,
			String consumeToken) implements AutoCloseable {

		static Server start(String databaseUrl, int workers) throws Exception {
			int port = FreePorts.next();
			String base = "http://localhost:" + port;
			ConfigurableApplicationContext context = new SpringApplicationBuilder(CountersignAuthorizationServer.class)
				.profiles("demo")
				.run("--server.port=" + port, "--spring.security.oauth2.authorizationserver.issuer=" + base,
						"--logging.level.root=WARN", "--countersign.resource.enabled=false",
						"--countersign.approvals.max-pending-per-subject=100000",
						"--countersign.approvals.max-requests-per-window=100000",
						"--countersign.embedded-database.enabled=false", "--spring.datasource.url=" + databaseUrl,
						LONG_TOKENS[0], LONG_TOKENS[1]);
			UserDetailsManager users = context.getBean(UserDetailsManager.class);
			List<Worker> list = new ArrayList<>();
			for (int i = 0; i < workers; i++) {
				String username = "load-" + i;
				users.createUser(User.withUsername(username).password("{noop}load").roles("USER").build());
				list.add(new Worker(username, CodeFlow.accessToken(new TestHttp(base), username, "load")));
			}
			String consumeToken = new TestHttp(base).clientCredentialsToken("demo-api", "demo-api-secret",
					"approvals.consume");
			return new Server(context, base, list, consumeToken);
		}

		JdbcTemplate jdbc() {
			return this.context.getBean(JdbcTemplate.class);
		}

		long[] flow(int worker, @Nullable Queue<String> jtis) throws Exception {
			Worker user = this.workers.get(worker);
			return ServerLoad.flow(this.base, user.username(), user.baseToken(),
					this.context.getBean(ActionApprovalService.class), jtis);
		}

		long[] consume(String jti) throws Exception {
			long start = System.nanoTime();
			HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(this.base + "/approvals/consume"))
				.header("Authorization", "Bearer " + this.consumeToken)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"jti\":\"" + jti + "\"}")));
			expect(response, 200);
			if (!response.body().contains("\"first_use\":true")) {
				throw new IllegalStateException("consume of a fresh jti answered " + response.body());
			}
			return new long[] { System.nanoTime() - start };
		}

		long[] clientCredentials() throws Exception {
			return ServerLoad.clientCredentials(this.base);
		}

		void sealAll() {
			// waits for the scheduled sealer rather than skipping when it holds the lock
			this.context.getBean(AuditSealer.class).checkpointNow();
		}

		@Override
		public void close() {
			this.context.close();
		}

	}

	/**
	 * A user of the load and its base token.
	 *
	 * @param username the user
	 * @param baseToken the access token of the code flow
	 */
	record Worker(String username, String baseToken) {

	}

}
