package dev.countersign.resource.client;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.util.Assert;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.JsonNode;

import dev.countersign.core.Endpoints;
import dev.countersign.core.StrictJson;

/**
 * The resource server's own client of the authorization server's API for resource servers
 * (the consume and rejection endpoints): authenticated with an access token of scope
 * {@code approvals.consume} obtained by client credentials and reused until shortly
 * before it expires (checking a BCrypt client secret costs tens of milliseconds, so never
 * per call); a {@code 401} gets a new token and one retry. Blocking and bounded in time:
 * every failure to get an answer is an {@link AuthorizationServerUnreachableException}.
 */
public final class AuthorizationServerClient {

	/** The scope of the resource server's token. */
	public static final String SCOPE = Endpoints.CONSUME_SCOPE;

	private final RestClient http;

	private final URI tokenEndpoint;

	private final String clientId;

	private final String clientSecret;

	private Duration refreshBefore = Duration.ofSeconds(30);

	private Clock clock = Clock.systemUTC();

	private volatile @Nullable CachedToken token;

	public AuthorizationServerClient(RestClient http, URI tokenEndpoint, String clientId, String clientSecret) {
		Assert.notNull(http, "http cannot be null");
		Assert.notNull(tokenEndpoint, "tokenEndpoint cannot be null");
		Assert.hasText(clientId, "clientId cannot be empty");
		Assert.hasText(clientSecret, "clientSecret cannot be empty");
		this.http = http;
		this.tokenEndpoint = tokenEndpoint;
		this.clientId = clientId;
		this.clientSecret = clientSecret;
	}

	/**
	 * The HTTP client this class is meant to be used with: blocking (no thread per call)
	 * and bounded in time, so an authorization server that does not answer becomes an
	 * exception rather than a request that hangs.
	 * @param connectTimeout how long to wait for a connection
	 * @param readTimeout how long to wait for an answer
	 * @return the client
	 */
	public static RestClient restClient(Duration connectTimeout, Duration readTimeout) {
		Assert.notNull(connectTimeout, "connectTimeout cannot be null");
		Assert.notNull(readTimeout, "readTimeout cannot be null");
		SimpleClientHttpRequestFactory requestFactory = new SimpleClientHttpRequestFactory();
		requestFactory.setConnectTimeout(connectTimeout);
		requestFactory.setReadTimeout(readTimeout);
		return RestClient.builder().requestFactory(requestFactory).build();
	}

	/**
	 * How long before its expiry the access token is replaced.
	 * @param refreshBefore the margin
	 */
	public void setRefreshBefore(Duration refreshBefore) {
		Assert.notNull(refreshBefore, "refreshBefore cannot be null");
		this.refreshBefore = refreshBefore;
	}

	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Posts a JSON body with the resource server's access token, once more with a new
	 * token when the first is refused with {@code 401}.
	 * @param endpoint where to post
	 * @param json the body
	 * @param what what the endpoint is, for messages
	 * @return the answer, whatever its status
	 * @throws AuthorizationServerUnreachableException when no answer came, or no token
	 */
	public ResponseEntity<String> post(URI endpoint, String json, String what) {
		ResponseEntity<String> response = post(endpoint, json, accessToken(), what);
		if (response.getStatusCode().value() == 401) {
			// the token may have been revoked or the server restarted with other keys:
			// once more
			this.token = null;
			response = post(endpoint, json, accessToken(), what);
		}
		return response;
	}

	/**
	 * Reads an answer as strict JSON.
	 * @param body the answer's body
	 * @return the JSON
	 * @throws AuthorizationServerUnreachableException when it is no JSON
	 */
	public static JsonNode read(String body) {
		try {
			return StrictJson.read(body);
		}
		catch (IllegalArgumentException ex) {
			throw new AuthorizationServerUnreachableException("unreadable answer: " + ex.getMessage());
		}
	}

	private ResponseEntity<String> post(URI endpoint, String json, String accessToken, String what) {
		try {
			return this.http.post()
				.uri(endpoint)
				.headers((headers) -> headers.setBearerAuth(accessToken))
				.contentType(MediaType.APPLICATION_JSON)
				.body(json)
				.retrieve()
				.onStatus(HttpStatusCode::isError, (request, response) -> {
				})
				.toEntity(String.class);
		}
		catch (RestClientException ex) {
			throw new AuthorizationServerUnreachableException("the " + what + " cannot be reached", ex);
		}
	}

	private String accessToken() {
		CachedToken current = this.token;
		Instant now = this.clock.instant();
		if (current != null && now.isBefore(current.expiresAt().minus(this.refreshBefore))) {
			return current.value();
		}
		synchronized (this) {
			current = this.token;
			if (current != null && now.isBefore(current.expiresAt().minus(this.refreshBefore))) {
				return current.value();
			}
			CachedToken fresh = requestToken(now);
			this.token = fresh;
			return fresh.value();
		}
	}

	private CachedToken requestToken(Instant now) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "client_credentials");
		form.add("scope", SCOPE);
		ResponseEntity<String> response;
		try {
			response = this.http.post()
				.uri(this.tokenEndpoint)
				.headers((headers) -> headers.setBasicAuth(this.clientId, this.clientSecret))
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.accept(MediaType.APPLICATION_JSON)
				.body(form)
				.retrieve()
				.onStatus(HttpStatusCode::isError, (request, res) -> {
				})
				.toEntity(String.class);
		}
		catch (RestClientException ex) {
			throw new AuthorizationServerUnreachableException("the token endpoint cannot be reached", ex);
		}
		if (response.getStatusCode().value() != 200 || response.getBody() == null) {
			throw new AuthorizationServerUnreachableException(
					"no " + SCOPE + " token: the token endpoint answered " + response.getStatusCode().value());
		}
		JsonNode body = read(response.getBody());
		JsonNode value = body.get("access_token");
		JsonNode expiresIn = body.get("expires_in");
		if (value == null || !value.isString()) {
			throw new AuthorizationServerUnreachableException("the token endpoint answered without access_token");
		}
		long seconds = (expiresIn != null && expiresIn.isNumber()) ? expiresIn.asLong() : 60;
		return new CachedToken(value.asString(), now.plusSeconds(seconds));
	}

	private record CachedToken(String value, Instant expiresAt) {
	}

}
