package dev.countersign.authz.it;

import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.countersign.test.TestDatabase;
import dev.countersign.test.TestHttp;
import dev.countersign.testidp.TestIdentityProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An approval service only: beside an identity provider, with no local users configured,
 * the server serves no password form and accepts no password.
 */
class ApprovalServiceOnlyIT {

	private static TestIdentityProvider idp;

	private static RunningServer server;

	@BeforeAll
	static void start() {
		idp = TestIdentityProvider.start("http://localhost:1/unused");
		String entry = "--countersign.federation.issuers.idp.";
		server = RunningServer.start("approval-service", "--spring.datasource.url=" + TestDatabase.createDatabase(),
				"--countersign.embedded-database.enabled=false",
				"--countersign.keys.encryption-key=" + Base64.getEncoder().encodeToString(new byte[32]),
				entry + "issuer-uri=" + idp.issuer(), entry + "audiences=http://localhost:8080",
				entry + "client-id=" + TestIdentityProvider.CLIENT_ID,
				entry + "client-secret=" + TestIdentityProvider.CLIENT_SECRET);
	}

	@AfterAll
	static void stop() {
		server.close();
		idp.close();
	}

	@Test
	void loginWhenNoLocalUsersThenOnlyTheSignInAtTheProviderAndNoPasswordSignIn() {
		TestHttp http = server.http();

		HttpResponse<String> form = http.get("/login", "Accept", "text/html");
		HttpResponse<String> posted = http.postForm("/login",
				Map.of("username", "alice", "password", "alice-password"));

		assertThat(form.statusCode()).isEqualTo(200);
		assertThat(form.body()).contains("href=\"/oauth2/authorization/idp\"").doesNotContain("name=\"password\"");
		assertThat(posted.statusCode()).isNotEqualTo(302);
		assertThat(http.get("/approve/some-id", "Accept", "text/html").statusCode()).isEqualTo(302);
	}

}
