package dev.countersign.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real HAProxy (Debian package {@code haproxy}, path in system property
 * {@value #PATH_PROPERTY}) on a free port of 127.0.0.1, balancing HTTP requests round
 * robin over backends on 127.0.0.1, without stickiness; every answer names the backend
 * that gave it in the header {@value #BACKEND_HEADER}.
 */
public final class HaProxy implements AutoCloseable {

	/** The system property with the path of the haproxy executable. */
	public static final String PATH_PROPERTY = "countersign.test.haproxy";

	/**
	 * The response header naming the backend that answered ({@code b1}, {@code b2}, …).
	 */
	public static final String BACKEND_HEADER = "X-Countersign-Backend";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

	private final Process process;

	private final Path directory;

	/** The balancer's own port on 127.0.0.1. */
	public final int port;

	private HaProxy(Process process, Path directory, int port) {
		this.process = process;
		this.directory = directory;
		this.port = port;
	}

	/**
	 * Starts the balancer in front of backends.
	 * @param port the port to listen on, 127.0.0.1
	 * @param backendPorts the backends' ports on 127.0.0.1
	 * @return the running balancer
	 */
	public static HaProxy start(int port, List<Integer> backendPorts) {
		String executable = System.getProperty(PATH_PROPERTY, "/usr/sbin/haproxy");
		if (!Files.isExecutable(Path.of(executable))) {
			throw new IllegalStateException("HAProxy not found at " + executable
					+ ": install the Debian package haproxy (run-tests does) or set -D" + PATH_PROPERTY);
		}
		StringBuilder servers = new StringBuilder();
		for (int i = 0; i < backendPorts.size(); i++) {
			servers.append("  server b").append(i + 1).append(" 127.0.0.1:").append(backendPorts.get(i)).append('\n');
		}
		String config = """
				global
				  maxconn 512
				defaults
				  mode http
				  timeout connect 2s
				  timeout client 60s
				  timeout server 60s
				frontend countersign
				  bind 127.0.0.1:%d
				  default_backend instances
				backend instances
				  balance roundrobin
				  http-response set-header %s %%s
				%s""".formatted(port, BACKEND_HEADER, servers);
		try {
			Path directory = Files.createTempDirectory("countersign-haproxy-");
			Path file = Files.writeString(directory.resolve("haproxy.cfg"), config, StandardCharsets.UTF_8);
			Process process = new ProcessBuilder(executable, "-db", "-f", file.toString()).redirectErrorStream(true)
				.redirectOutput(directory.resolve("haproxy.log").toFile())
				.start();
			HaProxy proxy = new HaProxy(process, directory, port);
			proxy.awaitListening();
			return proxy;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void awaitListening() throws IOException {
		Instant deadline = Instant.now().plus(START_TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("HAProxy stopped: " + log());
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
				return;
			}
			catch (IOException ex) {
				// not yet listening
			}
		}
		close();
		throw new IllegalStateException("HAProxy did not listen on 127.0.0.1:" + this.port + ": " + log());
	}

	private String log() throws IOException {
		try (var lines = Files.lines(this.directory.resolve("haproxy.log"))) {
			return lines.collect(Collectors.joining("\n"));
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
