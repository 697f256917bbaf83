package dev.countersign.e2e;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.countersign.authz.CountersignAuthorizationServer;
import dev.countersign.demo.DemoApiApplication;
import dev.countersign.test.TestDatabase;

/**
 * Countersign and the demo API as a team beside its identity provider runs them: the
 * authorization server (demo profile, a fresh test database) trusting the provider, and
 * the demo API taking its base tokens from the provider and its action tokens from
 * Countersign.
 */
final class BesideAnIdentityProvider {

	/** The demo API's transfer that needs approval. */
	static final String TRANSFER = "{\"toIban\":\"DE89370400440532013000\",\"amount\":250.00,\"currency\":\"EUR\"}";

	private BesideAnIdentityProvider() {
	}

	/**
	 * Starts the authorization server.
	 * @param port its port on localhost, its issuer's
	 * @param entry the trusted-issuer entry's settings, each
	 * {@code countersign.federation.issuers.<name>.<setting>=<value>} without the prefix
	 * @return the running server
	 */
	static ConfigurableApplicationContext authorizationServer(int port, String... entry) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=" + port,
				"--spring.security.oauth2.authorizationserver.issuer=http://localhost:" + port,
				"--countersign.embedded-database.enabled=false",
				"--spring.datasource.url=" + TestDatabase.createDatabase(), "--logging.level.root=WARN",
				"--countersign.resource.enabled=false"));
		for (String setting : entry) {
			arguments.add("--countersign.federation.issuers." + setting);
		}
		return new SpringApplicationBuilder(CountersignAuthorizationServer.class).profiles("demo")
			.run(arguments.toArray(String[]::new));
	}

	/**
	 * Starts the demo API.
	 * @param port its port
	 * @param provider the identity provider's issuer
	 * @param providerKeys the provider's JWK set
	 * @param countersign Countersign's issuer
	 * @param extra further arguments
	 * @return the running API
	 */
	static ConfigurableApplicationContext api(int port, String provider, String providerKeys, String countersign,
			String... extra) {
		List<String> arguments = new ArrayList<>(
				List.of("--server.port=" + port, "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + provider,
						"--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + providerKeys,
						"--countersign.resource.issuer-uri=" + countersign,
						"--countersign.resource.jwk-set-uri=" + countersign + "/oauth2/jwks",
						"--logging.level.root=WARN", RunningDemo.NO_DATABASE));
		arguments.addAll(List.of(extra));
		return new SpringApplicationBuilder(DemoApiApplication.class).properties(DemoApiApplication.CONFIG_NAME)
			.run(arguments.toArray(String[]::new));
	}

}
