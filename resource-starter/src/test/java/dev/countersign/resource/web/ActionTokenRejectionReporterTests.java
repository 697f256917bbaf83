package dev.countersign.resource.web;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.countersign.resource.client.AuthorizationServerClient;
import dev.countersign.test.HttpExchanges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * {@link ActionTokenRejectionReporter} against a real HTTP server on 127.0.0.1 that
 * answers as the authorization server's token and rejection endpoints, or is slow.
 */
class ActionTokenRejectionReporterTests {

	private HttpServer server;

	private final Queue<String> reports = new ConcurrentLinkedQueue<>();

	private final CountDownLatch release = new CountDownLatch(1);

	private volatile boolean slow;

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
		this.server.createContext("/oauth2/token",
				(exchange) -> HttpExchanges.answer(exchange, 200, "{\"access_token\":\"t\",\"expires_in\":300}"));
		this.server.createContext("/approvals/rejections", (exchange) -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			if (this.slow) {
				try {
					this.release.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			this.reports.add(exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
			HttpExchanges.answer(exchange, 202, "");
		});
		this.server.start();
	}

	@AfterEach
	void stopServer() {
		this.release.countDown();
		this.server.stop(0);
	}

	@Test
	void refusedWhenTokenVerifiedThenReportedInTheBackground() throws Exception {
		ActionTokenRejectionReporter reporter = reporter(10);
		reporter.start();
		try {
			reporter.onApplicationEvent(refused("jti-1", "parameters", "parameters: parameter 'amount' differs"));
			reporter.onApplicationEvent(refused(null, null, "signature: the signature does not verify"));
			waitFor(() -> reporter.getDelivered() == 1);
			assertThat(this.reports).containsExactly("Bearer t {\"jti\":\"jti-1\",\"check\":\"parameters\","
					+ "\"description\":\"parameters: parameter 'amount' differs\"}");
		}
		finally {
			reporter.stop();
		}
	}

	@Test
	void refusedWhenQueueFullThenDroppedWithoutWaiting() {
		this.slow = true;
		ActionTokenRejectionReporter reporter = reporter(2);
		reporter.start();
		try {
			// the first report holds the worker; two wait; the rest are dropped at once
			assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
				for (int i = 0; i < 50; i++) {
					reporter.onApplicationEvent(refused("jti-" + i, "ath", "ath: not this base token"));
				}
			});
			assertThat(reporter.getDropped()).isGreaterThanOrEqualTo(47);
		}
		finally {
			this.release.countDown();
			reporter.stop();
		}
	}

	@Test
	void refusedWhenAuthorizationServerGoneThenDroppedAndCounted() throws Exception {
		this.server.stop(0);
		ActionTokenRejectionReporter reporter = reporter(10);
		reporter.start();
		try {
			reporter.onApplicationEvent(refused("jti-1", "sub", "sub: another user"));
			waitFor(() -> reporter.getDropped() == 1);
			assertThat(reporter.getDelivered()).isZero();
		}
		finally {
			reporter.stop();
		}
	}

	private ActionTokenRejectionReporter reporter(int capacity) {
		URI base = URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
		AuthorizationServerClient client = new AuthorizationServerClient(
				AuthorizationServerClient.restClient(Duration.ofSeconds(1), Duration.ofSeconds(5)),
				base.resolve("/oauth2/token"), "demo-api", "secret");
		return new ActionTokenRejectionReporter(client, base.resolve("/approvals/rejections"), capacity);
	}

	private static ActionCheckEvent.Refused refused(String jti, String check, String description) {
		return new ActionCheckEvent.Refused("request", "payments.transfer", ActionMode.JIT, "alice", Duration.ZERO,
				"invalid_action_token", description, jti, check);
	}

	private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
		Instant deadline = Instant.now().plusSeconds(10);
		while (!condition.getAsBoolean()) {
			assertThat(Instant.now()).as("condition within 10 s").isBefore(deadline);
			Thread.sleep(20);
		}
	}

}
