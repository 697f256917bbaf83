package dev.countersign.resource.replay;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.util.Assert;

/**
 * A {@link ReplayStore} in this JVM's memory, like Spring Security's DPoP proof replay
 * check: the SHA-256 of each {@code jti} is put if absent and kept until the token's
 * expiry. Correct for a single instance only: two instances of an API each accept the
 * token once.
 */
public final class InMemoryReplayStore implements ReplayStore {

	private static final int PURGE_EVERY = 1024;

	private final Map<String, Instant> used = new ConcurrentHashMap<>();

	private final AtomicInteger insertions = new AtomicInteger();

	private Clock clock = Clock.systemUTC();

	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	@Override
	public boolean markUsed(String jti, Instant expiresAt) {
		Assert.hasText(jti, "jti cannot be empty");
		if (this.insertions.incrementAndGet() % PURGE_EVERY == 0) {
			purge();
		}
		return this.used.putIfAbsent(JtiHash.of(jti), expiresAt) == null;
	}

	/**
	 * Forgets ids whose tokens have expired.
	 */
	public void purge() {
		Instant now = this.clock.instant();
		this.used.values().removeIf(now::isAfter);
	}

	int size() {
		return this.used.size();
	}

}
