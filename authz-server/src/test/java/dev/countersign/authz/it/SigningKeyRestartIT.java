package dev.countersign.authz.it;

import java.net.http.HttpResponse;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.countersign.test.TestDatabase;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Two application contexts, one after the other, on one fresh PostgreSQL database: the
 * signing key survives the restart, and a token minted before it verifies after it.
 */
@ExtendWith(OutputCaptureExtension.class)
class SigningKeyRestartIT {

	private static final String KEY = "--countersign.keys.encryption-key=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

	@Test
	void restartWhenSameDatabaseThenSameKidAndOldTokensVerify(CapturedOutput output) throws Exception {
		String database = "--spring.datasource.url=" + TestDatabase.createDatabase();
		String kid;
		String token;
		try (RunningServer first = RunningServer.start("demo,it", database, KEY)) {
			TestHttp http = first.http();
			kid = JWKSet.parse(http.get("/oauth2/jwks").body()).getKeys().get(0).getKeyID();
			HttpResponse<String> response = http.token("demo-client", "demo-secret",
					Map.of("grant_type", "client_credentials"));
			token = TestHttp.json(response).get("access_token").asString();
		}
		try (RunningServer second = RunningServer.start("demo,it", database, KEY)) {
			String jwks = second.http().get("/oauth2/jwks").body();
			assertThat(JWKSet.parse(jwks).getKeys()).singleElement()
				.satisfies((jwk) -> assertThat(jwk.getKeyID()).isEqualTo(kid));
			assertThat(TestTokens.verify(token, jwks, "at+jwt").getSubject()).isEqualTo("demo-client");
			assertThat(TestTokens.parse(token).getHeader().getKeyID()).isEqualTo(kid);
		}
		assertThat(output.getOut()).containsOnlyOnce("Generated signing key " + kid);
	}

	@Test
	void startWhenEncryptionKeyChangedThenRefusesNamingSetting(CapturedOutput output) {
		String database = "--spring.datasource.url=" + TestDatabase.createDatabase();
		try (RunningServer first = RunningServer.start("demo,it", database, KEY)) {
			assertThat(first.http().get("/oauth2/jwks").statusCode()).isEqualTo(200);
		}
		assertThatException().isThrownBy(() -> RunningServer.start("demo,it", database,
				"--countersign.keys.encryption-key=ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA="));
		assertThat(output).contains("countersign.keys.encryption-key does not decrypt the stored signing key");
	}

}
