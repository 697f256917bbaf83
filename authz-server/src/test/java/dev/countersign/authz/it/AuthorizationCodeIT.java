package dev.countersign.authz.it;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class AuthorizationCodeIT extends AbstractAuthorizationServerIT {

	private final String verifier = randomVerifier();

	@Test
	void codeFlowWhenPkceThenAccessIdAndRefreshTokens() throws Exception {
		String code = authorize(authorizeParameters(challenge(this.verifier)), "alice", "alice-password");

		HttpResponse<String> response = exchange(code, this.verifier);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode body = TestHttp.json(response);
		JWTClaimsSet access = TestTokens.verify(body.get("access_token").asString(), jwks(), "at+jwt");
		assertThat(access.getSubject()).isEqualTo("alice");
		assertThat(access.getStringClaim("client_id")).isEqualTo("demo-client");
		assertThat(access.getAudience()).containsExactly(DEMO_API);
		assertThat(access.getStringClaim("scope").split(" ")).containsExactlyInAnyOrder("openid", "profile",
				"accounts.read");
		JWTClaimsSet id = TestTokens.verify(body.get("id_token").asString(), jwks(), null);
		assertThat(id.getSubject()).isEqualTo("alice");
		assertThat(id.getAudience()).containsExactly("demo-client");
		assertThat(id.getStringClaim("nonce")).isEqualTo("n-1");
		assertThat(id.getIssuer()).isEqualTo(ISSUER);
		assertThat(body.get("refresh_token").asString()).isNotBlank();

		HttpResponse<String> userInfo = this.http.get("/userinfo", "Authorization",
				"Bearer " + body.get("access_token").asString());
		assertThat(userInfo.statusCode()).isEqualTo(200);
		assertThat(TestHttp.json(userInfo).get("sub").asString()).isEqualTo("alice");
	}

	@Test
	void bearerWhenIdTokenThenRefusedAsNoAccessToken() {
		String code = authorize(authorizeParameters(challenge(this.verifier)), "alice", "alice-password");
		String idToken = TestHttp.json(exchange(code, this.verifier)).get("id_token").asString();

		// signed by the same key, but typed JWT, not at+jwt: never accepted as an access token
		HttpResponse<String> response = this.http.get("/admin/signing-keys", "Authorization", "Bearer " + idToken);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
	}

	@Test
	void refreshWhenValidThenNewAccessTokenKeepingAudienceAndSubject() throws Exception {
		String code = authorize(authorizeParameters(challenge(this.verifier)), "bob", "bob-password");
		JsonNode tokens = TestHttp.json(exchange(code, this.verifier));

		HttpResponse<String> refreshed = this.http.token("demo-client", "demo-secret",
				Map.of("grant_type", "refresh_token", "refresh_token", tokens.get("refresh_token").asString()));

		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		JsonNode body = TestHttp.json(refreshed);
		assertThat(body.get("access_token").asString()).isNotEqualTo(tokens.get("access_token").asString());
		JWTClaimsSet access = TestTokens.verify(body.get("access_token").asString(), jwks(), "at+jwt");
		assertThat(access.getSubject()).isEqualTo("bob");
		assertThat(access.getAudience()).containsExactly(DEMO_API);

		// refresh tokens rotate: the old one is spent
		HttpResponse<String> again = this.http.token("demo-client", "demo-secret",
				Map.of("grant_type", "refresh_token", "refresh_token", tokens.get("refresh_token").asString()));
		assertThat(again.statusCode()).isEqualTo(400);
		assertThat(TestHttp.json(again).get("error").asString()).isEqualTo("invalid_grant");
	}

	@Test
	void refreshWhenResourceWidensThenInvalidTarget() {
		String code = authorize(authorizeParameters(challenge(this.verifier)), "alice", "alice-password");
		JsonNode tokens = TestHttp.json(exchange(code, this.verifier));

		HttpResponse<String> refreshed = this.http.token("demo-client", "demo-secret", Map.of("grant_type",
				"refresh_token", "refresh_token", tokens.get("refresh_token").asString(), "resource", "https://evil.example"));

		assertThat(refreshed.statusCode()).isEqualTo(400);
		assertThat(TestHttp.json(refreshed).get("error").asString()).isEqualTo("invalid_target");
	}

	@Test
	void tokenWhenCodeUsedTwiceThenInvalidGrant() {
		String code = authorize(authorizeParameters(challenge(this.verifier)), "alice", "alice-password");
		assertThat(exchange(code, this.verifier).statusCode()).isEqualTo(200);

		HttpResponse<String> second = exchange(code, this.verifier);

		assertThat(second.statusCode()).isEqualTo(400);
		assertThat(TestHttp.json(second).get("error").asString()).isEqualTo("invalid_grant");
	}

	@Test
	void tokenWhenWrongCodeVerifierThenInvalidGrant() {
		String code = authorize(authorizeParameters(challenge(this.verifier)), "alice", "alice-password");

		HttpResponse<String> response = exchange(code, randomVerifier());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(TestHttp.json(response).get("error").asString()).isEqualTo("invalid_grant");
	}

	@Test
	void authorizeWhenPkceMissingThenErrorToClient() {
		Map<String, String> parameters = authorizeParameters(null);
		this.http.login("alice", "alice-password");

		HttpResponse<String> response = this.http.get(authorizeUri(parameters));

		assertThat(response.statusCode()).isEqualTo(302);
		String location = response.headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith(REDIRECT_URI);
		assertThat(TestHttp.query(location)).containsEntry("error", "invalid_request").containsEntry("state", "s-1");
		assertThat(TestHttp.query(location)).doesNotContainKey("code");
	}

	@Test
	void authorizeWhenRedirectUriNotRegisteredThenNoRedirect() {
		Map<String, String> parameters = authorizeParameters(challenge(this.verifier));
		parameters.put("redirect_uri", "http://127.0.0.1:8081/elsewhere");
		this.http.login("alice", "alice-password");

		HttpResponse<String> response = this.http.get(authorizeUri(parameters), "Accept", "application/json");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(TestHttp.json(response).get("error").asString()).isEqualTo("invalid_request");
		assertThat(TestHttp.json(response).get("error_description").asString()).contains("redirect_uri");
		assertThat(response.body()).doesNotContain("Exception", "\tat ");
	}

	@Test
	void authorizeWhenResourceNotRegisteredThenInvalidTargetToClient() {
		Map<String, String> parameters = authorizeParameters(challenge(this.verifier));
		parameters.put("resource", "https://evil.example");
		this.http.login("alice", "alice-password");

		HttpResponse<String> response = this.http.get(authorizeUri(parameters));

		assertThat(response.statusCode()).isEqualTo(302);
		String location = response.headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith(REDIRECT_URI);
		assertThat(TestHttp.query(location)).containsEntry("error", "invalid_target").doesNotContainKey("code");
	}

	@Test
	void authorizeWhenUnknownClientThenNoRedirect() {
		Map<String, String> parameters = authorizeParameters(challenge(this.verifier));
		parameters.put("client_id", "no-such-client");
		this.http.login("alice", "alice-password");

		HttpResponse<String> response = this.http.get(authorizeUri(parameters), "Accept", "application/json");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
	}

	@Test
	void loginWhenWrongPasswordThenBackToLoginWithError() {
		HttpResponse<String> response = this.http.login("alice", "wrong-password");
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
		assertThat(this.http.get("/login?error").body()).contains("Wrong user name or password");
	}

	private String authorize(Map<String, String> parameters, String username, String password) {
		HttpResponse<String> first = this.http.get(authorizeUri(parameters), "Accept", "text/html");
		assertThat(first.statusCode()).isEqualTo(302);
		assertThat(first.headers().firstValue("Location").orElseThrow()).endsWith("/login");

		HttpResponse<String> login = this.http.login(username, password);
		assertThat(login.statusCode()).isEqualTo(302);
		String saved = login.headers().firstValue("Location").orElseThrow();
		assertThat(saved).contains("/oauth2/authorize");

		HttpResponse<String> redirect = this.http.get(saved);
		assertThat(redirect.statusCode()).as(redirect.body()).isEqualTo(302);
		String location = redirect.headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith(REDIRECT_URI);
		Map<String, String> query = TestHttp.query(location);
		assertThat(query).containsEntry("state", "s-1");
		return query.get("code");
	}

	private HttpResponse<String> exchange(String code, String codeVerifier) {
		return this.http.token("demo-client", "demo-secret", Map.of("grant_type", "authorization_code", "code", code,
				"redirect_uri", REDIRECT_URI, "code_verifier", codeVerifier));
	}

	private static Map<String, String> authorizeParameters(String challenge) {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("response_type", "code");
		parameters.put("client_id", "demo-client");
		parameters.put("redirect_uri", REDIRECT_URI);
		parameters.put("scope", "openid profile accounts.read");
		parameters.put("state", "s-1");
		parameters.put("nonce", "n-1");
		parameters.put("resource", DEMO_API);
		if (challenge != null) {
			parameters.put("code_challenge", challenge);
			parameters.put("code_challenge_method", "S256");
		}
		return parameters;
	}

	private static String authorizeUri(Map<String, String> parameters) {
		return "/oauth2/authorize?" + TestHttp.form(parameters);
	}

	private static String randomVerifier() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static String challenge(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
