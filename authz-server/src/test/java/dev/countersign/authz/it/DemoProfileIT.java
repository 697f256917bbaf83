package dev.countersign.authz.it;

import java.nio.file.Path;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo profile as the README's run command starts it: an embedded PostgreSQL that
 * keeps its data directory, so a restart keeps the signing key and the demo data.
 */
class DemoProfileIT {

	@Test
	void demoWhenRestartedThenServesDiscoveryAndKeepsKeys(@TempDir Path data) throws Exception {
		String dataDirectory = "--countersign.embedded-database.data-directory=" + data.resolve("postgres");
		String kid;
		try (RunningServer first = RunningServer.start("demo", dataDirectory,
				"--spring.security.oauth2.authorizationserver.issuer=http://localhost:9000")) {
			TestHttp http = first.http();
			JsonNode metadata = TestHttp.json(http.get("/.well-known/openid-configuration"));
			assertThat(metadata.get("issuer").asString()).isEqualTo("http://localhost:9000");
			kid = JWKSet.parse(http.get("/oauth2/jwks").body()).getKeys().get(0).getKeyID();
			assertThat(
					http.token("demo-client", "demo-secret", Map.of("grant_type", "client_credentials")).statusCode())
				.isEqualTo(200);
			assertThat(http.login("bob", "bob-password").headers().firstValue("Location").orElseThrow())
				.doesNotContain("error");
		}
		try (RunningServer second = RunningServer.start("demo", dataDirectory)) {
			TestHttp http = second.http();
			assertThat(JWKSet.parse(http.get("/oauth2/jwks").body()).getKeys().get(0).getKeyID()).isEqualTo(kid);
			assertThat(
					http.token("demo-api", "demo-api-secret", Map.of("grant_type", "client_credentials")).statusCode())
				.isEqualTo(200);
		}
	}

}
