package dev.countersign.resource.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.JsonNode;

import dev.countersign.core.StrictJson;
import dev.countersign.resource.replay.AuthorizationServerReplayStore;
import dev.countersign.resource.replay.InMemoryReplayStore;
import dev.countersign.resource.replay.JdbcReplayStore;
import dev.countersign.resource.replay.RedisReplayStore;
import dev.countersign.resource.replay.ReplayStore;
import dev.countersign.resource.web.ActionBindingResolver;

/**
 * Says at start-up what the starter checks, in one line: the issuer, the replay store and
 * every bound route with its mode and action type. Then reads the issuer's authorization
 * server metadata (RFC 8414) and warns about each bound action type that its
 * {@code authorization_details_types_supported} does not list (every request of such a
 * route would be refused), and when the issuer is no Countersign server (no
 * {@code approval_endpoint}). Never fails start-up nor delays it: the metadata is read on
 * a background thread, again every 2 s while the issuer does not answer (it may be
 * starting beside the API), and only when it still does not after a minute is that a
 * warning.
 */
final class StartupReport implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

	private final Duration retry;

	private final int attempts;

	private final AtomicInteger attempted = new AtomicInteger();

	private static final Log logger = LogFactory.getLog(StartupReport.class);

	private final ActionBindingResolver bindings;

	private final ReplayStore replayStore;

	private final String issuer;

	private final RestClient http;

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "countersign-startup-check");
		thread.setDaemon(true);
		return thread;
	});

	StartupReport(ActionBindingResolver bindings, ReplayStore replayStore, String issuer, RestClient http) {
		this(bindings, replayStore, issuer, http, Duration.ofSeconds(2), 30);
	}

	StartupReport(ActionBindingResolver bindings, ReplayStore replayStore, String issuer, RestClient http,
			Duration retry, int attempts) {
		Assert.notNull(bindings, "bindings cannot be null");
		Assert.isTrue(attempts > 0, "attempts must be positive");
		this.retry = retry;
		this.attempts = attempts;
		Assert.notNull(replayStore, "replayStore cannot be null");
		Assert.hasText(issuer, "issuer cannot be empty");
		Assert.notNull(http, "http cannot be null");
		this.bindings = bindings;
		this.replayStore = replayStore;
		this.issuer = issuer;
		this.http = http;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		report();
	}

	/**
	 * Logs the start-up line, then checks the issuer's metadata in the background.
	 */
	void report() {
		logger.info(summary());
		check(1);
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

	private void check(int attempt) {
		this.executor.execute(() -> {
			this.attempted.incrementAndGet();
			try {
				warnings().forEach(logger::warn);
			}
			catch (MetadataUnreadableException ex) {
				if (attempt < this.attempts && !this.executor.isShutdown()) {
					this.executor.schedule(() -> check(attempt + 1), this.retry.toMillis(), TimeUnit.MILLISECONDS);
				}
				else {
					logger.warn(ex.getMessage());
				}
			}
		});
	}

	/**
	 * How many times the metadata was asked for so far.
	 * @return the count
	 */
	int attempted() {
		return this.attempted.get();
	}

	/**
	 * The start-up line.
	 * @return what the starter checks
	 */
	String summary() {
		List<ActionBindingResolver.BoundRoute> routes = this.bindings.boundRoutes();
		String bound = routes.isEmpty()
				? "no route bound (annotate a handler method with @RequiresApproval or list countersign.resource.routes)"
				: routes.size() + ((routes.size() == 1) ? " route" : " routes") + " bound: "
						+ routes.stream().map(Object::toString).collect(Collectors.joining(", "));
		return "Countersign resource server: issuer " + this.issuer + ", replay store " + storeName() + ", " + bound;
	}

	/**
	 * What the issuer's metadata says against the bindings.
	 * @return the warnings, none when everything fits
	 * @throws MetadataUnreadableException when the issuer's metadata cannot be read now
	 */
	List<String> warnings() {
		Set<String> types = new LinkedHashSet<>();
		this.bindings.boundRoutes().forEach((route) -> types.add(route.binding().type()));
		if (types.isEmpty()) {
			return List.of();
		}
		String location = metadataUri(this.issuer);
		JsonNode metadata;
		try {
			String body = this.http.get().uri(URI.create(location)).retrieve().body(String.class);
			metadata = StrictJson.read((body != null) ? body : "");
		}
		catch (RestClientException | IllegalArgumentException ex) {
			throw new MetadataUnreadableException("Countersign: the metadata of the issuer " + this.issuer
					+ " could not be read from " + location + " (" + ex.getMessage() + "); the bound action types "
					+ types + " were not checked against it. Bound requests answer 503 until its catalog can be read.");
		}
		List<String> warnings = new ArrayList<>();
		if (!metadata.has("approval_endpoint")) {
			warnings.add("Countersign: the issuer " + this.issuer + " advertises no approval_endpoint, so it is no "
					+ "Countersign authorization server. Set countersign.resource.issuer-uri to Countersign's issuer "
					+ "(it falls back to spring.security.oauth2.resourceserver.jwt.issuer-uri, the base tokens' issuer).");
		}
		Set<String> listed = new LinkedHashSet<>();
		JsonNode supported = metadata.get("authorization_details_types_supported");
		if (supported != null && supported.isArray()) {
			supported.forEach((type) -> listed.add(type.asString()));
		}
		for (ActionBindingResolver.BoundRoute route : this.bindings.boundRoutes()) {
			String type = route.binding().type();
			if (!listed.contains(type)) {
				warnings.add("Countersign: " + route.methods() + " " + route.path() + " (" + route.origin()
						+ ") is bound to the action type " + type + ", which the issuer " + this.issuer
						+ " does not list in authorization_details_types_supported: its requests are refused until the "
						+ "type is added to that server's catalog (countersign.actions) or the binding names a listed "
						+ "type " + listed + ".");
			}
		}
		return warnings;
	}

	/**
	 * The RFC 8414 section 3 metadata URL: the well-known path between the host and the
	 * issuer's path.
	 * @param issuer the issuer
	 * @return the metadata URL
	 */
	static String metadataUri(String issuer) {
		URI uri = URI.create(issuer);
		String path = (uri.getRawPath() != null) ? uri.getRawPath() : "";
		return uri.getScheme() + "://" + uri.getRawAuthority() + "/.well-known/oauth-authorization-server"
				+ (path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
	}

	private String storeName() {
		if (this.replayStore instanceof AuthorizationServerReplayStore) {
			return "authorization-server";
		}
		if (this.replayStore instanceof JdbcReplayStore) {
			return "jdbc";
		}
		if (this.replayStore instanceof RedisReplayStore) {
			return "redis";
		}
		if (this.replayStore instanceof InMemoryReplayStore) {
			return "in-memory";
		}
		return this.replayStore.getClass().getName();
	}

	private static final class MetadataUnreadableException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		MetadataUnreadableException(String message) {
			super(message);
		}

	}

}
