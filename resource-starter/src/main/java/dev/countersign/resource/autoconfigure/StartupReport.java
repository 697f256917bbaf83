package dev.countersign.resource.autoconfigure;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.JsonNode;

import dev.countersign.core.StrictJson;
import dev.countersign.resource.replay.AuthorizationServerReplayStore;
import dev.countersign.resource.replay.InMemoryReplayStore;
import dev.countersign.resource.replay.JdbcReplayStore;
import dev.countersign.resource.replay.RedisReplayStore;
import dev.countersign.resource.replay.ReplayStore;
import dev.countersign.resource.web.ActionBindingResolver;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Says at start-up what the starter checks, in one line: the issuer, the replay store and every
 * bound route with its mode and action type. Then reads the issuer's authorization server metadata
 * (RFC 8414) and warns about each bound action type that its
 * {@code authorization_details_types_supported} does not list (every request of such a route
 * would be refused), and when the issuer is no Countersign server (no {@code approval_endpoint}).
 * Never fails start-up: the issuer may be down while the API starts.
 */
final class StartupReport implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(StartupReport.class);

	private final ActionBindingResolver bindings;

	private final ReplayStore replayStore;

	private final String issuer;

	private final RestClient http;

	StartupReport(ActionBindingResolver bindings, ReplayStore replayStore, String issuer, RestClient http) {
		Assert.notNull(bindings, "bindings cannot be null");
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
		logger.info(summary());
		warnings().forEach(logger::warn);
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
			return List.of("Countersign: the metadata of the issuer " + this.issuer + " could not be read from " + location
					+ " (" + ex.getMessage() + "); the bound action types " + types
					+ " were not checked against it. Bound requests answer 503 until its catalog can be read.");
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
	 * The RFC 8414 section 3 metadata URL: the well-known path between the host and the issuer's
	 * path.
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

}
