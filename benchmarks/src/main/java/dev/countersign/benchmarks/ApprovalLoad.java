package dev.countersign.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.UserDetailsManager;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.countersign.authz.CountersignAuthorizationServer;
import dev.countersign.authz.approval.ActionApprovalService;
import dev.countersign.authz.approval.ApprovalUser;
import dev.countersign.authz.approval.BackchannelRequests;
import dev.countersign.test.CodeFlow;
import dev.countersign.test.FreePorts;
import dev.countersign.test.TestHttp;

/**
 * A bounded loopback load on the authorization server, started in this JVM with the demo
 * profile (embedded PostgreSQL in a temporary directory, or
 * {@code COUNTERSIGN_BENCH_DB_URL}):
 * <ol>
 * <li>Spring Authorization Server's client-credentials token endpoint ({@code LOAD_CC}
 * requests), the baseline;</li>
 * <li>the Just-In-Time flow ({@code LOAD_FLOWS} flows): {@code POST /approvals} over
 * HTTP, the user's number and approval through the same {@link ActionApprovalService} the
 * page calls, then {@code POST /approvals/{id}/token} over HTTP.</li>
 * </ol>
 * {@code LOAD_THREADS} workers (default 4), each with a user and base token of its own.
 * Every request goes to 127.0.0.1; the counts are fixed, so the run stops by itself.
 */
public final class ApprovalLoad {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String TRANSFER_DETAILS = "[{\"type\":\"payments.transfer\",\"parameters\":"
			+ "{\"fromAccount\":\"acc-1\",\"toIban\":\"DE89370400440532013000\",\"amount\":\"250.00\",\"currency\":\"EUR\"}}]";

	private ApprovalLoad() {
	}

	public static void main(String[] args) throws Exception {
		int threads = ServerLoad.intEnv("LOAD_THREADS", 4);
		int flows = ServerLoad.intEnv("LOAD_FLOWS", 400);
		int clientCredentials = ServerLoad.intEnv("LOAD_CC", 200);
		int port = FreePorts.next();
		String base = "http://localhost:" + port;
		Path data = Files.createTempDirectory("countersign-load-");
		List<String> arguments = new ArrayList<>(List.of("--server.port=" + port,
				"--spring.security.oauth2.authorizationserver.issuer=" + base, "--logging.level.root=WARN",
				// the starter shares this classpath; the authorization server is no
				// protected API
				"--countersign.resource.enabled=false", "--countersign.approvals.max-pending-per-subject=100000",
				"--countersign.approvals.max-requests-per-window=100000",
				"--countersign.embedded-database.data-directory=" + data.resolve("postgres")));
		String database = System.getenv("COUNTERSIGN_BENCH_DB_URL");
		if (database != null) {
			arguments.add("--countersign.embedded-database.enabled=false");
			arguments.add("--spring.datasource.url=" + database);
		}
		try (ConfigurableApplicationContext server = new SpringApplicationBuilder(CountersignAuthorizationServer.class)
			.profiles("demo")
			.run(arguments.toArray(String[]::new))) {
			ActionApprovalService approvals = server.getBean(ActionApprovalService.class);
			BackchannelRequests backchannel = server.getBean(BackchannelRequests.class);
			UserDetailsManager users = server.getBean(UserDetailsManager.class);
			List<Worker> workers = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				String username = "load-" + i + "-" + System.nanoTime();
				users.createUser(User.withUsername(username).password("{noop}load").roles("USER").build());
				workers.add(new Worker(base, username, CodeFlow.accessToken(new TestHttp(base), username, "load"),
						approvals, backchannel));
			}
			int warmup = Math.max(10, flows / 10);
			run(workers, warmup / threads, Worker::clientCredentials);
			run(workers, warmup / threads, Worker::flow);
			run(workers, warmup / threads, Worker::cibaFlow);

			Result cc = run(workers, clientCredentials / threads, Worker::clientCredentials);
			// POST /approvals and CIBA in alternating rounds: the median of three each
			List<Result> jitRounds = new ArrayList<>();
			List<Result> cibaRounds = new ArrayList<>();
			for (int round = 0; round < 3; round++) {
				jitRounds.add(run(workers, flows / threads / 3, Worker::flow));
				cibaRounds.add(run(workers, flows / threads / 3, Worker::cibaFlow));
			}
			Result jit = Result.median(jitRounds);
			Result ciba = Result.median(cibaRounds);

			StringBuilder report = new StringBuilder();
			report.append("| measured (")
				.append(threads)
				.append(" threads) | requests | per second | p50 ms | p95 ms | p99 ms |\n");
			report.append("|---|---|---|---|---|---|\n");
			report.append(cc.row("SAS client credentials token (POST /oauth2/token)", 0));
			report.append(jit.row("JIT flow: create + approve + mint (one flow)", 0));
			report.append(jit.row("  POST /approvals", 1));
			report.append(jit.row("  approve through ActionApprovalService (number, decision)", 2));
			report.append(jit.row("  POST /approvals/{id}/token", 3));
			report.append(ciba.row("CIBA flow: backchannel request + approve + token (one flow)", 0));
			report.append(ciba.row("  POST /oauth2/backchannel-authentication", 1));
			report.append(ciba.row("  approve through ActionApprovalService (number, decision)", 2));
			report.append(ciba.row("  POST /oauth2/token (CIBA grant)", 3));
			report.append("\nJIT flows per second / client-credentials tokens per second: ")
				.append(String.format("%.2f", jit.perSecond() / cc.perSecond()))
				.append('\n');
			report.append("CIBA flows per second / POST /approvals flows per second (median of 3 alternating rounds: ")
				.append(rates(cibaRounds))
				.append(" vs ")
				.append(rates(jitRounds))
				.append("): ")
				.append(String.format("%.2f", ciba.perSecond() / jit.perSecond()))
				.append('\n');
			System.out.println();
			System.out.println(report);
			Path out = Path.of("target", "load-results.md");
			Files.createDirectories(out.getParent());
			Files.writeString(out, report.toString());
		}
	}

	private static String rates(List<Result> rounds) {
		List<String> rates = new ArrayList<>();
		rounds.forEach((round) -> rates.add(String.format("%.1f", round.perSecond())));
		return String.join(" / ", rates);
	}

	private static Result run(List<Worker> workers, int perWorker, Step step) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(workers.size());
		try {
			long start = System.nanoTime();
			List<Future<List<long[]>>> futures = new ArrayList<>();
			for (Worker worker : workers) {
				futures.add(executor.submit(() -> {
					List<long[]> timings = new ArrayList<>();
					for (int i = 0; i < perWorker; i++) {
						timings.add(step.run(worker));
					}
					return timings;
				}));
			}
			List<long[]> all = new ArrayList<>();
			for (Future<List<long[]>> future : futures) {
				all.addAll(future.get());
			}
			return new Result(all, System.nanoTime() - start);
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return Worker.HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static void expect(HttpResponse<String> response, int status) {
		if (response.statusCode() != status) {
			throw new IllegalStateException(
					response.request().uri() + " answered " + response.statusCode() + ": " + response.body());
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/**
	 * One worker: a user, its base token, its own HTTP client.
	 */
	private record Worker(String base, String username, String baseToken, ActionApprovalService approvals,
			BackchannelRequests backchannel) {

		static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

		long[] clientCredentials() throws Exception {
			return ServerLoad.clientCredentials(this.base);
		}

		long[] flow() throws Exception {
			return ServerLoad.flow(this.base, this.username, this.baseToken, this.approvals, null);
		}

		long[] cibaFlow() throws Exception {
			long t0 = System.nanoTime();
			HttpResponse<String> asked = send(
					HttpRequest.newBuilder(URI.create(this.base + "/oauth2/backchannel-authentication"))
						.header("Authorization", ServerLoad.basic("demo-agent", "demo-agent-secret"))
						.header("Content-Type", "application/x-www-form-urlencoded")
						.POST(HttpRequest.BodyPublishers.ofString("scope=openid&login_hint=" + encode(this.username)
								+ "&binding_message=Load&authorization_details=" + encode(TRANSFER_DETAILS))));
			expect(asked, 200);
			JsonNode body = JSON.readTree(asked.body());
			String authReqId = body.get("auth_req_id").asString();
			long t1 = System.nanoTime();
			String id = java.util.Objects.requireNonNull(this.backchannel.findByAuthReqId(authReqId)).approvalId();
			ApprovalUser user = new ApprovalUser(this.username, Instant.now());
			this.approvals.pickNumber(id, user, body.get("user_code").asString());
			this.approvals.decide(id, user, true);
			long t2 = System.nanoTime();
			HttpResponse<String> tokens = send(HttpRequest.newBuilder(URI.create(this.base + "/oauth2/token"))
				.header("Authorization", ServerLoad.basic("demo-agent", "demo-agent-secret"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(
						"grant_type=" + encode("urn:openid:params:grant-type:ciba") + "&auth_req_id=" + authReqId)));
			expect(tokens, 200);
			long t3 = System.nanoTime();
			return new long[] { t3 - t0, t1 - t0, t2 - t1, t3 - t2 };
		}

	}

	@FunctionalInterface
	private interface Step {

		long[] run(Worker worker) throws Exception;

	}

	private record Result(List<long[]> timings, long elapsedNanos) {

		static Result median(List<Result> rounds) {
			List<Result> sorted = new ArrayList<>(rounds);
			sorted.sort(java.util.Comparator.comparingDouble(Result::perSecond));
			Result median = sorted.get(sorted.size() / 2);
			List<long[]> all = new ArrayList<>();
			rounds.forEach((round) -> all.addAll(round.timings()));
			// the latencies of every round, at the median round's rate
			return new Result(all, (long) (all.size() / median.perSecond() * 1e9));
		}

		double perSecond() {
			return this.timings.size() / (this.elapsedNanos / 1e9);
		}

		String row(String label, int column) {
			List<Long> values = new ArrayList<>();
			for (long[] timing : this.timings) {
				values.add(timing[column]);
			}
			Collections.sort(values);
			String rate = (column == 0) ? String.format("%.1f", perSecond()) : "";
			return "| " + label + " | " + values.size() + " | " + rate + " | " + ms(values, 0.50) + " | "
					+ ms(values, 0.95) + " | " + ms(values, 0.99) + " |\n";
		}

		private static String ms(List<Long> sorted, double quantile) {
			int index = Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1);
			return String.format("%.1f", sorted.get(Math.max(0, index)) / 1e6);
		}

	}

}
