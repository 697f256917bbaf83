package dev.countersign.test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authorization code flow with PKCE as the demo client runs it, over real HTTP:
 * authorize, form login, code, token.
 */
public final class CodeFlow {

	/** The demo API's resource indicator. */
	public static final String DEMO_API = "http://localhost:8080";

	/** The client id. */
	public static final String CLIENT_ID = "demo-client";

	/** The client secret. */
	public static final String CLIENT_SECRET = "demo-secret";

	/** The redirect uri. */
	public static final String REDIRECT_URI = "http://127.0.0.1:8081/callback";

	/** The verifier. */
	public final String verifier = randomVerifier();

	private final TestHttp http;

	public CodeFlow(TestHttp http) {
		this.http = http;
	}

	/**
	 * Tokens for a user: the whole flow from authorize to the token response.
	 * @param http the http
	 * @param username the username
	 * @param password the password
	 * @return the token response
	 */
	public static JsonNode tokens(TestHttp http, String username, String password) {
		CodeFlow flow = new CodeFlow(http);
		HttpResponse<String> response = flow.exchange(flow.authorize(flow.parameters(true), username, password));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return TestHttp.json(response);
	}

	/**
	 * A user's access token (the base token of an approval).
	 * @param http the http
	 * @param username the username
	 * @param password the password
	 * @return the access token
	 */
	public static String accessToken(TestHttp http, String username, String password) {
		return tokens(http, username, password).get("access_token").asString();
	}

	public Map<String, String> parameters(boolean pkce) {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("response_type", "code");
		parameters.put("client_id", CLIENT_ID);
		parameters.put("redirect_uri", REDIRECT_URI);
		parameters.put("scope", "openid profile accounts.read");
		parameters.put("state", "s-1");
		parameters.put("nonce", "n-1");
		parameters.put("resource", DEMO_API);
		if (pkce) {
			parameters.put("code_challenge", challenge(this.verifier));
			parameters.put("code_challenge_method", "S256");
		}
		return parameters;
	}

	public String authorize(Map<String, String> parameters, String username, String password) {
		String location = signInAndAuthorize(parameters, username, password);
		assertThat(location).startsWith(REDIRECT_URI);
		Map<String, String> query = TestHttp.query(location);
		assertThat(query).containsEntry("state", "s-1");
		return java.util.Objects.requireNonNull(query.get("code"), () -> "no code in " + location);
	}

	/**
	 * Sends the authorization request, signs the user in and follows the saved request
	 * once.
	 * @param parameters the parameters
	 * @param username the username
	 * @param password the password
	 * @return where the authorization endpoint then sends the browser: the client's
	 * redirect URI, or the consent page
	 */
	public String signInAndAuthorize(Map<String, String> parameters, String username, String password) {
		HttpResponse<String> first = this.http.get(uri(parameters), "Accept", "text/html");
		assertThat(first.statusCode()).isEqualTo(302);
		assertThat(first.headers().firstValue("Location").orElseThrow()).endsWith("/login");

		HttpResponse<String> login = this.http.login(username, password);
		assertThat(login.statusCode()).isEqualTo(302);
		String saved = login.headers().firstValue("Location").orElseThrow();
		assertThat(saved).contains("/oauth2/authorize");

		HttpResponse<String> redirect = this.http.get(saved);
		assertThat(redirect.statusCode()).as(redirect.body()).isEqualTo(302);
		return redirect.headers().firstValue("Location").orElseThrow();
	}

	public HttpResponse<String> exchange(String code) {
		return exchange(code, this.verifier);
	}

	public HttpResponse<String> exchange(String code, String codeVerifier) {
		return this.http.token(CLIENT_ID, CLIENT_SECRET, Map.of("grant_type", "authorization_code", "code", code,
				"redirect_uri", REDIRECT_URI, "code_verifier", codeVerifier));
	}

	public static String uri(Map<String, String> parameters) {
		return "/oauth2/authorize?" + TestHttp.form(parameters);
	}

	public static String randomVerifier() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	public static String challenge(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
