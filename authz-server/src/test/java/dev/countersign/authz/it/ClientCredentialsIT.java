package dev.countersign.authz.it;

import java.net.http.HttpResponse;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

class ClientCredentialsIT extends AbstractAuthorizationServerIT {

	@Test
	void tokenWhenClientCredentialsThenRfc9068AccessToken() throws Exception {
		HttpResponse<String> response = this.http.token("demo-client", "demo-secret",
				Map.of("grant_type", "client_credentials", "scope", "accounts.read"));

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode body = TestHttp.json(response);
		assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
		assertThat(body.get("scope").asString()).isEqualTo("accounts.read");
		String token = body.get("access_token").asString();
		SignedJWT jwt = TestTokens.parse(token);
		assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
		assertThat(jwt.getHeader().getKeyID()).isNotBlank();
		JWTClaimsSet claims = TestTokens.verify(token, jwks(), "at+jwt");
		assertThat(claims.getIssuer()).isEqualTo(ISSUER);
		assertThat(claims.getSubject()).isEqualTo("demo-client");
		assertThat(claims.getStringClaim("client_id")).isEqualTo("demo-client");
		// without a resource parameter the audience is every resource registered for the
		// client
		assertThat(claims.getAudience()).containsExactly(DEMO_API, "https://other.example");
		assertThat(claims.getJWTID()).isNotBlank();
		assertThat(claims.getIssueTime()).isNotNull();
		assertThat(claims.getExpirationTime()).isAfter(claims.getIssueTime());
	}

	@Test
	void tokenWhenResourceRegisteredThenAudience() throws Exception {
		HttpResponse<String> response = this.http.token("demo-client", "demo-secret",
				Map.of("grant_type", "client_credentials", "resource", DEMO_API));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JWTClaimsSet claims = TestTokens.verify(TestHttp.json(response).get("access_token").asString(), jwks(),
				"at+jwt");
		assertThat(claims.getAudience()).containsExactly(DEMO_API);
	}

	@Test
	void tokenWhenResourceNotRegisteredThenInvalidTarget() {
		HttpResponse<String> response = this.http.token("demo-client", "demo-secret",
				Map.of("grant_type", "client_credentials", "resource", "https://evil.example"));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(TestHttp.json(response).get("error").asString()).isEqualTo("invalid_target");
	}

	@Test
	void tokenWhenResourceHasFragmentThenInvalidTarget() {
		HttpResponse<String> response = this.http.token("demo-client", "demo-secret",
				Map.of("grant_type", "client_credentials", "resource", DEMO_API + "#x"));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(TestHttp.json(response).get("error").asString()).isEqualTo("invalid_target");
	}

	@Test
	void tokenWhenClientWithoutResourcesThenAudienceIsClientId() throws Exception {
		String token = clientCredentialsToken("demo-api", "demo-api-secret", "approvals.consume");
		JWTClaimsSet claims = TestTokens.verify(token, jwks(), "at+jwt");
		assertThat(claims.getAudience()).containsExactly("demo-api");
		assertThat(claims.getStringClaim("scope")).isEqualTo("approvals.consume");
	}

	@Test
	void tokenWhenBadSecretThenInvalidClient() {
		HttpResponse<String> response = this.http.token("demo-client", "wrong-secret",
				Map.of("grant_type", "client_credentials"));
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(TestHttp.json(response).get("error").asString()).isEqualTo("invalid_client");
	}

	@Test
	void tokenWhenUnknownClientThenInvalidClient() {
		HttpResponse<String> response = this.http.token("no-such-client", "secret",
				Map.of("grant_type", "client_credentials"));
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(TestHttp.json(response).get("error").asString()).isEqualTo("invalid_client");
	}

	@Test
	void tokenWhenScopeNotRegisteredThenInvalidScope() {
		HttpResponse<String> response = this.http.token("demo-client", "demo-secret",
				Map.of("grant_type", "client_credentials", "scope", "keys.manage"));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(TestHttp.json(response).get("error").asString()).isEqualTo("invalid_scope");
	}

	@Test
	void tokenWhenGrantTypeNotRegisteredThenUnauthorizedClient() {
		HttpResponse<String> response = this.http.token("demo-api", "demo-api-secret",
				Map.of("grant_type", "refresh_token", "refresh_token", "x"));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(TestHttp.json(response).get("error").asString()).isIn("unauthorized_client", "invalid_grant");
	}

}
