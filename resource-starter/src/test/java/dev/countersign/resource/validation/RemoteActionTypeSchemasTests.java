package dev.countersign.resource.validation;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.countersign.core.StrictJson;
import dev.countersign.test.HttpExchanges;
import dev.countersign.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link RemoteActionTypeSchemas} against a real HTTP server on 127.0.0.1 that serves a
 * metadata document as the authorization server does, or fails.
 */
class RemoteActionTypeSchemasTests {

	private static final String DOCUMENT = StrictJson.write(java.util.Map.of("records.read",
			TestActionTypeSchemas.type("records.read", TestActionTypeSchemas.integer("customerId", 1, null))
				.toMetadata()));

	private HttpServer server;

	private final AtomicInteger requests = new AtomicInteger();

	/** Status and body answered; a null body closes without answering properly. */
	private final AtomicReference<Object[]> answer = new AtomicReference<>(new Object[] { 200, DOCUMENT });

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/authorization-details-types", (exchange) -> {
			this.requests.incrementAndGet();
			Object[] next = this.answer.get();
			HttpExchanges.answer(exchange, (int) next[0], (String) next[1]);
		});
		this.server.start();
	}

	@AfterEach
	void stopServer() {
		this.server.stop(0);
	}

	@Test
	void findWhenReadOnceThenServedFromMemoryUntilRefresh() {
		RemoteActionTypeSchemas schemas = schemas(uri());
		assertThat(schemas.find("records.read").parameters()).containsOnlyKeys("customerId");
		assertThat(schemas.find("payments.transfer")).isNull();
		assertThat(this.requests).hasValue(1);
		this.clock.advance(Duration.ofMinutes(6));
		assertThat(schemas.find("records.read")).isNotNull();
		assertThat(this.requests).hasValue(2);
	}

	@Test
	void findWhenRefreshFailsThenKeepsTheLastDocument() {
		RemoteActionTypeSchemas schemas = schemas(uri());
		schemas.find("records.read");
		this.answer.set(new Object[] { 500, "{}" });
		this.clock.advance(Duration.ofMinutes(6));
		assertThat(schemas.find("records.read")).isNotNull();
		assertThat(this.requests).hasValue(2);
	}

	@Test
	void findWhenNeverReadAndServerFailsThenUnavailableAndAskedAgainOnlyAfterRetryInterval() {
		this.answer.set(new Object[] { 503, "{}" });
		RemoteActionTypeSchemas schemas = schemas(uri());
		assertThatExceptionOfType(ActionTypeSchemasUnavailableException.class)
			.isThrownBy(() -> schemas.find("records.read"))
			.withMessageContaining("answered 503");
		assertThatExceptionOfType(ActionTypeSchemasUnavailableException.class)
			.isThrownBy(() -> schemas.find("records.read"));
		assertThat(this.requests).hasValue(1);
		this.answer.set(new Object[] { 200, DOCUMENT });
		this.clock.advance(Duration.ofSeconds(6));
		assertThat(schemas.find("records.read")).isNotNull();
		assertThat(this.requests).hasValue(2);
	}

	@Test
	void findWhenAnswerUnreadableThenUnavailable() {
		this.answer.set(new Object[] { 200, "{\"records.read\":{\"description\":\"no schema\"}}" });
		assertThatExceptionOfType(ActionTypeSchemasUnavailableException.class)
			.isThrownBy(() -> schemas(uri()).find("records.read"))
			.withMessageContaining("unreadable");
	}

	@Test
	void findWhenNothingListensThenUnavailable() throws IOException {
		int port;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
				java.net.InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		RemoteActionTypeSchemas schemas = schemas(
				URI.create("http://127.0.0.1:" + port + "/authorization-details-types"));
		assertThatExceptionOfType(ActionTypeSchemasUnavailableException.class)
			.isThrownBy(() -> schemas.find("records.read"))
			.withMessageContaining("cannot be reached");
	}

	private URI uri() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/authorization-details-types");
	}

	private RemoteActionTypeSchemas schemas(URI uri) {
		RemoteActionTypeSchemas schemas = new RemoteActionTypeSchemas(
				dev.countersign.resource.client.AuthorizationServerClient.restClient(Duration.ofSeconds(1),
						Duration.ofSeconds(1)),
				uri);
		schemas.setClock(this.clock);
		return schemas;
	}

}
