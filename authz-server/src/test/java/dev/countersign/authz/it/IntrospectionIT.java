package dev.countersign.authz.it;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.countersign.test.CodeFlow;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token introspection (RFC 7662) answers resource servers only, and only about tokens
 * whose audience they serve (issue 9, item 10).
 */
class IntrospectionIT extends AbstractAuthorizationServerIT {

	@Test
	void introspectWhenCallerIsNoResourceServerThenUnauthorizedClient() {
		String token = accessToken(DEMO_API);
		HttpResponse<String> response = introspect(CodeFlow.CLIENT_ID, CodeFlow.CLIENT_SECRET, token);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(TestHttp.json(response).get("error").asString()).isEqualTo("unauthorized_client");
		assertThat(response.body()).doesNotContain("\"active\"");
	}

	@Test
	void introspectWhenResourceServerServesTheAudienceThenActiveWithClaims() {
		HttpResponse<String> response = introspect("demo-api", "demo-api-secret", accessToken(DEMO_API));
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode claims = TestHttp.json(response);
		assertThat(claims.get("active").asBoolean()).isTrue();
		assertThat(claims.get("aud").toString()).contains(DEMO_API);
	}

	@Test
	void introspectWhenTokenIsForAnotherResourceThenInactiveAndNothingElse() {
		HttpResponse<String> response = introspect("demo-api", "demo-api-secret", accessToken("https://other.example"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"active\":false}");
	}

	private String accessToken(String resource) {
		HttpResponse<String> response = this.http.token(CodeFlow.CLIENT_ID, CodeFlow.CLIENT_SECRET,
				Map.of("grant_type", "client_credentials", "scope", "accounts.read", "resource", resource));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return TestHttp.json(response).get("access_token").asString();
	}

	private HttpResponse<String> introspect(String clientId, String secret, String token) {
		return this.http.postForm("/oauth2/introspect", Map.of("token", token), "Authorization",
				TestHttp.basic(clientId, secret));
	}

}
