package dev.countersign.resource.replay;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryReplayStoreTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void markUsedWhenSecondTimeThenFalse() {
		InMemoryReplayStore store = new InMemoryReplayStore();
		assertThat(store.markUsed("jti-1", NOW.plusSeconds(60))).isTrue();
		assertThat(store.markUsed("jti-1", NOW.plusSeconds(60))).isFalse();
		assertThat(store.markUsed("jti-2", NOW.plusSeconds(60))).isTrue();
	}

	@Test
	void markUsedWhenConcurrentThenExactlyOneFirst() throws Exception {
		InMemoryReplayStore store = new InMemoryReplayStore();
		assertThat(ConcurrentUses.firstUses(store, "jti-1", 50)).isEqualTo(1);
	}

	@Test
	void purgeWhenExpiredThenForgotten() {
		InMemoryReplayStore store = new InMemoryReplayStore();
		store.setClock(Clock.fixed(NOW, ZoneOffset.UTC));
		store.markUsed("old", NOW.minusSeconds(1));
		store.markUsed("live", NOW.plusSeconds(1));
		store.purge();
		assertThat(store.size()).isEqualTo(1);
		assertThat(store.markUsed("live", NOW.plusSeconds(1))).isFalse();
	}

}
