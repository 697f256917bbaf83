package dev.countersign.resource.replay;

import java.sql.Timestamp;
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

	private static final String INSERT = "INSERT INTO countersign_used_action_token (jti_hash, expires_at) VALUES (?, ?) "
			+ "ON CONFLICT (jti_hash) DO NOTHING";

	private static final String PURGE = "DELETE FROM countersign_used_action_token WHERE expires_at < ?";

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
			boolean first = this.jdbc.update(INSERT, JtiHash.of(jti), Timestamp.from(expiresAt)) == 1;
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
		return this.jdbc.update(PURGE, Timestamp.from(this.clock.instant()));
	}

}
