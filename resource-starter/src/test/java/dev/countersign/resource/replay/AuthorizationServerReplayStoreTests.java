package dev.countersign.resource.replay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.countersign.resource.client.AuthorizationServerClient;
import dev.countersign.test.HttpExchanges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * {@link AuthorizationServerReplayStore} against a real HTTP server on 127.0.0.1 that
 * answers as the authorization server's token and consume endpoints would, or misbehaves.
 */
class AuthorizationServerReplayStoreTests {

	private static final Instant EXPIRES = Instant.parse("2030-01-01T00:00:00Z");

	private HttpServer server;

	private final AtomicInteger tokenRequests = new AtomicInteger();

	private final Queue<String> consumeAuthorizations = new ConcurrentLinkedQueue<>();

	/**
	 * Status and body the consume endpoint answers next; empty means
	 * {@code first_use: true}.
	 */
	private final Queue<Object[]> consumeAnswers = new ConcurrentLinkedQueue<>();

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/oauth2/token", (exchange) -> {
			int n = this.tokenRequests.incrementAndGet();
			HttpExchanges.answer(exchange, 200,
					"{\"access_token\":\"consume-token-" + n + "\",\"token_type\":\"Bearer\",\"expires_in\":300}");
		});
		this.server.createContext("/approvals/consume", (exchange) -> {
			this.consumeAuthorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
			Object[] next = this.consumeAnswers.poll();
			if (next == null) {
				HttpExchanges.answer(exchange, 200, "{\"jti\":\"j\",\"first_use\":true}");
			}
			else {
				HttpExchanges.answer(exchange, (int) next[0], (String) next[1]);
			}
		});
		this.server.start();
	}

	@AfterEach
	void stopServer() {
		this.server.stop(0);
	}

	@Test
	void markUsedWhenCalledManyTimesThenOneClientCredentialsTokenServesAll() {
		AuthorizationServerReplayStore store = store(base(), Duration.ofSeconds(2));
		for (int i = 0; i < 5; i++) {
			assertThat(store.markUsed("jti-" + i, EXPIRES)).isTrue();
		}
		assertThat(this.tokenRequests).hasValue(1);
		assertThat(this.consumeAuthorizations).containsOnly("Bearer consume-token-1");
	}

	@Test
	void markUsedWhenAlreadyUsedThenFalse() {
		this.consumeAnswers.add(new Object[] { 200, "{\"jti\":\"j\",\"first_use\":false}" });
		assertThat(store(base(), Duration.ofSeconds(2)).markUsed("jti", EXPIRES)).isFalse();
	}

	@Test
	void markUsedWhenUnknownJtiThenFalse() {
		this.consumeAnswers.add(new Object[] { 404, "{\"error\":\"not_found\"}" });
		assertThat(store(base(), Duration.ofSeconds(2)).markUsed("jti", EXPIRES)).isFalse();
	}

	@Test
	void markUsedWhenUnknownOrForeignJtiThenFalse() {
		this.consumeAnswers.add(new Object[] { 200, "{\"jti\":\"j\",\"first_use\":false,\"reason\":\"unknown\"}" });
		assertThat(store(base(), Duration.ofSeconds(2)).markUsed("jti", EXPIRES)).isFalse();
	}

	@Test
	void markUsedWhenGrantRevokedThenRefusedNamingIt() {
		this.consumeAnswers.add(new Object[] { 200, "{\"jti\":\"j\",\"first_use\":false,\"reason\":\"revoked\"}" });
		assertThatExceptionOfType(dev.countersign.resource.validation.ActionTokenException.class)
			.isThrownBy(() -> store(base(), Duration.ofSeconds(2)).markUsed("jti", EXPIRES))
			.withMessage("the grant of the base token was revoked");
	}

	@Test
	void markUsedWhenConsumeTokenRefusedThenNewTokenAndOneRetry() {
		this.consumeAnswers.add(new Object[] { 401, "" });
		assertThat(store(base(), Duration.ofSeconds(2)).markUsed("jti", EXPIRES)).isTrue();
		assertThat(this.tokenRequests).hasValue(2);
		assertThat(this.consumeAuthorizations).containsExactly("Bearer consume-token-1", "Bearer consume-token-2");
	}

	@Test
	void markUsedWhenServerErrorThenUnavailable() {
		this.consumeAnswers.add(new Object[] { 500, "{}" });
		assertThatExceptionOfType(ReplayStoreUnavailableException.class)
			.isThrownBy(() -> store(base(), Duration.ofSeconds(2)).markUsed("jti", EXPIRES))
			.withMessageContaining("500");
	}

	@Test
	void markUsedWhenAnswerHasNoFirstUseThenUnavailable() {
		this.consumeAnswers.add(new Object[] { 200, "{\"jti\":\"j\",\"first_use\":\"yes\"}" });
		assertThatExceptionOfType(ReplayStoreUnavailableException.class)
			.isThrownBy(() -> store(base(), Duration.ofSeconds(2)).markUsed("jti", EXPIRES))
			.withMessageContaining("first_use");
	}

	@Test
	void markUsedWhenAnswerHasDuplicateKeysThenUnavailable() {
		this.consumeAnswers.add(new Object[] { 200, "{\"first_use\":false,\"first_use\":true}" });
		assertThatExceptionOfType(ReplayStoreUnavailableException.class)
			.isThrownBy(() -> store(base(), Duration.ofSeconds(2)).markUsed("jti", EXPIRES));
	}

	@Test
	void markUsedWhenNothingListensThenUnavailable() throws IOException {
		URI closed;
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
		}
		assertThatExceptionOfType(ReplayStoreUnavailableException.class)
			.isThrownBy(() -> store(closed, Duration.ofSeconds(2)).markUsed("jti", EXPIRES));
	}

	@Test
	void markUsedWhenServerAcceptsButNeverAnswersThenUnavailableAfterReadTimeout() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
			Thread acceptor = new Thread(() -> {
				try (Socket held = silent.accept()) {
					release.await(30, TimeUnit.SECONDS);
				}
				catch (IOException | InterruptedException ex) {
					// the test is over
				}
			});
			acceptor.start();
			AuthorizationServerReplayStore store = store(URI.create("http://127.0.0.1:" + silent.getLocalPort()),
					Duration.ofMillis(300));
			try {
				// without the read timeout the call would wait for the 30 s release
				assertTimeoutPreemptively(Duration.ofSeconds(10),
						() -> assertThatExceptionOfType(ReplayStoreUnavailableException.class)
							.isThrownBy(() -> store.markUsed("jti", EXPIRES)));
			}
			finally {
				release.countDown();
				acceptor.join(5000);
			}
		}
	}

	private URI base() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	private static AuthorizationServerReplayStore store(URI base, Duration readTimeout) {
		AuthorizationServerClient client = new AuthorizationServerClient(
				AuthorizationServerClient.restClient(Duration.ofSeconds(2), readTimeout), base.resolve("/oauth2/token"),
				"demo-api", "secret");
		return new AuthorizationServerReplayStore(client, base.resolve("/approvals/consume"));
	}

}
