package dev.countersign.authz.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

import dev.countersign.authz.audit.AuditLog;
import dev.countersign.authz.audit.AuditRecord;

/**
 * Removes what has ended past its retention: authorizations whose last token expired
 * (Spring Authorization Server keeps them forever), approvals that can lead to nothing
 * more (their CIBA and challenge rows go with them), delivered or abandoned
 * notifications, rotated refresh tokens past their expiry. Each table in batches of
 * {@code batch-size}, each batch its own transaction, so no purge holds locks for long;
 * one instance at a time (a session advisory lock that a second instance does not wait
 * for), safe to schedule on every instance. Each run that removed anything is audited
 * ({@code retention-purged}, with the counts). The audit log is never purged row by row:
 * with {@code countersign.audit.release-after} set, whole segments up to a checkpoint
 * that an export covered are released ({@code audit_release_segment}).
 */
public final class RetentionPurge {

	private static final Log logger = LogFactory.getLog(RetentionPurge.class);

	private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(hashtextextended('countersign-retention-purge', 0))";

	private static final String UNLOCK = "SELECT pg_advisory_unlock(hashtextextended('countersign-retention-purge', 0))";

	private static final String AUTHORIZATIONS = "DELETE FROM oauth2_authorization WHERE id IN (SELECT id FROM "
			+ "oauth2_authorization WHERE GREATEST(authorization_code_expires_at, access_token_expires_at, "
			+ "refresh_token_expires_at, oidc_id_token_expires_at, user_code_expires_at, device_code_expires_at) < ? "
			+ "LIMIT ?)";

	private static final String APPROVALS = "DELETE FROM action_approval WHERE id IN (SELECT id FROM action_approval "
			+ "WHERE status NOT IN ('pending', 'approved') "
			+ "AND coalesce(token_expires_at, revoked_at, decided_at, expires_at) < ? LIMIT ?)";

	private static final String NOTIFICATIONS = "DELETE FROM notification_outbox WHERE id IN (SELECT id FROM "
			+ "notification_outbox WHERE (delivered_at IS NOT NULL OR abandoned_at IS NOT NULL) "
			+ "AND coalesce(delivered_at, abandoned_at) < ? LIMIT ?)";

	private static final String ROTATED = "DELETE FROM rotated_refresh_token WHERE token_hash IN (SELECT token_hash "
			+ "FROM rotated_refresh_token WHERE expires_at <= ? LIMIT ?)";

	private static final String AUDIT_SEGMENT = "SELECT coalesce(sum(audit_release_segment(c.position, ?, ?)), 0) "
			+ "FROM (SELECT max(position) AS position FROM audit_checkpoint WHERE signed_at < ? "
			+ "AND position <= (SELECT max(to_position) FROM audit_export) "
			+ "AND position < (SELECT max(position) FROM audit_seal)) c WHERE c.position IS NOT NULL";

	private final JdbcOperations jdbc;

	private final AuditLog audit;

	private final TransactionOperations transactions;

	private final RetentionSettings settings;

	private Clock clock = Clock.systemUTC();

	public RetentionPurge(JdbcOperations jdbc, AuditLog audit, TransactionOperations transactions,
			RetentionSettings settings) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		Assert.notNull(audit, "audit cannot be null");
		Assert.notNull(transactions, "transactions cannot be null");
		Assert.notNull(settings, "settings cannot be null");
		this.jdbc = jdbc;
		this.audit = audit;
		this.transactions = transactions;
		this.settings = settings;
	}

	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Purges once, unless another instance is purging.
	 * @return what was removed, or {@code null} when another instance holds the purge
	 */
	public @org.jspecify.annotations.Nullable Result purge() {
		Instant now = this.clock.instant();
		java.util.Optional<Result> purged = this.jdbc
			.execute((ConnectionCallback<java.util.Optional<Result>>) (connection) -> {
				if (!flag(connection, TRY_LOCK)) {
					return java.util.Optional.empty();
				}
				try {
					return java.util.Optional
						.of(new Result(batches(connection, AUTHORIZATIONS, now.minus(this.settings.authorizations())),
								batches(connection, APPROVALS, now.minus(this.settings.approvals())),
								batches(connection, NOTIFICATIONS, now.minus(this.settings.notifications())),
								batches(connection, ROTATED, now), auditSegment(connection, now)));
				}
				finally {
					flag(connection, UNLOCK);
				}
			});
		Result result = (purged != null) ? purged.orElse(null) : null;
		if (result != null && result.total() > 0) {
			this.transactions.executeWithoutResult((status) -> this.audit.append(
					new AuditRecord("retention-purged", "system", null, null, null, null, null, result.toString())));
		}
		return result;
	}

	/**
	 * {@link #purge} as a scheduled task: a failure (the database away) is logged in one
	 * line and tried again at the next run.
	 */
	public void purgeQuietly() {
		try {
			purge();
		}
		catch (DataAccessException ex) {
			logger.warn("Retention purge failed, trying again at the next run: " + ex.getMessage());
		}
	}

	private long batches(Connection connection, String statement, Instant before) throws SQLException {
		long removed = 0;
		try (PreparedStatement delete = connection.prepareStatement(statement)) {
			while (true) {
				delete.setTimestamp(1, Timestamp.from(before));
				delete.setInt(2, this.settings.batchSize());
				int rows = delete.executeUpdate();
				removed += rows;
				if (!connection.getAutoCommit()) {
					connection.commit();
				}
				if (rows < this.settings.batchSize()) {
					return removed;
				}
			}
		}
	}

	// releases the oldest audit segments up to the newest checkpoint signed before
	// release-after that an export covered, in one transaction
	private long auditSegment(Connection connection, Instant now) throws SQLException {
		if (this.settings.auditReleaseAfter() == null) {
			return 0;
		}
		Timestamp before = Timestamp.from(now.minus(this.settings.auditReleaseAfter()));
		try (PreparedStatement release = connection.prepareStatement(AUDIT_SEGMENT)) {
			release.setTimestamp(1, before);
			release.setTimestamp(2, Timestamp.from(now));
			release.setTimestamp(3, before);
			long removed;
			try (ResultSet rs = release.executeQuery()) {
				removed = rs.next() ? rs.getLong(1) : 0;
			}
			if (!connection.getAutoCommit()) {
				connection.commit();
			}
			return removed;
		}
	}

	private static boolean flag(Connection connection, String statement) throws SQLException {
		try (PreparedStatement query = connection.prepareStatement(statement); ResultSet rs = query.executeQuery()) {
			return rs.next() && rs.getBoolean(1);
		}
	}

	/**
	 * What one purge removed.
	 *
	 * @param authorizations authorizations
	 * @param approvals approvals, with their CIBA and challenge rows
	 * @param notifications notifications
	 * @param rotatedRefreshTokens remembered rotated refresh tokens
	 * @param auditEvents audit events of released (exported, checkpointed) segments
	 */
	public record Result(long authorizations, long approvals, long notifications, long rotatedRefreshTokens,
			long auditEvents) {

		public long total() {
			return this.authorizations + this.approvals + this.notifications + this.rotatedRefreshTokens
					+ this.auditEvents;
		}

		@Override
		public String toString() {
			return this.authorizations + " authorizations, " + this.approvals + " approvals, " + this.notifications
					+ " notifications, " + this.rotatedRefreshTokens + " rotated refresh tokens, " + this.auditEvents
					+ " audit events of released segments";
		}

	}

}
