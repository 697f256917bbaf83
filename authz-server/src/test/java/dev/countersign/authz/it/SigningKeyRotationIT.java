package dev.countersign.authz.it;

import java.net.http.HttpResponse;
import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

class SigningKeyRotationIT extends AbstractAuthorizationServerIT {

	@Test
	void rotateWhenAdministratorThenNewKeySignsAndOldTokensStillVerify() throws Exception {
		String before = clientCredentialsToken("demo-client", "demo-secret", "accounts.read");
		String oldKid = TestTokens.parse(before).getHeader().getKeyID();
		String admin = clientCredentialsToken("demo-admin", "demo-admin-secret", "keys.manage");

		HttpResponse<String> rotated = this.http.post("/admin/signing-keys/rotation", "application/json", "",
				"Authorization", "Bearer " + admin);

		assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(201);
		JsonNode key = TestHttp.json(rotated);
		String newKid = key.get("kid").asString();
		assertThat(newKid).isNotEqualTo(oldKid);
		assertThat(key.get("status").asString()).isEqualTo("active");
		assertThat(rotated.body()).doesNotContain("private");

		String jwks = jwks();
		List<String> published = JWKSet.parse(jwks).getKeys().stream().map(JWK::getKeyID).toList();
		assertThat(published).contains(newKid, oldKid);
		assertThat(TestTokens.verify(before, jwks, "at+jwt").getSubject()).isEqualTo("demo-client");
		String after = clientCredentialsToken("demo-client", "demo-secret", "accounts.read");
		assertThat(TestTokens.parse(after).getHeader().getKeyID()).isEqualTo(newKid);
		assertThat(TestTokens.verify(after, jwks, "at+jwt").getSubject()).isEqualTo("demo-client");

		HttpResponse<String> list = this.http.get("/admin/signing-keys", "Authorization", "Bearer " + admin);
		assertThat(list.statusCode()).isEqualTo(200);
		JsonNode keys = TestHttp.json(list);
		assertThat(keys.get(0).get("kid").asString()).isEqualTo(newKid);
		assertThat(keys.get(0).get("status").asString()).isEqualTo("active");
		assertThat(keys.findValuesAsString("status")).contains("retiring");
		assertThat(list.body()).doesNotContain("\"d\"", "encrypted");
	}

	@Test
	void rotateWhenScopeMissingThenInsufficientScope() {
		String token = clientCredentialsToken("demo-client", "demo-secret", "accounts.read");

		HttpResponse<String> response = this.http.post("/admin/signing-keys/rotation", "application/json", "",
				"Authorization", "Bearer " + token);

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("insufficient_scope");
	}

	@Test
	void rotateWhenNoTokenThenUnauthorized() {
		HttpResponse<String> response = this.http.post("/admin/signing-keys/rotation", "application/json", "");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer");
	}

}
