package dev.countersign.authz.it;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.countersign.authz.CountersignAuthorizationServer;
import dev.countersign.test.FreePorts;
import dev.countersign.test.TestHttp;

/**
 * An authorization server started by a test itself, for tests that stop and start it
 * again or expect it not to start.
 */
final class RunningServer implements AutoCloseable {

	private static final String ISSUER_ARGUMENT = "--spring.security.oauth2.authorizationserver.issuer=";

	private final ConfigurableApplicationContext context;

	final String baseUrl;

	private RunningServer(ConfigurableApplicationContext context, String baseUrl) {
		this.context = context;
		this.baseUrl = baseUrl;
	}

	/**
	 * Starts a server on a free port of 127.0.0.1, which is also its issuer.
	 * @param profiles the profiles
	 * @param arguments extra {@code --name=value} arguments
	 * @return the running server
	 */
	static RunningServer start(String profiles, String... arguments) {
		String given = List.of(arguments)
			.stream()
			.filter((arg) -> arg.startsWith("--server.port="))
			.findFirst()
			.orElse(null);
		int port = (given != null) ? Integer.parseInt(given.substring("--server.port=".length())) : FreePorts.next();
		List<String> args = new ArrayList<>();
		if (given == null) {
			args.add("--server.port=" + port);
		}
		args.addAll(List.of(arguments));
		if (args.stream().noneMatch((arg) -> arg.startsWith("--logging.level.root="))) {
			args.add("--logging.level.root=WARN");
		}
		if (args.stream().noneMatch((arg) -> arg.startsWith(ISSUER_ARGUMENT))) {
			args.add(ISSUER_ARGUMENT + "http://localhost:" + port);
		}
		ConfigurableApplicationContext context = new SpringApplicationBuilder(CountersignAuthorizationServer.class)
			.profiles(profiles.split(","))
			.run(args.toArray(String[]::new));
		return new RunningServer(context, "http://localhost:" + port);
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	TestHttp http() {
		return new TestHttp(this.baseUrl);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
