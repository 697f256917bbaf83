package dev.countersign.resource.validation;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import dev.countersign.core.ActionTypeSchema;

/**
 * The authorization server's catalog, read from its authorization details types metadata
 * endpoint (draft-zehavi-oauth-rar-metadata section 5) on first use and again after
 * {@link #setRefreshInterval refresh interval}. When a refresh fails the last document
 * read is kept (the catalog changes only when the server is reconfigured); when none was
 * ever read, every bound request is refused with {@code 503} until one is, and the
 * endpoint is asked again at most once per {@link #setRetryAfterFailure retry interval},
 * so an unreachable server costs one timeout, not one per request.
 */
public final class RemoteActionTypeSchemas implements ActionTypeSchemas {

	private static final Log logger = LogFactory.getLog(RemoteActionTypeSchemas.class);

	private final RestClient http;

	private final URI uri;

	private Duration refreshInterval = Duration.ofMinutes(5);

	private Duration retryAfterFailure = Duration.ofSeconds(5);

	private Clock clock = Clock.systemUTC();

	private volatile @Nullable Snapshot snapshot;

	private volatile @Nullable Instant failedAt;

	/**
	 * Create a new {@code RemoteActionTypeSchemas}.
	 * @param http the HTTP client, bounded in time (see
	 * {@code AuthorizationServerClient.restClient})
	 * @param uri the authorization details types metadata endpoint
	 */
	public RemoteActionTypeSchemas(RestClient http, URI uri) {
		Assert.notNull(http, "http cannot be null");
		Assert.notNull(uri, "uri cannot be null");
		this.http = http;
		this.uri = uri;
	}

	/**
	 * How long a document read is used before it is read again.
	 * @param refreshInterval the interval
	 */
	public void setRefreshInterval(Duration refreshInterval) {
		Assert.isTrue(refreshInterval != null && !refreshInterval.isNegative(), "refreshInterval must not be negative");
		this.refreshInterval = refreshInterval;
	}

	/**
	 * How long after a failed read the endpoint is left alone.
	 * @param retryAfterFailure the interval
	 */
	public void setRetryAfterFailure(Duration retryAfterFailure) {
		Assert.isTrue(retryAfterFailure != null && !retryAfterFailure.isNegative(),
				"retryAfterFailure must not be negative");
		this.retryAfterFailure = retryAfterFailure;
	}

	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	@Override
	public @Nullable ActionTypeSchema find(String type) {
		return current().schemas().get(type);
	}

	private Snapshot current() {
		Snapshot known = this.snapshot;
		Instant now = this.clock.instant();
		if (known != null && now.isBefore(known.readAt().plus(this.refreshInterval))) {
			return known;
		}
		synchronized (this) {
			known = this.snapshot;
			if (known != null && now.isBefore(known.readAt().plus(this.refreshInterval))) {
				return known;
			}
			Instant failed = this.failedAt;
			if (failed != null && now.isBefore(failed.plus(this.retryAfterFailure))) {
				return staleOrFail(known, "the last attempt failed moments ago", null);
			}
			try {
				Snapshot fresh = new Snapshot(read(), now);
				this.snapshot = fresh;
				this.failedAt = null;
				return fresh;
			}
			catch (ActionTypeSchemasUnavailableException ex) {
				this.failedAt = now;
				return staleOrFail(known, ex.getMessage(), ex);
			}
		}
	}

	private Snapshot staleOrFail(@Nullable Snapshot known, @Nullable String reason,
			@Nullable ActionTypeSchemasUnavailableException cause) {
		if (known != null) {
			if (cause != null) {
				logger.warn("Keeping the action catalog read at " + known.readAt() + ": " + reason);
			}
			return known;
		}
		String message = "the action catalog at " + this.uri + " cannot be read: " + reason;
		throw (cause != null) ? new ActionTypeSchemasUnavailableException(message, cause)
				: new ActionTypeSchemasUnavailableException(message);
	}

	private Map<String, ActionTypeSchema> read() {
		ResponseEntity<String> response;
		try {
			response = this.http.get()
				.uri(this.uri)
				.accept(MediaType.APPLICATION_JSON)
				.retrieve()
				.onStatus(HttpStatusCode::isError, (request, res) -> {
				})
				.toEntity(String.class);
		}
		catch (RestClientException ex) {
			throw new ActionTypeSchemasUnavailableException("it cannot be reached", ex);
		}
		if (response.getStatusCode().value() != 200 || response.getBody() == null) {
			throw new ActionTypeSchemasUnavailableException("it answered " + response.getStatusCode().value());
		}
		try {
			return InMemoryActionTypeSchemas.parse(response.getBody());
		}
		catch (IllegalArgumentException ex) {
			throw new ActionTypeSchemasUnavailableException("its answer is unreadable: " + ex.getMessage(), ex);
		}
	}

	private record Snapshot(Map<String, ActionTypeSchema> schemas, Instant readAt) {
	}

}
