package dev.countersign.authz.it;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.countersign.test.ApprovalClient;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed requests get the standard OAuth error or an RFC 9457 problem: never a stack
 * trace, never a 500.
 */
class ErrorResponsesIT extends AbstractAuthorizationServerIT {

	@Test
	void approvalWhenBaseTokenOfAnotherIssuerThenUnauthorizedNamingItsIssuer() throws Exception {
		HttpResponse<String> response = this.http.post("/approvals", "application/json", ApprovalClient.TRANSFER,
				"Authorization", "Bearer " + foreignToken("https://idp.example/realms/bank"));
		assertThat(response.statusCode()).isEqualTo(401);
		String description = "the bearer token was not issued by this server (iss https://idp.example/realms/bank); "
				+ "this server accepts only the access tokens it issued itself (iss " + ISSUER + ")";
		assertThat(TestHttp.json(response).get("error").asString()).isEqualTo("invalid_token");
		assertThat(TestHttp.json(response).get("error_description").asString()).isEqualTo(description);
		assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains(description);
	}

	@Test
	void approvalWhenBaseTokenNamesThisIssuerButAnotherKeySignedItThenUnauthorizedSayingSo() throws Exception {
		HttpResponse<String> response = this.http.post("/approvals", "application/json", ApprovalClient.TRANSFER,
				"Authorization", "Bearer " + foreignToken(ISSUER));
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(TestHttp.json(response).get("error_description").asString())
			.isEqualTo("the bearer token's signature does not verify with any key of this server");
	}

	/** An at+jwt access token as another server would sign it, with its own key. */
	private static String foreignToken(String issuer) throws Exception {
		com.nimbusds.jose.jwk.RSAKey key = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("foreign")
			.generate();
		java.time.Instant now = java.time.Instant.now();
		com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(
				new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256)
					.type(new com.nimbusds.jose.JOSEObjectType("at+jwt"))
					.keyID("foreign")
					.build(),
				new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer(issuer)
					.subject("alice")
					.audience("http://localhost:8080")
					.claim("client_id", "demo-client")
					.issueTime(java.util.Date.from(now))
					.expirationTime(java.util.Date.from(now.plusSeconds(300)))
					.build());
		jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner(key));
		return jwt.serialize();
	}

	@Test
	void tokenWhenGrantTypeMissingThenInvalidRequest() {
		assertOAuthError(this.http.token("demo-client", "demo-secret", Map.of("scope", "accounts.read")), 400,
				"invalid_request");
	}

	@Test
	void tokenWhenGrantTypeUnsupportedThenUnsupportedGrantType() {
		assertOAuthError(
				this.http.token("demo-client", "demo-secret",
						Map.of("grant_type", "password", "username", "alice", "password", "alice-password")),
				400, "unsupported_grant_type");
	}

	@Test
	void tokenWhenParameterRepeatedThenInvalidRequest() {
		HttpResponse<String> response = this.http.post("/oauth2/token", "application/x-www-form-urlencoded",
				"grant_type=client_credentials&scope=accounts.read&scope=openid", "Authorization",
				TestHttp.basic("demo-client", "demo-secret"));
		assertOAuthError(response, 400, "invalid_request");
	}

	@Test
	void tokenWhenJsonBodyThenInvalidRequest() {
		HttpResponse<String> response = this.http.post("/oauth2/token", "application/json",
				"{\"grant_type\":\"client_credentials\"}", "Authorization",
				TestHttp.basic("demo-client", "demo-secret"));
		assertThat(response.statusCode()).isBetween(400, 499);
		assertNoStackTrace(response);
	}

	@Test
	void tokenWhenMalformedBasicHeaderThenInvalidClient() {
		HttpResponse<String> response = this.http.postForm("/oauth2/token", Map.of("grant_type", "client_credentials"),
				"Authorization", "Basic !!!not-base64");
		assertThat(response.statusCode()).isIn(400, 401);
		assertNoStackTrace(response);
	}

	@Test
	void tokenWhenNoClientAuthenticationThenUnauthorized() {
		HttpResponse<String> response = this.http.postForm("/oauth2/token", Map.of("grant_type", "client_credentials"));
		assertThat(response.statusCode()).isEqualTo(401);
		assertNoStackTrace(response);
	}

	@Test
	void tokenWhenGetThenClientErrorWithoutStackTrace() {
		HttpResponse<String> response = this.http.get("/oauth2/token?grant_type=client_credentials", "Accept",
				"application/json");
		assertThat(response.statusCode()).isBetween(400, 499);
		assertNoStackTrace(response);
	}

	@Test
	void unknownPathWhenProgramThenProblemDetails() {
		HttpResponse<String> response = this.http.get("/no-such-endpoint", "Accept", "application/json");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(TestHttp.json(response).get("status").asInt()).isEqualTo(401);
	}

	@Test
	void unknownPathWhenAuthenticatedThenNotFoundProblem() {
		this.http.login("alice", "alice-password");
		HttpResponse<String> response = this.http.get("/no-such-endpoint", "Accept", "application/json");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(TestHttp.json(response).get("status").asInt()).isEqualTo(404);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/%2e%2e/%2e%2e/etc/passwd", "/oauth2/jwks;x=1", "/oauth2//jwks" })
	void pathWhenNotNormalizedThenBadRequestProblem(String path) {
		HttpResponse<String> response = this.http.get(path, "Accept", "application/json");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(TestHttp.json(response).get("status").asInt()).isEqualTo(400);
	}

	@Test
	void authorizeWhenNoParametersThenProblemWithOAuthError() {
		HttpResponse<String> response = this.http.get("/oauth2/authorize", "Accept", "application/json");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(TestHttp.json(response).get("error").asString()).isEqualTo("invalid_request");
	}

	@Test
	void pagesWhenServedThenNotFrameable() {
		HttpResponse<String> response = this.http.get("/login");
		assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow())
			.contains("frame-ancestors 'none'");
	}

	private static void assertOAuthError(HttpResponse<String> response, int status, String error) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(TestHttp.json(response).get("error").asString()).isEqualTo(error);
		assertNoStackTrace(response);
	}

	private static void assertNoStackTrace(HttpResponse<String> response) {
		assertThat(response.statusCode()).isLessThan(500);
		assertThat(response.body()).doesNotContain("Exception", "\tat ", "trace");
	}

}
