package dev.countersign.authz.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * An {@link AuditLog} on the append-only {@code audit_event} table: appends are
 * serialized by a transaction-scoped advisory lock, so the chain has no gaps and no
 * forks.
 */
public final class JdbcAuditLog implements AuditLog {

	/** The hash before the first event. */
	public static final String GENESIS = "0".repeat(64);

	private static final int VERIFY_BATCH = 1000;

	private static final String COLUMNS = "seq, occurred_at, event, actor, subject, client_id, action_type, "
			+ "approval_id, parameters, outcome, prev_hash, hash";

	private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('countersign-audit-chain', 0))";

	private static final String LAST = "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1";

	private static final String INSERT = "INSERT INTO audit_event (" + COLUMNS
			+ ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private static final String FILTER = " WHERE (CAST(? AS varchar) IS NULL OR subject = ?)"
			+ " AND (CAST(? AS varchar) IS NULL OR action_type = ?)"
			+ " AND (CAST(? AS varchar) IS NULL OR approval_id = ?)"
			+ " AND (CAST(? AS timestamptz) IS NULL OR occurred_at >= ?)"
			+ " AND (CAST(? AS timestamptz) IS NULL OR occurred_at < ?)";

	private static final String FIND = "SELECT " + COLUMNS + " FROM audit_event" + FILTER
			+ " ORDER BY seq LIMIT ? OFFSET ?";

	private static final String COUNT = "SELECT count(*) FROM audit_event" + FILTER;

	private static final String CHAIN = "SELECT " + COLUMNS + " FROM audit_event WHERE seq > ? ORDER BY seq LIMIT "
			+ VERIFY_BATCH;

	private final JdbcOperations jdbc;

	private final RowMapper<AuditEvent> rowMapper = JdbcAuditLog::mapRow;

	private Clock clock = Clock.systemUTC();

	public JdbcAuditLog(JdbcOperations jdbc) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		this.jdbc = jdbc;
	}

	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	@Override
	public AuditEvent append(AuditRecord record) {
		Assert.state(TransactionSynchronizationManager.isActualTransactionActive(),
				"audit events are appended inside the transaction of the change they record");
		this.jdbc.query(LOCK, (RowCallbackHandler) (rs) -> {
		});
		List<Object[]> last = this.jdbc.query(LAST, (rs, n) -> new Object[] { rs.getLong(1), rs.getString(2) });
		long seq = last.isEmpty() ? 1 : (long) last.get(0)[0] + 1;
		String prevHash = last.isEmpty() ? GENESIS : (String) last.get(0)[1];
		// PostgreSQL keeps microseconds: hash exactly what is stored
		Instant occurredAt = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		AuditEvent unhashed = new AuditEvent(seq, occurredAt, record.event(), record.actor(), record.subject(),
				record.clientId(), record.actionType(), record.approvalId(), record.parameters(), record.outcome(),
				prevHash, "");
		AuditEvent event = new AuditEvent(seq, occurredAt, record.event(), record.actor(), record.subject(),
				record.clientId(), record.actionType(), record.approvalId(), record.parameters(), record.outcome(),
				prevHash, hash(prevHash, unhashed.canonicalRow()));
		this.jdbc.update(INSERT, event.seq(), Timestamp.from(occurredAt), event.event(), event.actor(), event.subject(),
				event.clientId(), event.actionType(), event.approvalId(), event.parameters(), event.outcome(),
				event.prevHash(), event.hash());
		return event;
	}

	@Override
	public List<AuditEvent> find(AuditQuery query) {
		List<Object> args = filterArguments(query);
		args.add(query.size());
		args.add((long) query.page() * query.size());
		return this.jdbc.query(FIND, this.rowMapper, args.toArray());
	}

	@Override
	public long count(AuditQuery query) {
		Long count = this.jdbc.queryForObject(COUNT, Long.class, filterArguments(query).toArray());
		return (count != null) ? count : 0;
	}

	@Override
	public Verification verify() {
		long expectedSeq = 1;
		String prevHash = GENESIS;
		long checked = 0;
		while (true) {
			List<AuditEvent> batch = this.jdbc.query(CHAIN, this.rowMapper, expectedSeq - 1);
			if (batch.isEmpty()) {
				return new Verification(true, checked, null, null);
			}
			for (AuditEvent event : batch) {
				String reason = null;
				if (event.seq() != expectedSeq) {
					reason = "event " + expectedSeq + " is missing";
				}
				else if (!event.prevHash().equals(prevHash)) {
					reason = "prev_hash does not match the hash of event " + (expectedSeq - 1);
				}
				else if (!event.hash().equals(hash(prevHash, event.canonicalRow()))) {
					reason = "hash does not match the event's content";
				}
				if (reason != null) {
					return new Verification(false, checked, expectedSeq, reason);
				}
				checked++;
				expectedSeq++;
				prevHash = event.hash();
			}
		}
	}

	/**
	 * The chain hash of a row.
	 * @param prevHash the hash of the row before, hex
	 * @param canonicalRow the row's canonical form
	 * @return the SHA-256 of both, in hex
	 */
	static String hash(String prevHash, String canonicalRow) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(prevHash.getBytes(StandardCharsets.US_ASCII));
			digest.update(canonicalRow.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<Object> filterArguments(AuditQuery query) {
		List<Object> args = new ArrayList<>();
		pair(args, query.subject());
		pair(args, query.actionType());
		pair(args, query.approvalId());
		pair(args, (query.from() != null) ? Timestamp.from(query.from()) : null);
		pair(args, (query.to() != null) ? Timestamp.from(query.to()) : null);
		return args;
	}

	private static void pair(List<Object> args, @Nullable Object value) {
		args.add(value);
		args.add(value);
	}

	private static AuditEvent mapRow(ResultSet rs, int rowNum) throws SQLException {
		return new AuditEvent(rs.getLong("seq"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("event"),
				rs.getString("actor"), rs.getString("subject"), rs.getString("client_id"), rs.getString("action_type"),
				rs.getString("approval_id"), rs.getString("parameters"), rs.getString("outcome"),
				rs.getString("prev_hash"), rs.getString("hash"));
	}

}
