package dev.countersign.authz.it;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.countersign.test.FreePorts;
import dev.countersign.test.TestDatabase;
import dev.countersign.test.TestHttp;

/**
 * Base of the integration tests that share one running authorization server: the demo
 * profile's users and clients, on the test run's own PostgreSQL database, listening on a
 * free port of 127.0.0.1 that is also its issuer. Every subclass has the same
 * configuration, so Spring's test context cache starts the server once for all of them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles({ "demo", "it" })
abstract class AbstractAuthorizationServerIT {

	static final int PORT = FreePorts.next();

	static final String ISSUER = "http://localhost:" + PORT;

	static final String DEMO_API = "http://localhost:8080";

	/**
	 * Where the demo API's protected resource metadata is read from in these tests: a
	 * receiver on 127.0.0.1 that tests may have publish challenge keys.
	 */
	static final dev.countersign.test.HttpReceiver RESOURCE_METADATA = dev.countersign.test.HttpReceiver.started();

	TestHttp http;

	@DynamicPropertySource
	static void server(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", TestDatabase::sharedUrl);
		registry.add("server.port", () -> PORT);
		registry.add("spring.security.oauth2.authorizationserver.issuer", () -> ISSUER);
		registry.add("countersign.resource-metadata[" + DEMO_API + "]",
				() -> RESOURCE_METADATA.url("/.well-known/oauth-protected-resource"));
	}

	@BeforeEach
	void newClient() {
		this.http = new TestHttp(ISSUER);
	}

	String clientCredentialsToken(String clientId, String secret, String scope) {
		return this.http.clientCredentialsToken(clientId, secret, scope);
	}

	String jwks() {
		return this.http.get("/oauth2/jwks").body();
	}

}
