package dev.countersign.resource.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.countersign.test.FreePorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Redis replay store against a real Redis on 127.0.0.1: the port in the system
 * property {@code countersign.test.redis.port} ({@code ./run-tests} starts a private
 * one), else 6379.
 */
class RedisReplayStoreIT {

	private static LettuceConnectionFactory connections;

	private static StringRedisTemplate redis;

	@BeforeAll
	static void redis() {
		connections = factory(Integer.getInteger("countersign.test.redis.port", 6379));
		redis = new StringRedisTemplate(connections);
	}

	@AfterAll
	static void close() {
		connections.destroy();
	}

	@Test
	void markUsedWhenTwentyConcurrentUsesThenExactlyOneFirstAndKeyExpires() throws Exception {
		RedisReplayStore store = new RedisReplayStore(redis);
		store.setKeyPrefix("countersign-test:" + UUID.randomUUID() + ":");
		assertThat(ConcurrentUses.firstUses(store, "jti-1", 20)).isEqualTo(1);
		assertThat(redis.keys("countersign-test:*")).allSatisfy((key) -> {
			Long ttl = redis.getExpire(key);
			assertThat(ttl).isBetween(1L, 30L);
		});
	}

	@Test
	void markUsedWhenSixteenThreadsUseTheSameFiveHundredTokensThenEachFirstExactlyOnce() throws Exception {
		RedisReplayStore store = new RedisReplayStore(redis);
		store.setKeyPrefix("countersign-test:" + UUID.randomUUID() + ":");
		assertThat(ConcurrentUses.firstUsesOfMany(store, 16, 500).values()).hasSize(500).containsOnly(1);
	}

	@Test
	void markUsedWhenRedisUnreachableThenUnavailable() {
		LettuceConnectionFactory closed = factory(FreePorts.next());
		try {
			RedisReplayStore store = new RedisReplayStore(new StringRedisTemplate(closed));
			assertThatExceptionOfType(ReplayStoreUnavailableException.class)
				.isThrownBy(() -> store.markUsed("jti", Instant.now().plusSeconds(60)));
		}
		finally {
			closed.destroy();
		}
	}

	private static LettuceConnectionFactory factory(int port) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", port),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

}
