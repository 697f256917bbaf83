package dev.countersign.e2e;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.countersign.authz.CountersignAuthorizationServer;
import dev.countersign.demo.DemoApiApplication;
import dev.countersign.test.FreePorts;
import dev.countersign.test.TestDatabase;

/**
 * The authorization server (demo profile, test PostgreSQL) and two instances of the demo
 * API in this JVM on free ports of 127.0.0.1, started once for every end-to-end test
 * class and stopped when the JVM exits. The APIs keep their resource indicator
 * {@code http://localhost:8080}: it names the API, wherever it listens.
 */
final class RunningDemo {

	/**
	 * The authorization server's JDBC and Flyway share this classpath; the API has no
	 * database.
	 */
	static final String NO_DATABASE = "--spring.autoconfigure.exclude="
			+ "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
			+ "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration";

	/** A client whose registration lets it carry any records.read or orders.update. */
	static final String SERVICE_CLIENT = "e2e-service";

	static final String SERVICE_SECRET = "e2e-service-secret";

	private static RunningDemo instance;

	final ConfigurableApplicationContext authorizationServer;

	final ConfigurableApplicationContext api;

	final ConfigurableApplicationContext secondApi;

	final String issuer;

	final String apiUrl;

	final String secondApiUrl;

	private RunningDemo() {
		int authzPort = FreePorts.next();
		int apiPort = FreePorts.next();
		this.issuer = "http://localhost:" + authzPort;
		this.authorizationServer = new SpringApplicationBuilder(CountersignAuthorizationServer.class).profiles("demo")
			.run("--server.port=" + authzPort, "--spring.security.oauth2.authorizationserver.issuer=" + this.issuer,
					"--countersign.embedded-database.enabled=false",
					"--spring.datasource.url=" + TestDatabase.sharedUrl(), "--logging.level.root=WARN",
					// what docs/resource-starter.md tells to add for an API of one's own
					"--spring.config.additional-location=file:" + ExistingApiExampleIT.AUTHORIZATION_SERVER_CONFIG,
					// the starter shares this test classpath; the authorization server is
					// no protected API
					"--countersign.resource.enabled=false",
					// the demo API is not at its resource identifier: where its metadata
					// is
					"--countersign.resource-metadata[http://localhost:8080]=http://localhost:" + apiPort
							+ "/.well-known/oauth-protected-resource",
					// end-to-end tests make many approvals for alice
					"--countersign.approvals.max-pending-per-subject=1000",
					"--countersign.approvals.max-requests-per-window=1000", "--countersign.approvals.interval=1s",
					// a back-office service that may carry any records.read or
					// orders.update by client
					// credentials: the tests' way to get tokens with exactly the grants
					// they need
					"--countersign.bootstrap.clients." + SERVICE_CLIENT + ".secret=" + SERVICE_SECRET,
					"--countersign.bootstrap.clients." + SERVICE_CLIENT + ".grant-types=client_credentials",
					"--countersign.bootstrap.clients." + SERVICE_CLIENT + ".scopes=accounts.read",
					"--countersign.bootstrap.clients." + SERVICE_CLIENT + ".resources=http://localhost:8080",
					"--countersign.bootstrap.clients." + SERVICE_CLIENT
							+ ".authorization-details-types=records.read,orders.update",
					"--countersign.bootstrap.clients." + SERVICE_CLIENT
							+ ".client-credentials-authorization-details=[{\"type\":\"records.read\"},{\"type\":\"orders.update\"}]");
		this.apiUrl = "http://localhost:" + apiPort;
		// the demo API's resource identifier is http://localhost:8080, its address here
		// another port: where it publishes its transaction challenge keys
		this.api = startApi(apiPort,
				"--countersign.resource.transaction-challenge.jwks-uri=" + this.apiUrl
						+ "/.well-known/txn-challenge-jwks",
				"--countersign.resource.metadata.uri=" + this.apiUrl + "/.well-known/oauth-protected-resource");
		int secondPort = FreePorts.next();
		this.secondApiUrl = "http://localhost:" + secondPort;
		this.secondApi = startApi(secondPort);
	}

	static synchronized RunningDemo get() {
		if (instance == null) {
			instance = new RunningDemo();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				instance.secondApi.close();
				instance.api.close();
				instance.authorizationServer.close();
			}));
		}
		return instance;
	}

	/**
	 * An access token carrying granted authorization_details, as the authorization server
	 * issues it: client credentials of {@link #SERVICE_CLIENT}, the entries asked for at
	 * the token endpoint.
	 */
	String grantedToken(String details) {
		java.net.http.HttpResponse<String> response = new dev.countersign.test.TestHttp(this.issuer)
			.token(SERVICE_CLIENT, SERVICE_SECRET, java.util.Map.of("grant_type", "client_credentials", "scope",
					"accounts.read", "resource", "http://localhost:8080", "authorization_details", details));
		if (response.statusCode() != 200) {
			throw new IllegalStateException("no granted token: " + response.body());
		}
		return dev.countersign.test.TestHttp.json(response).get("access_token").asString();
	}

	/**
	 * Another demo API instance with extra arguments, for a test that needs its own
	 * settings.
	 */
	ConfigurableApplicationContext startApi(int port, String... extra) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=" + port,
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + this.issuer,
				"--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + this.issuer + "/oauth2/jwks",
				"--logging.level.root=WARN", NO_DATABASE));
		arguments.addAll(List.of(extra));
		return new SpringApplicationBuilder(DemoApiApplication.class).properties(DemoApiApplication.CONFIG_NAME)
			.run(arguments.toArray(String[]::new));
	}

}
