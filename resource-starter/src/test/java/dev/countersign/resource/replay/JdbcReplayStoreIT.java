package dev.countersign.resource.replay;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import dev.countersign.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The JDBC replay store on PostgreSQL with the schema the starter ships.
 */
class JdbcReplayStoreIT {

	private static JdbcTemplate jdbc;

	@BeforeAll
	static void database() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(TestDatabase.createDatabase());
		new ResourceDatabasePopulator(
				new ClassPathResource("dev/countersign/resource/replay/countersign-replay-schema-postgresql.sql"))
			.execute(dataSource);
		jdbc = new JdbcTemplate(dataSource);
	}

	@Test
	void markUsedWhenTwentyConcurrentUsesThenExactlyOneFirst() throws Exception {
		JdbcReplayStore store = new JdbcReplayStore(jdbc);
		assertThat(ConcurrentUses.firstUses(store, "jti-concurrent", 20)).isEqualTo(1);
		assertThat(jdbc.queryForList("SELECT jti_hash FROM countersign_used_action_token", String.class))
			.doesNotContain("jti-concurrent");
	}

	@Test
	void markUsedWhenSixteenThreadsUseTheSameFiveHundredTokensThenEachFirstExactlyOnce() throws Exception {
		JdbcReplayStore store = new JdbcReplayStore(jdbc);
		assertThat(ConcurrentUses.firstUsesOfMany(store, 16, 500).values()).hasSize(500).containsOnly(1);
	}

	@Test
	void purgeWhenTokensExpiredThenRowsGoneAndLiveOnesKept() {
		Instant now = Instant.parse("2030-01-01T00:00:00Z");
		JdbcReplayStore store = new JdbcReplayStore(jdbc);
		store.setClock(Clock.fixed(now, ZoneOffset.UTC));
		store.markUsed("expired-jti", now.minusSeconds(1));
		store.markUsed("live-jti", now.plusSeconds(60));
		assertThat(store.purge()).isGreaterThanOrEqualTo(1);
		assertThat(store.markUsed("live-jti", now.plusSeconds(60))).isFalse();
	}

	@Test
	void markUsedWhenTableMissingThenUnavailable() {
		DriverManagerDataSource empty = new DriverManagerDataSource(TestDatabase.createDatabase());
		JdbcReplayStore store = new JdbcReplayStore(new JdbcTemplate(empty));
		assertThatExceptionOfType(ReplayStoreUnavailableException.class)
			.isThrownBy(() -> store.markUsed("jti", Instant.now().plusSeconds(60)));
	}

}
