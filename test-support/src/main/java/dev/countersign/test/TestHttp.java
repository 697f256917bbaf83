package dev.countersign.test;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small HTTP client for integration tests: real requests over loopback, its own cookie
 * jar, redirects not followed so that tests see each step.
 */
public final class TestHttp {

	/** The json. */
	public static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern CSRF = Pattern
		.compile("name=\"_csrf\"(?:\\s+type=\"hidden\")?\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"");

	private final String baseUrl;

	private final HttpClient client;

	public TestHttp(String baseUrl) {
		this.baseUrl = baseUrl;
		this.client = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
	}

	public String url(String pathOrUrl) {
		return pathOrUrl.startsWith("http") ? pathOrUrl : this.baseUrl + pathOrUrl;
	}

	public HttpResponse<String> get(String pathOrUrl, String... headers) {
		return send(request(pathOrUrl, headers).GET().build());
	}

	public HttpResponse<String> post(String path, String contentType, String body, String... headers) {
		return send(request(path, headers).header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	public HttpResponse<String> patch(String path, String contentType, String body, String... headers) {
		return send(request(path, headers).header("Content-Type", contentType)
			.method("PATCH", HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	public HttpResponse<String> postForm(String path, Map<String, String> form, String... headers) {
		return post(path, "application/x-www-form-urlencoded", form(form), headers);
	}

	/**
	 * A token request authenticated with HTTP Basic.
	 * @param clientId the client id
	 * @param secret the secret
	 * @param form the form
	 * @return the http response
	 */
	public HttpResponse<String> token(String clientId, String secret, Map<String, String> form) {
		return postForm("/oauth2/token", form, "Authorization", basic(clientId, secret));
	}

	/**
	 * An access token by client credentials, the answer checked.
	 * @param clientId the client id
	 * @param secret the secret
	 * @param scope the scope asked for
	 * @return the access token
	 */
	public String clientCredentialsToken(String clientId, String secret, String scope) {
		HttpResponse<String> response = token(clientId, secret,
				Map.of("grant_type", "client_credentials", "scope", scope));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response).get("access_token").asString();
	}

	/**
	 * Signs in through the form login page, as a browser would, CSRF token included.
	 * @param username the username
	 * @param password the password
	 * @return the http response
	 */
	public HttpResponse<String> login(String username, String password) {
		HttpResponse<String> page = get("/login");
		Map<String, String> form = new LinkedHashMap<>();
		form.put("username", username);
		form.put("password", password);
		form.put("_csrf", csrf(page.body()));
		return postForm("/login", form);
	}

	public static String csrf(String html) {
		Matcher matcher = CSRF.matcher(html);
		if (!matcher.find()) {
			throw new AssertionError("no CSRF token in page: " + html);
		}
		return (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
	}

	public static String basic(String clientId, String secret) {
		return "Basic " + Base64.getEncoder()
			.encodeToString((encode(clientId) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8));
	}

	public static String form(Map<String, String> form) {
		return form.entrySet()
			.stream()
			.map((e) -> encode(e.getKey()) + "=" + encode(e.getValue()))
			.collect(Collectors.joining("&"));
	}

	public static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	public static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	public static Map<String, String> query(String location) {
		Map<String, String> result = new LinkedHashMap<>();
		String query = URI.create(location).getRawQuery();
		if (query == null) {
			return result;
		}
		for (String pair : query.split("&")) {
			int eq = pair.indexOf('=');
			result.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
					java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
		}
		return result;
	}

	private HttpRequest.Builder request(String pathOrUrl, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url(pathOrUrl)))
			.timeout(Duration.ofSeconds(30));
		for (int i = 0; i < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		return builder;
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
