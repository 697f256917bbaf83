package dev.countersign.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

/**
 * A real HTTP server on 127.0.0.1 that receives the server's outgoing calls (webhooks,
 * CIBA pings) and keeps each for the test: it can answer with an error for a time, or be
 * stopped and started again on the same port, as a receiver that is down.
 */
public final class HttpReceiver implements AutoCloseable {

	private final int port;

	private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

	private final AtomicInteger refusals = new AtomicInteger();

	private final AtomicInteger status = new AtomicInteger(204);

	private volatile @Nullable String responseBody;

	private final Map<String, String> responses = new java.util.concurrent.ConcurrentHashMap<>();

	private @Nullable HttpServer server;

	private HttpReceiver(int port) {
		this.port = port;
	}

	/**
	 * A receiver on a free port, not yet listening.
	 * @return the receiver
	 */
	public static HttpReceiver onFreePort() {
		return new HttpReceiver(FreePorts.next());
	}

	/**
	 * A receiver listening on a free port.
	 * @return the receiver
	 */
	public static HttpReceiver started() {
		HttpReceiver receiver = onFreePort();
		receiver.start();
		return receiver;
	}

	public String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	/**
	 * Starts listening (again) on its port.
	 */
	public synchronized void start() {
		if (this.server != null) {
			return;
		}
		try {
			HttpServer started = HttpServer.create(new InetSocketAddress("127.0.0.1", this.port), 0);
			started.createContext("/", this::handle);
			started.start();
			this.server = started;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Stops listening: calls are refused at connect.
	 */
	public synchronized void stop() {
		if (this.server != null) {
			this.server.stop(0);
			this.server = null;
		}
	}

	/**
	 * Answers the next calls with {@code 503}.
	 * @param calls how many
	 */
	public void refuseNext(int calls) {
		this.refusals.set(calls);
	}

	/**
	 * Answers every call {@code 200} with a JSON document (a JWK Set, say).
	 * @param json the document
	 */
	public void respondWith(String json) {
		this.responseBody = json;
	}

	/**
	 * Answers calls of one path {@code 200} with a JSON document (a metadata document, a
	 * JWK Set).
	 * @param path the path
	 * @param json the document
	 */
	public void respondWith(String path, String json) {
		this.responses.put(path, json);
	}

	/**
	 * The next call received.
	 * @param timeout how long to wait
	 * @return the call, or {@code null} when none came in time
	 */
	public @Nullable Received next(Duration timeout) {
		try {
			return this.received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/**
	 * The calls received and not taken yet, taken now.
	 * @return the calls
	 */
	public List<Received> drain() {
		List<Received> all = new java.util.ArrayList<>();
		this.received.drainTo(all);
		return all;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream body = exchange.getRequestBody()) {
			String content = new String(body.readAllBytes(), StandardCharsets.UTF_8);
			Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			headers.putAll(exchange.getRequestHeaders());
			boolean refused = this.refusals.getAndUpdate((left) -> Math.max(0, left - 1)) > 0;
			this.received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers,
					content, refused));
			String answer = this.responses.get(exchange.getRequestURI().getPath());
			if (answer == null) {
				answer = this.responseBody;
			}
			if (!refused && answer != null) {
				byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, bytes.length);
				exchange.getResponseBody().write(bytes);
				return;
			}
			exchange.sendResponseHeaders(refused ? 503 : this.status.get(), -1);
		}
	}

	@Override
	public void close() {
		stop();
	}

	/**
	 * One call received.
	 *
	 * @param method the method
	 * @param path the path
	 * @param headers the headers, by case-insensitive name
	 * @param body the body
	 * @param refused whether it was answered with {@code 503}
	 */
	public record Received(String method, String path, Map<String, List<String>> headers, String body,
			boolean refused) {

		public @Nullable String header(String name) {
			List<String> values = this.headers.get(name);
			return (values != null && !values.isEmpty()) ? values.get(0) : null;
		}

	}

}
