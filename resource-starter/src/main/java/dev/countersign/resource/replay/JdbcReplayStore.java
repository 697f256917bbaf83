package dev.countersign.resource.replay;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.util.Assert;

/**
 * A {@link ReplayStore} on a table shared by every instance of the API (PostgreSQL): an
 * {@code INSERT … ON CONFLICT DO NOTHING} of each use, so the database's primary key
 * decides which of concurrent uses is first; the uses of concurrent requests go together
 * in one multi-row insert and one commit ({@link GroupedMarks}), each request answered
 * once that commit is done; rows of expired tokens are purged as uses go by. Called
 * outside any transaction of the caller (the starter calls it from its filter), so each
 * group commits on its own. Schema:
 * {@code dev/countersign/resource/replay/countersign-replay-schema-postgresql.sql}.
 */
public final class JdbcReplayStore implements ReplayStore {

	// one statement for any number of rows (two arrays), so PostgreSQL plans it once per
	// connection, and the rows it inserted come back; instants as epoch milliseconds,
	// turned into timestamps by PostgreSQL (a java.sql.Timestamp builds a Calendar and
	// the driver's formatter per value)
	private static final String INSERT = "INSERT INTO countersign_used_action_token (jti_hash, expires_at) "
			+ "SELECT jti_hash, to_timestamp(expires_at / 1000.0) "
			+ "FROM unnest(CAST(? AS varchar[]), CAST(? AS bigint[])) AS used (jti_hash, expires_at) "
			+ "ON CONFLICT (jti_hash) DO NOTHING RETURNING jti_hash";

	private static final String PURGE = "DELETE FROM countersign_used_action_token "
			+ "WHERE expires_at < to_timestamp(CAST(? AS bigint) / 1000.0)";

	private static final int PURGE_EVERY = 1000;

	private static final int GROUP_LIMIT = 100;

	private final JdbcOperations jdbc;

	private final AtomicInteger uses = new AtomicInteger();

	private final GroupedMarks groups = new GroupedMarks(this::insertEach, GROUP_LIMIT);

	private Clock clock = Clock.systemUTC();

	public JdbcReplayStore(JdbcOperations jdbc) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		this.jdbc = jdbc;
	}

	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	@Override
	public boolean markUsed(String jti, Instant expiresAt) {
		Assert.hasText(jti, "jti cannot be empty");
		boolean first = this.groups.markUsed(JtiHash.of(jti), expiresAt);
		if (this.uses.incrementAndGet() % PURGE_EVERY == 0) {
			try {
				purge();
			}
			catch (DataAccessException ex) {
				throw new ReplayStoreUnavailableException("the replay table cannot be reached", ex);
			}
		}
		return first;
	}

	private Set<String> insertEach(List<GroupedMarks.Mark> marks) {
		String[] hashes = new String[marks.size()];
		Long[] expiries = new Long[marks.size()];
		for (int i = 0; i < marks.size(); i++) {
			hashes[i] = marks.get(i).hash();
			expiries[i] = marks.get(i).expiresAt().toEpochMilli();
		}
		try {
			List<String> inserted = this.jdbc.query((connection) -> {
				PreparedStatement statement = connection.prepareStatement(INSERT);
				statement.setArray(1, connection.createArrayOf("varchar", hashes));
				statement.setArray(2, connection.createArrayOf("bigint", expiries));
				return statement;
			}, (row, number) -> row.getString(1));
			return new HashSet<>(inserted);
		}
		catch (DataAccessException ex) {
			throw new ReplayStoreUnavailableException("the replay table cannot be reached", ex);
		}
	}

	/**
	 * Deletes the rows of tokens that have expired.
	 * @return how many rows were deleted
	 */
	public int purge() {
		long now = this.clock.millis();
		return this.jdbc.update(PURGE, (statement) -> statement.setLong(1, now));
	}

}
