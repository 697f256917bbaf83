package dev.countersign.authz.login;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.util.Assert;

/**
 * The {@code login_throttle} table: failures and lock-outs per key (an account or an
 * address), shared by every instance.
 */
final class ThrottleCounters {

	private static final String SELECT = "SELECT throttle_key, failures, last_failure_at, locked_until "
			+ "FROM login_throttle WHERE throttle_key IN (?, ?)";

	private static final String COUNT_FAILURE = "INSERT INTO login_throttle (throttle_key, failures, last_failure_at) "
			+ "VALUES (?, 1, ?) ON CONFLICT (throttle_key) DO UPDATE SET failures = CASE "
			+ "WHEN login_throttle.last_failure_at < ? THEN 1 ELSE login_throttle.failures + 1 END, "
			+ "last_failure_at = EXCLUDED.last_failure_at RETURNING failures";

	private static final String LOCK = "UPDATE login_throttle SET locked_until = ? WHERE throttle_key = ?";

	private static final String CLEAR = "DELETE FROM login_throttle WHERE throttle_key = ?";

	private static final String PURGE = "DELETE FROM login_throttle WHERE last_failure_at < ? "
			+ "AND (locked_until IS NULL OR locked_until < ?)";

	private final JdbcOperations jdbc;

	ThrottleCounters(JdbcOperations jdbc) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		this.jdbc = jdbc;
	}

	/**
	 * The state of an account and an address.
	 * @param accountKey the account's key
	 * @param addressKey the address's key
	 * @param now the time
	 * @return the account's failures and the later lock-out still running of the two
	 */
	State read(String accountKey, String addressKey, Instant now) {
		int[] accountFailures = { 0 };
		Instant[] lockedUntil = { null };
		this.jdbc.query(SELECT, (rs) -> {
			Timestamp locked = rs.getTimestamp("locked_until");
			if (locked != null && locked.toInstant().isAfter(now)
					&& (lockedUntil[0] == null || locked.toInstant().isAfter(lockedUntil[0]))) {
				lockedUntil[0] = locked.toInstant();
			}
			if (rs.getString("throttle_key").equals(accountKey)) {
				accountFailures[0] = rs.getInt("failures");
			}
		}, accountKey, addressKey);
		return new State(accountFailures[0], lockedUntil[0]);
	}

	/**
	 * Counts one failure of a key, starting again when the last one is older than the
	 * window.
	 * @param key the key
	 * @param now the time
	 * @param windowStart the start of the failure window
	 * @return the failures counted now
	 */
	int countFailure(String key, Instant now, Instant windowStart) {
		List<Integer> counted = this.jdbc.query(COUNT_FAILURE, (rs, n) -> rs.getInt(1), key, Timestamp.from(now),
				Timestamp.from(windowStart));
		return counted.isEmpty() ? 1 : counted.get(0);
	}

	void lock(String key, Instant until) {
		this.jdbc.update(LOCK, Timestamp.from(until), key);
	}

	void clear(String key) {
		this.jdbc.update(CLEAR, key);
	}

	/**
	 * Forgets failures older than the window whose lock-out is over.
	 * @param windowStart the start of the failure window
	 * @param now the time
	 * @return how many keys were forgotten
	 */
	int purge(Instant windowStart, Instant now) {
		return this.jdbc.update(PURGE, Timestamp.from(windowStart), Timestamp.from(now));
	}

	/**
	 * An account's failures and the lock-out running on it or its address.
	 *
	 * @param accountFailures the account's failures counted
	 * @param lockedUntil the end of the later running lock-out, or {@code null}
	 */
	record State(int accountFailures, @Nullable Instant lockedUntil) {
	}

}
