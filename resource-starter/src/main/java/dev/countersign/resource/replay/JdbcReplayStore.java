package dev.countersign.resource.replay;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.util.Assert;

/**
 * A {@link ReplayStore} on a table shared by every instance of the API (PostgreSQL): one
 * {@code INSERT … ON CONFLICT DO NOTHING} per use, so the database's primary key decides
 * which of concurrent uses is first; rows of expired tokens are purged as uses go by.
 * Schema:
 * {@code dev/countersign/resource/replay/countersign-replay-schema-postgresql.sql}.
 */
public final class JdbcReplayStore implements ReplayStore {

	// instants as epoch milliseconds, turned into timestamps by PostgreSQL: binding a
	// java.sql.Timestamp builds a Calendar and the driver's timestamp formatter per
	// statement, a fifth of this store's cost on the request thread
	private static final String INSERT = "INSERT INTO countersign_used_action_token (jti_hash, expires_at) "
			+ "VALUES (?, to_timestamp(CAST(? AS bigint) / 1000.0)) ON CONFLICT (jti_hash) DO NOTHING";

	private static final String PURGE = "DELETE FROM countersign_used_action_token "
			+ "WHERE expires_at < to_timestamp(CAST(? AS bigint) / 1000.0)";

	private static final int PURGE_EVERY = 1000;

	private final JdbcOperations jdbc;

	private final AtomicInteger uses = new AtomicInteger();

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
		try {
			String hash = JtiHash.of(jti);
			long expires = expiresAt.toEpochMilli();
			boolean first = this.jdbc.update(INSERT, (statement) -> {
				statement.setString(1, hash);
				statement.setLong(2, expires);
			}) == 1;
			if (this.uses.incrementAndGet() % PURGE_EVERY == 0) {
				purge();
			}
			return first;
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
