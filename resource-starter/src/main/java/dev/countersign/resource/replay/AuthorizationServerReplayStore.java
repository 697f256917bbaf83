package dev.countersign.resource.replay;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.countersign.core.StrictJson;
import dev.countersign.resource.validation.ActionTokenException;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.Assert;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The default {@link ReplayStore}: the authorization server's {@code POST /approvals/consume},
 * authoritative for every instance of every API and audited there. The resource server
 * authenticates with an access token of scope {@code approvals.consume} obtained by client
 * credentials and reused until shortly before it expires (checking a BCrypt client secret costs
 * tens of milliseconds, so never per call). Any failure to get an answer is
 * {@link ReplayStoreUnavailableException}. A token whose grant the authorization server revoked is
 * refused naming that ({@link ActionTokenException}); a token it does not know, or of a resource
 * this server does not serve, is simply not a first use.
 */
public final class AuthorizationServerReplayStore implements ReplayStore {

	private final RestClient http;

	private final URI consumeEndpoint;

	private final URI tokenEndpoint;

	private final String clientId;

	private final String clientSecret;

	private Duration refreshBefore = Duration.ofSeconds(30);

	private Clock clock = Clock.systemUTC();

	private volatile @Nullable CachedToken token;

	public AuthorizationServerReplayStore(RestClient http, URI consumeEndpoint, URI tokenEndpoint, String clientId,
			String clientSecret) {
		Assert.notNull(http, "http cannot be null");
		Assert.notNull(consumeEndpoint, "consumeEndpoint cannot be null");
		Assert.notNull(tokenEndpoint, "tokenEndpoint cannot be null");
		Assert.hasText(clientId, "clientId cannot be empty");
		Assert.hasText(clientSecret, "clientSecret cannot be empty");
		this.http = http;
		this.consumeEndpoint = consumeEndpoint;
		this.tokenEndpoint = tokenEndpoint;
		this.clientId = clientId;
		this.clientSecret = clientSecret;
	}

	/**
	 * The HTTP client this store is meant to be used with: blocking (no thread per call) and
	 * bounded in time, so an authorization server that does not answer becomes
	 * {@link ReplayStoreUnavailableException} rather than a request that hangs.
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

	@Override
	public boolean markUsed(String jti, Instant expiresAt) {
		ResponseEntity<String> response = consume(jti, accessToken());
		if (response.getStatusCode().value() == 401) {
			// the token may have been revoked or the server restarted with other keys: once more
			this.token = null;
			response = consume(jti, accessToken());
		}
		int status = response.getStatusCode().value();
		if (status == 404) {
			// a signature this server trusts but a jti the authorization server never issued
			return false;
		}
		if (status != 200 || response.getBody() == null) {
			throw new ReplayStoreUnavailableException("the consume endpoint answered " + status);
		}
		JsonNode answer = read(response.getBody());
		JsonNode firstUse = answer.get("first_use");
		if (firstUse == null || !firstUse.isBoolean()) {
			throw new ReplayStoreUnavailableException("the consume endpoint answered without first_use");
		}
		JsonNode reason = answer.get("reason");
		if (!firstUse.asBoolean() && reason != null && "revoked".equals(reason.asString())) {
			throw new ActionTokenException("jti", "the grant of the base token was revoked");
		}
		return firstUse.asBoolean();
	}

	private ResponseEntity<String> consume(String jti, String accessToken) {
		try {
			return this.http.post()
				.uri(this.consumeEndpoint)
				.headers((headers) -> headers.setBearerAuth(accessToken))
				.contentType(MediaType.APPLICATION_JSON)
				.body(StrictJson.write(Map.of("jti", jti)))
				.retrieve()
				.onStatus(HttpStatusCode::isError, (request, response) -> {
				})
				.toEntity(String.class);
		}
		catch (RestClientException ex) {
			throw new ReplayStoreUnavailableException("the consume endpoint cannot be reached", ex);
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
		form.add("scope", "approvals.consume");
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
			throw new ReplayStoreUnavailableException("the token endpoint cannot be reached", ex);
		}
		if (response.getStatusCode().value() != 200 || response.getBody() == null) {
			throw new ReplayStoreUnavailableException(
					"no approvals.consume token: the token endpoint answered " + response.getStatusCode().value());
		}
		JsonNode body = read(response.getBody());
		JsonNode value = body.get("access_token");
		JsonNode expiresIn = body.get("expires_in");
		if (value == null || !value.isString()) {
			throw new ReplayStoreUnavailableException("the token endpoint answered without access_token");
		}
		long seconds = (expiresIn != null && expiresIn.isNumber()) ? expiresIn.asLong() : 60;
		return new CachedToken(value.asString(), now.plusSeconds(seconds));
	}

	private static JsonNode read(String body) {
		try {
			return StrictJson.read(body);
		}
		catch (IllegalArgumentException ex) {
			throw new ReplayStoreUnavailableException("unreadable answer: " + ex.getMessage());
		}
	}

	private record CachedToken(String value, Instant expiresAt) {
	}


}
