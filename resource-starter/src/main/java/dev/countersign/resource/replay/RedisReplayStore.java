package dev.countersign.resource.replay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;

/**
 * A {@link ReplayStore} on Redis, shared by every instance of the API: one
 * {@code SET key 1 NX PX} per use, so Redis decides which of concurrent uses is first,
 * and the key expires with the token. Set a short {@code spring.data.redis.timeout} so an
 * unreachable Redis fails a request quickly (closed) instead of holding it.
 */
public final class RedisReplayStore implements ReplayStore {

	private static final Duration MINIMUM_TTL = Duration.ofSeconds(1);

	private final StringRedisTemplate redis;

	private String keyPrefix = "countersign:used-action-token:";

	private Clock clock = Clock.systemUTC();

	public RedisReplayStore(StringRedisTemplate redis) {
		Assert.notNull(redis, "redis cannot be null");
		this.redis = redis;
	}

	/**
	 * The prefix of the keys this store writes.
	 * @param keyPrefix the prefix
	 */
	public void setKeyPrefix(String keyPrefix) {
		Assert.hasText(keyPrefix, "keyPrefix cannot be empty");
		this.keyPrefix = keyPrefix;
	}

	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	@Override
	public boolean markUsed(String jti, Instant expiresAt) {
		Assert.hasText(jti, "jti cannot be empty");
		Duration ttl = Duration.between(this.clock.instant(), expiresAt);
		if (ttl.compareTo(MINIMUM_TTL) < 0) {
			ttl = MINIMUM_TTL;
		}
		Boolean first;
		try {
			first = this.redis.opsForValue().setIfAbsent(this.keyPrefix + JtiHash.of(jti), "1", ttl);
		}
		catch (DataAccessException ex) {
			throw new ReplayStoreUnavailableException("Redis cannot be reached", ex);
		}
		if (first == null) {
			throw new ReplayStoreUnavailableException("Redis gave no answer (pipeline or transaction)");
		}
		return first;
	}

}
