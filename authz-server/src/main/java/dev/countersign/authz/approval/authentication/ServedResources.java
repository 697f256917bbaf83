package dev.countersign.authz.approval.authentication;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.Assert;

import dev.countersign.authz.token.ClientMetadata;

/**
 * The resources a resource server's client serves, as the consume and rejection endpoints
 * check them on every call: read from the registered client and kept for a short time, so
 * a busy resource server does not cost a client read and its settings' parse per call. A
 * change of a client's resources (the bootstrap data at a restart) is seen by every
 * instance within that time; zero reads the client every time.
 */
public final class ServedResources {

	private static final int MAX_ENTRIES = 1024;

	private final RegisteredClientRepository clients;

	private final Duration timeToLive;

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	private Clock clock = Clock.systemUTC();

	/**
	 * Creates the look-up.
	 * @param clients the registered clients
	 * @param timeToLive how long a client's resources are kept; zero for not at all
	 */
	public ServedResources(RegisteredClientRepository clients, Duration timeToLive) {
		Assert.notNull(clients, "clients cannot be null");
		Assert.isTrue(timeToLive != null && !timeToLive.isNegative(), "timeToLive cannot be negative");
		this.clients = clients;
		this.timeToLive = timeToLive;
	}

	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * The resources a client serves.
	 * @param clientId the resource server's client
	 * @return its resources, none when it is not registered
	 */
	public Set<String> of(String clientId) {
		if (this.timeToLive.isZero()) {
			return read(clientId);
		}
		Instant now = this.clock.instant();
		Entry entry = this.entries.get(clientId);
		if (entry != null && now.isBefore(entry.expiresAt())) {
			return entry.resources();
		}
		Set<String> resources = read(clientId);
		if (this.entries.size() >= MAX_ENTRIES) {
			// many callers: start over rather than track the least recent
			this.entries.clear();
		}
		this.entries.put(clientId, new Entry(resources, now.plus(this.timeToLive)));
		return resources;
	}

	private Set<String> read(String clientId) {
		RegisteredClient client = this.clients.findByClientId(clientId);
		return (client != null) ? Set.copyOf(ClientMetadata.servedResources(client)) : Set.of();
	}

	private record Entry(Set<String> resources, Instant expiresAt) {
	}

}
