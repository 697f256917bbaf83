package dev.countersign.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.UserDetailsManager;

import dev.countersign.authz.CountersignAuthorizationServer;
import dev.countersign.authz.notification.NotificationOutbox;
import dev.countersign.test.CodeFlow;
import dev.countersign.test.FreePorts;
import dev.countersign.test.HttpReceiver;
import dev.countersign.test.TestHttp;

/**
 * The notification outbox under a fixed rate of new approvals on loopback: approvals are
 * asked at {@code OUTBOX_RATE} per second for {@code OUTBOX_SECONDS} (each writes one
 * webhook to a receiver on 127.0.0.1), the outbox's backlog sampled every 100 ms. The
 * outbox keeps up when the backlog stays bounded while the load runs and is empty soon
 * after it stops. A bounded number of requests; stops by itself.
 */
public final class OutboxLoad {

	private static final String TRANSFER = "{\"authorization_details\":[{\"type\":\"payments.transfer\",\"parameters\":"
			+ "{\"fromAccount\":\"acc-1\",\"toIban\":\"DE89370400440532013000\",\"amount\":\"250.00\",\"currency\":\"EUR\"}}]}";

	private OutboxLoad() {
	}

	public static void main(String[] args) throws Exception {
		int rate = intEnv("OUTBOX_RATE", 100);
		int seconds = intEnv("OUTBOX_SECONDS", 20);
		int port = FreePorts.next();
		String base = "http://localhost:" + port;
		Path data = Files.createTempDirectory("countersign-outbox-");
		try (HttpReceiver webhook = HttpReceiver.started()) {
			List<String> arguments = new ArrayList<>(List.of("--server.port=" + port,
					"--spring.security.oauth2.authorizationserver.issuer=" + base, "--logging.level.root=WARN",
					"--countersign.resource.enabled=false", "--countersign.approvals.max-pending-per-subject=100000",
					"--countersign.approvals.max-requests-per-window=100000",
					"--countersign.notifications.webhook-url=" + webhook.url("/hooks"),
					"--countersign.embedded-database.data-directory=" + data.resolve("postgres")));
			String database = System.getenv("COUNTERSIGN_BENCH_DB_URL");
			if (database != null) {
				arguments.add("--countersign.embedded-database.enabled=false");
				arguments.add("--spring.datasource.url=" + database);
			}
			try (ConfigurableApplicationContext server = new SpringApplicationBuilder(
					CountersignAuthorizationServer.class)
				.profiles("demo")
				.run(arguments.toArray(String[]::new))) {
				UserDetailsManager users = server.getBean(UserDetailsManager.class);
				NotificationOutbox outbox = server.getBean(NotificationOutbox.class);
				// many users, so no user's own pending approvals or lock slow the
				// requests down
				HttpClient http = HttpClient.newHttpClient();
				List<HttpRequest> asks = new ArrayList<>();
				for (int u = 0; u < 20; u++) {
					String username = "outbox-" + u + "-" + System.nanoTime();
					users.createUser(User.withUsername(username).password("{noop}load").roles("USER").build());
					String token = CodeFlow.accessToken(new TestHttp(base), username, "load");
					asks.add(HttpRequest.newBuilder(URI.create(base + "/approvals"))
						.header("Authorization", "Bearer " + token)
						.header("Content-Type", "application/json")
						.timeout(Duration.ofSeconds(30))
						.POST(HttpRequest.BodyPublishers.ofString(TRANSFER))
						.build());
				}
				// warm up, then drain
				for (int i = 0; i < 200; i++) {
					http.send(asks.get(i % asks.size()), HttpResponse.BodyHandlers.discarding());
				}
				awaitEmpty(outbox, Duration.ofSeconds(30));
				webhook.drain();

				int total = rate * seconds;
				ExecutorService senders = Executors.newFixedThreadPool(8);
				List<Future<Integer>> answers = new ArrayList<>();
				long start = System.nanoTime();
				long maxBacklog = 0;
				List<Long> samples = new ArrayList<>();
				long nextSample = start;
				for (int i = 0; i < total; i++) {
					long due = start + (long) (i * 1e9 / rate);
					while (System.nanoTime() < due) {
						if (System.nanoTime() >= nextSample) {
							long backlog = outbox.backlog();
							samples.add(backlog);
							maxBacklog = Math.max(maxBacklog, backlog);
							nextSample += 100_000_000L;
						}
						// never spin: the driver shares the machine's two cores with the
						// server
						java.util.concurrent.locks.LockSupport.parkNanos(Math.min(due, nextSample) - System.nanoTime());
					}
					HttpRequest ask = asks.get(i % asks.size());
					answers
						.add(senders.submit(() -> http.send(ask, HttpResponse.BodyHandlers.discarding()).statusCode()));
				}
				int failed = 0;
				for (Future<Integer> answer : answers) {
					if (answer.get() != 201) {
						failed++;
					}
				}
				double asked = total / ((System.nanoTime() - start) / 1e9);
				senders.shutdown();
				senders.awaitTermination(10, TimeUnit.SECONDS);
				long backlogAtEnd = outbox.backlog();
				long drainStart = System.nanoTime();
				awaitEmpty(outbox, Duration.ofSeconds(60));
				double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
				int received = webhook.drain().size();
				long lastSecondMax = samples.subList(Math.max(0, samples.size() - 10), samples.size())
					.stream()
					.mapToLong(Long::longValue)
					.max()
					.orElse(0);
				StringBuilder report = new StringBuilder();
				report.append("| outbox at a fixed rate | value |\n|---|---|\n");
				report.append("| approvals asked | ").append(total).append(" (").append(failed).append(" refused) |\n");
				report.append("| rate achieved | ").append(String.format("%.1f", asked)).append(" approvals/s |\n");
				report.append("| webhooks received | ").append(received).append(" |\n");
				report.append("| largest backlog while running | ").append(maxBacklog).append(" |\n");
				report.append("| largest backlog in the last second | ").append(lastSecondMax).append(" |\n");
				report.append("| backlog when the load stopped | ").append(backlogAtEnd).append(" |\n");
				report.append("| time to empty it | ").append(String.format("%.2f", drainSeconds)).append(" s |\n");
				System.out.println();
				System.out.println(report);
				Path out = Path.of("target", "outbox-results.md");
				Files.createDirectories(out.getParent());
				Files.writeString(out, report.toString());
			}
		}
	}

	private static void awaitEmpty(NotificationOutbox outbox, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (outbox.backlog() > 0) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the outbox did not empty within " + timeout);
			}
			Thread.sleep(20);
		}
	}

	private static int intEnv(String name, int fallback) {
		String value = System.getenv(name);
		return (value != null) ? Integer.parseInt(value) : fallback;
	}

}
