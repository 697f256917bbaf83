package dev.countersign.authz.notification;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.util.Assert;

/**
 * The PostgreSQL outbox of notifications: rows written in the transaction of the approval
 * they are about, so a notification exists exactly when its approval step committed;
 * claimed by workers with {@code FOR UPDATE SKIP LOCKED} for a lease (its next attempt
 * moved past the delivery's time), so instances sharing the database do not deliver one
 * row at the same time, and a row whose worker died is tried again once the lease ends.
 */
public final class NotificationOutbox {

	private static final String INSERT = "INSERT INTO notification_outbox "
			+ "(channel, approval_id, recipient, payload, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)";

	private static final String CLAIM = "UPDATE notification_outbox SET next_attempt_at = ? WHERE id IN ("
			+ "SELECT id FROM notification_outbox WHERE delivered_at IS NULL AND abandoned_at IS NULL "
			+ "AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) "
			+ "RETURNING id, channel, approval_id, recipient, payload, attempts";

	private static final String DELIVERED = "UPDATE notification_outbox SET delivered_at = ?, attempts = attempts + 1, "
			+ "last_error = NULL WHERE id = ?";

	private static final String RETRY = "UPDATE notification_outbox SET attempts = attempts + 1, next_attempt_at = ?, "
			+ "last_error = ? WHERE id = ?";

	private static final String ABANDON = "UPDATE notification_outbox SET attempts = attempts + 1, abandoned_at = ?, "
			+ "last_error = ? WHERE id = ?";

	private static final String BACKLOG = "SELECT count(*) FROM notification_outbox "
			+ "WHERE delivered_at IS NULL AND abandoned_at IS NULL";

	private final JdbcOperations jdbc;

	public NotificationOutbox(JdbcOperations jdbc) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		this.jdbc = jdbc;
	}

	/**
	 * Writes a notification, in the caller's transaction.
	 * @param channel the channel
	 * @param approvalId the approval
	 * @param recipient where it goes
	 * @param payload what it says
	 * @param now the time
	 */
	public void enqueue(NotificationChannel.Kind channel, String approvalId, String recipient, String payload,
			Instant now) {
		this.jdbc.update(INSERT, channel.value(), approvalId, recipient, payload, Timestamp.from(now),
				Timestamp.from(now));
	}

	/**
	 * Claims the notifications due for a lease, committed at once.
	 * @param now the time
	 * @param leaseEnd when another worker may try them if this one has not finished
	 * @param limit at most this many
	 * @return the notifications
	 */
	public List<Notification> claimDue(Instant now, Instant leaseEnd, int limit) {
		return this.jdbc.query(CLAIM,
				(rs, n) -> new Notification(rs.getLong(1), NotificationChannel.Kind.of(rs.getString(2)),
						rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6)),
				Timestamp.from(leaseEnd), Timestamp.from(now), limit);
	}

	public void delivered(long id, Instant now) {
		this.jdbc.update(DELIVERED, Timestamp.from(now), id);
	}

	public void retry(long id, Instant next, String error) {
		this.jdbc.update(RETRY, Timestamp.from(next), truncate(error), id);
	}

	public void abandon(long id, Instant now, String error) {
		this.jdbc.update(ABANDON, Timestamp.from(now), truncate(error), id);
	}

	/**
	 * How many notifications wait for delivery.
	 * @return the backlog
	 */
	public long backlog() {
		Long count = this.jdbc.queryForObject(BACKLOG, Long.class);
		return (count != null) ? count : 0;
	}

	private static String truncate(String error) {
		return (error.length() > 500) ? error.substring(0, 500) : error;
	}

}
