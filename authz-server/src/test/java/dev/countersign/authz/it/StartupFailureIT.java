package dev.countersign.authz.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.countersign.test.FreePorts;
import dev.countersign.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A bad configuration stops start-up with one clear line naming the setting, and no stack
 * trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureIT {

	@Test
	void startWhenEncryptionKeyMissingThenNamesSetting(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> RunningServer.start("it", "--spring.datasource.url=" + TestDatabase.sharedUrl()));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("countersign.keys.encryption-key is not set; it encrypts the stored signing keys")
			.contains("openssl rand -base64 32")
			.doesNotContain("\tat dev.countersign");
	}

	@Test
	void startWhenCatalogEntryInvalidThenNamesIt(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> RunningServer.start("demo,it", "--spring.datasource.url=" + TestDatabase.sharedUrl(),
					"--countersign.actions[payments.transfer].display-template=Send {amount} to {nobody}"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains(
					"countersign.actions[payments.transfer].display-template names 'nobody', which is not a parameter");
	}

	@Test
	void startWhenClientNamesUnknownActionTypeThenNamesIt(CapturedOutput output) {
		assertThatException().isThrownBy(() -> RunningServer.start("demo,it",
				"--spring.datasource.url=" + TestDatabase.sharedUrl(),
				"--countersign.bootstrap.clients.demo-client.authorization-details-types=payments.transfer,payments.steal"));
		assertThat(output).contains(
				"countersign.bootstrap.clients.demo-client.authorization-details-types names 'payments.steal', which is not in the action catalog");
	}

	@Test
	void startWhenIssuerNotSetThenNamesIt(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> RunningServer.start("demo,it", "--spring.datasource.url=" + TestDatabase.sharedUrl(),
					"--spring.security.oauth2.authorizationserver.issuer="));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("spring.security.oauth2.authorizationserver.issuer is not set")
			.contains("action tokens carry it as iss")
			.doesNotContain("\tat dev.countersign");
	}

	@Test
	void startWhenTrustedIssuerHasNoIssuerUriThenNamesIt(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> RunningServer.start("demo,it", "--spring.datasource.url=" + TestDatabase.sharedUrl(),
					"--countersign.federation.issuers.keycloak.audiences=http://localhost:8080"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("countersign.federation.issuers.keycloak.issuer-uri is not set")
			.doesNotContain("\tat dev.countersign");
	}

	@Test
	void startWhenTrustedIssuerIsUnreachableThenStartsAndSaysSoInOneLine(CapturedOutput output) {
		int closedPort = FreePorts.next();
		try (RunningServer server = RunningServer.start("demo,it",
				"--spring.datasource.url=" + TestDatabase.sharedUrl(),
				"--countersign.federation.issuers.away.issuer-uri=http://127.0.0.1:" + closedPort,
				"--logging.level.dev.countersign.authz.federation=WARN")) {
			org.awaitility.Awaitility.await()
				.atMost(java.time.Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(output).contains("Trusted issuer away (http://127.0.0.1:" + closedPort
						+ ") cannot be read; its tokens are refused with 503 until it answers"));
			assertThat(server.http().get("/.well-known/openid-configuration").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void startWhenDatabaseUnreachableThenNamesDatasourceUrl(CapturedOutput output) {
		int closedPort = FreePorts.next();
		assertThatException().isThrownBy(() -> RunningServer.start("demo,it",
				"--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + closedPort + "/countersign",
				"--spring.datasource.hikari.connection-timeout=2000"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("spring.datasource.url (jdbc:postgresql://127.0.0.1:" + closedPort
					+ "/countersign) names a database that cannot be reached")
			.doesNotContain("\tat org.postgresql");
	}

}
