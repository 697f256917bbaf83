package dev.countersign.authz.it;

import java.net.http.HttpResponse;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.countersign.test.CodeFlow;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

class AuthorizationCodeIT extends AbstractAuthorizationServerIT {

	private CodeFlow flow;

	@BeforeEach
	void flow() {
		this.flow = new CodeFlow(this.http);
	}

	@Test
	void codeFlowWhenPkceThenAccessIdAndRefreshTokens() throws Exception {
		String code = this.flow.authorize(this.flow.parameters(true), "alice", "alice-password");

		HttpResponse<String> response = this.flow.exchange(code);

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
		String code = this.flow.authorize(this.flow.parameters(true), "alice", "alice-password");
		String idToken = TestHttp.json(this.flow.exchange(code)).get("id_token").asString();

		// signed by the same key, but typed JWT, not at+jwt: never accepted as an access
		// token
		HttpResponse<String> response = this.http.get("/admin/signing-keys", "Authorization", "Bearer " + idToken);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
	}

	@Test
	void refreshWhenValidThenNewAccessTokenKeepingAudienceAndSubject() throws Exception {
		String code = this.flow.authorize(this.flow.parameters(true), "bob", "bob-password");
		JsonNode tokens = TestHttp.json(this.flow.exchange(code));

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
		String code = this.flow.authorize(this.flow.parameters(true), "alice", "alice-password");
		JsonNode tokens = TestHttp.json(this.flow.exchange(code));

		HttpResponse<String> refreshed = this.http.token("demo-client", "demo-secret",
				Map.of("grant_type", "refresh_token", "refresh_token", tokens.get("refresh_token").asString(),
						"resource", "https://evil.example"));

		assertThat(refreshed.statusCode()).isEqualTo(400);
		assertThat(TestHttp.json(refreshed).get("error").asString()).isEqualTo("invalid_target");
	}

	@Test
	void tokenWhenCodeUsedTwiceThenInvalidGrant() {
		String code = this.flow.authorize(this.flow.parameters(true), "alice", "alice-password");
		assertThat(this.flow.exchange(code).statusCode()).isEqualTo(200);

		HttpResponse<String> second = this.flow.exchange(code);

		assertThat(second.statusCode()).isEqualTo(400);
		assertThat(TestHttp.json(second).get("error").asString()).isEqualTo("invalid_grant");
	}

	@Test
	void tokenWhenWrongCodeVerifierThenInvalidGrant() {
		String code = this.flow.authorize(this.flow.parameters(true), "alice", "alice-password");

		HttpResponse<String> response = this.flow.exchange(code, CodeFlow.randomVerifier());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(TestHttp.json(response).get("error").asString()).isEqualTo("invalid_grant");
	}

	@Test
	void authorizeWhenPkceMissingThenErrorToClient() {
		Map<String, String> parameters = this.flow.parameters(false);
		this.http.login("alice", "alice-password");

		HttpResponse<String> response = this.http.get(CodeFlow.uri(parameters));

		assertThat(response.statusCode()).isEqualTo(302);
		String location = response.headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith(CodeFlow.REDIRECT_URI);
		assertThat(TestHttp.query(location)).containsEntry("error", "invalid_request").containsEntry("state", "s-1");
		assertThat(TestHttp.query(location)).doesNotContainKey("code");
	}

	@Test
	void authorizeWhenRedirectUriNotRegisteredThenNoRedirect() {
		Map<String, String> parameters = this.flow.parameters(true);
		parameters.put("redirect_uri", "http://127.0.0.1:8081/elsewhere");
		this.http.login("alice", "alice-password");

		HttpResponse<String> response = this.http.get(CodeFlow.uri(parameters), "Accept", "application/json");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(TestHttp.json(response).get("error").asString()).isEqualTo("invalid_request");
		assertThat(TestHttp.json(response).get("error_description").asString()).contains("redirect_uri");
		assertThat(response.body()).doesNotContain("Exception", "\tat ");
	}

	@Test
	void authorizeWhenWebClientAsksForAnotherLoopbackPortThenNoRedirect() {
		// a confidential web client is registered with port 8081; any other port is
		// another URI
		Map<String, String> parameters = this.flow.parameters(true);
		parameters.put("redirect_uri", "http://127.0.0.1:9999/callback");
		this.http.login("alice", "alice-password");

		HttpResponse<String> response = this.http.get(CodeFlow.uri(parameters), "Accept", "application/json");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
		assertThat(TestHttp.json(response).get("error_description").asString()).contains("redirect_uri");
	}

	@Test
	void authorizeWhenNativeAppAsksForAnyLoopbackPortThenCodeThere() {
		// RFC 8252 section 7.3: a native app listens on an ephemeral port of the loopback
		// interface
		Map<String, String> parameters = this.flow.parameters(true);
		parameters.put("client_id", "native-app");
		parameters.put("scope", "accounts.read");
		parameters.remove("resource");
		parameters.put("redirect_uri", "http://127.0.0.1:53123/callback");

		String location = this.flow.signInAndAuthorize(parameters, "alice", "alice-password");

		assertThat(location).startsWith("http://127.0.0.1:53123/callback?");
		assertThat(TestHttp.query(location)).containsKey("code").containsEntry("iss", ISSUER);
		parameters.put("redirect_uri", "http://127.0.0.1:53123/elsewhere");
		HttpResponse<String> otherPath = this.http.get(CodeFlow.uri(parameters), "Accept", "application/json");
		assertThat(otherPath.statusCode()).isEqualTo(400);
	}

	@Test
	void authorizeWhenCodeOrErrorThenIssuerIdentifiedAsRfc9207Says() {
		String location = this.flow.signInAndAuthorize(this.flow.parameters(true), "alice", "alice-password");
		assertThat(TestHttp.query(location)).containsKey("code")
			.containsEntry("state", "s-1")
			.containsEntry("iss", ISSUER);

		HttpResponse<String> error = this.http.get(CodeFlow.uri(this.flow.parameters(false)));
		String errorLocation = error.headers().firstValue("Location").orElseThrow();
		assertThat(TestHttp.query(errorLocation)).containsEntry("error", "invalid_request")
			.containsEntry("iss", ISSUER);
	}

	@Test
	void authorizeWhenResourceNotRegisteredThenInvalidTargetToClient() {
		Map<String, String> parameters = this.flow.parameters(true);
		parameters.put("resource", "https://evil.example");
		this.http.login("alice", "alice-password");

		HttpResponse<String> response = this.http.get(CodeFlow.uri(parameters));

		assertThat(response.statusCode()).isEqualTo(302);
		String location = response.headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith(CodeFlow.REDIRECT_URI);
		assertThat(TestHttp.query(location)).containsEntry("error", "invalid_target").doesNotContainKey("code");
	}

	@Test
	void authorizeWhenUnknownClientThenNoRedirect() {
		Map<String, String> parameters = this.flow.parameters(true);
		parameters.put("client_id", "no-such-client");
		this.http.login("alice", "alice-password");

		HttpResponse<String> response = this.http.get(CodeFlow.uri(parameters), "Accept", "application/json");

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

}
