package dev.countersign.authz.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

import dev.countersign.core.audit.AuditChain;

/**
 * An {@link AuditLog} on the append-only {@code audit_event} table. An append is one
 * insert of the event and of its place in the sealing queue, in the caller's transaction,
 * with no lock across the deployment: the {@link AuditSealer} links the events into the
 * hash chain ({@code audit_seal}) after they commit, in the order they became visible.
 */
public final class JdbcAuditLog implements AuditLog {

	private static final int VERIFY_BATCH = 1000;

	private static final String EVENT_COLUMNS = "e.seq, e.occurred_at, e.event, e.actor, e.subject, e.client_id, "
			+ "e.action_type, e.approval_id, e.parameters, e.outcome";

	private static final String COLUMNS = EVENT_COLUMNS + ", s.position, s.prev_hash, s.hash";

	private static final String APPEND = "WITH e AS (INSERT INTO audit_event (occurred_at, event, actor, subject, "
			+ "client_id, action_type, approval_id, parameters, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
			+ "RETURNING seq) INSERT INTO audit_unsealed (seq) SELECT seq FROM e RETURNING seq";

	private static final String FILTER = " WHERE (CAST(? AS varchar) IS NULL OR e.subject = ?)"
			+ " AND (CAST(? AS varchar) IS NULL OR e.action_type = ?)"
			+ " AND (CAST(? AS varchar) IS NULL OR e.approval_id = ?)"
			+ " AND (CAST(? AS timestamptz) IS NULL OR e.occurred_at >= ?)"
			+ " AND (CAST(? AS timestamptz) IS NULL OR e.occurred_at < ?)";

	private static final String FIND = "SELECT " + COLUMNS
			+ " FROM audit_event e LEFT JOIN audit_seal s ON s.seq = e.seq" + FILTER
			+ " ORDER BY e.seq LIMIT ? OFFSET ?";

	private static final String COUNT = "SELECT count(*) FROM audit_event e" + FILTER;

	private static final String RELEASED = "SELECT r.to_position, c.hash FROM audit_segment_release r "
			+ "LEFT JOIN audit_checkpoint c ON c.position = r.to_position ORDER BY r.to_position DESC LIMIT 1";

	private static final String CHAIN = "SELECT s.position AS link_position, s.seq AS link_seq, " + COLUMNS
			+ " FROM audit_seal s LEFT JOIN audit_event e ON e.seq = s.seq WHERE s.position > ? ORDER BY s.position"
			+ " LIMIT " + VERIFY_BATCH;

	private static final String SEALED = "SELECT " + COLUMNS
			+ " FROM audit_seal s JOIN audit_event e ON e.seq = s.seq WHERE s.position > ? ORDER BY s.position LIMIT ?";

	private static final String CHECKPOINTS = "SELECT position, hash FROM audit_checkpoint "
			+ "WHERE position > ? AND position <= ?";

	private static final String CHECKPOINT_BEYOND = "SELECT min(position) FROM audit_checkpoint WHERE position > ?";

	/** The position of the last signed checkpoint, {@code null} before the first. */
	static final String LAST_CHECKPOINT_POSITION = "SELECT max(position) FROM audit_checkpoint";

	private static final String UNSEALED = "SELECT count(*) AS events, min(e.occurred_at) AS oldest "
			+ "FROM audit_unsealed u JOIN audit_event e ON e.seq = u.seq";

	private static final String ORPHAN = "SELECT min(e.seq) FROM audit_event e "
			+ "WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.seq = e.seq) "
			+ "AND NOT EXISTS (SELECT 1 FROM audit_unsealed u WHERE u.seq = e.seq)";

	private final JdbcOperations jdbc;

	private final RowMapper<AuditEvent> rowMapper = JdbcAuditLog::mapRow;

	private final TransactionOperations snapshot;

	private Clock clock = Clock.systemUTC();

	/**
	 * The audit log in PostgreSQL.
	 * @param jdbc the database
	 * @param transactionManager its transactions: a verification reads the chain, the
	 * checkpoints and the queue in one repeatable-read snapshot, so the sealer linking
	 * events meanwhile can neither hide them nor look like removed links
	 */
	public JdbcAuditLog(JdbcOperations jdbc, PlatformTransactionManager transactionManager) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		Assert.notNull(transactionManager, "transactionManager cannot be null");
		this.jdbc = jdbc;
		TransactionTemplate snapshot = new TransactionTemplate(transactionManager);
		snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		snapshot.setReadOnly(true);
		this.snapshot = snapshot;
	}

	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	@Override
	public AuditEvent append(AuditRecord record) {
		Assert.state(TransactionSynchronizationManager.isActualTransactionActive(),
				"audit events are appended inside the transaction of the change they record");
		// PostgreSQL keeps microseconds: hash exactly what is stored
		Instant occurredAt = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Long seq = this.jdbc.queryForObject(APPEND, Long.class, Timestamp.from(occurredAt), record.event(),
				record.actor(), record.subject(), record.clientId(), record.actionType(), record.approvalId(),
				record.parameters(), record.outcome());
		Assert.state(seq != null, "the database numbered no event");
		return new AuditEvent(seq, null, occurredAt, record.event(), record.actor(), record.subject(),
				record.clientId(), record.actionType(), record.approvalId(), record.parameters(), record.outcome(),
				null, null);
	}

	@Override
	public List<AuditEvent> find(AuditQuery query) {
		List<Object> args = filterArguments(query);
		args.add(query.size());
		args.add((long) query.page() * query.size());
		return this.jdbc.query(FIND, this.rowMapper, args.toArray());
	}

	@Override
	public List<AuditEvent> chain(long afterPosition, int limit) {
		return this.jdbc.query(SEALED, this.rowMapper, afterPosition, limit);
	}

	@Override
	public long count(AuditQuery query) {
		Long count = this.jdbc.queryForObject(COUNT, Long.class, filterArguments(query).toArray());
		return (count != null) ? count : 0;
	}

	@Override
	public Verification verify() {
		Verification verification = this.snapshot.execute((status) -> verifyInSnapshot());
		Assert.state(verification != null, "the verification returned nothing");
		return verification;
	}

	private Verification verifyInSnapshot() {
		Walk walk = new Walk();
		List<Object[]> released = this.jdbc.query(RELEASED, (rs, n) -> new Object[] { rs.getLong(1), rs.getString(2) });
		if (!released.isEmpty()) {
			walk.position = (long) released.get(0)[0];
			walk.releasedUpTo = walk.position;
			if (released.get(0)[1] == null) {
				return walk.broken(walk.position + 1,
						"the chain was released up to position " + walk.position + ", where no checkpoint is");
			}
			walk.prevHash = (String) released.get(0)[1];
		}
		while (true) {
			long from = walk.position;
			List<Link> batch = this.jdbc.query(CHAIN, (rs, n) -> new Link(rs.getLong("link_position"),
					rs.getLong("link_seq"), (rs.getObject("seq") != null) ? mapRow(rs, n) : null), from);
			if (batch.isEmpty()) {
				break;
			}
			Map<Long, String> checkpoints = new HashMap<>();
			this.jdbc.query(CHECKPOINTS, (RowCallbackHandler) (rs) -> checkpoints.put(rs.getLong(1), rs.getString(2)),
					from, batch.get(batch.size() - 1).position());
			for (Link link : batch) {
				String reason = walk.check(link, checkpoints.get(link.position()));
				if (reason != null) {
					return walk.broken(walk.position + 1, reason);
				}
			}
		}
		Long beyond = this.jdbc.queryForObject(CHECKPOINT_BEYOND, Long.class, walk.position);
		if (beyond != null) {
			return walk.broken(walk.position + 1, "a checkpoint was signed at position " + beyond
					+ " but the chain ends at " + walk.position + ": sealed links were removed");
		}
		Long orphan = this.jdbc.queryForObject(ORPHAN, Long.class);
		if (orphan != null) {
			return walk.broken(walk.position + 1,
					"event " + orphan + " is neither in the chain nor waiting to be sealed");
		}
		Object[] unsealed = this.jdbc.queryForObject(UNSEALED, (rs, n) -> new Object[] { rs.getLong("events"),
				(rs.getTimestamp("oldest") != null) ? rs.getTimestamp("oldest").toInstant() : null });
		Assert.state(unsealed != null, "count returned no row");
		return new Verification(true, walk.checked, null, null, (long) unsealed[0], (Instant) unsealed[1],
				this.jdbc.queryForObject(LAST_CHECKPOINT_POSITION, Long.class), walk.releasedUpTo);
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

	static AuditEvent mapRow(ResultSet rs, int rowNum) throws SQLException {
		long position = rs.getLong("position");
		return new AuditEvent(rs.getLong("seq"), rs.wasNull() ? null : position,
				rs.getTimestamp("occurred_at").toInstant(), rs.getString("event"), rs.getString("actor"),
				rs.getString("subject"), rs.getString("client_id"), rs.getString("action_type"),
				rs.getString("approval_id"), rs.getString("parameters"), rs.getString("outcome"),
				rs.getString("prev_hash"), rs.getString("hash"));
	}

	/**
	 * One link of the chain as stored: the position, the event it seals, and the event if
	 * it is still there.
	 */
	private record Link(long position, long seq, @Nullable AuditEvent event) {
	}

	/**
	 * Where a verification has got to.
	 */
	private static final class Walk {

		private long position;

		private long releasedUpTo;

		private String prevHash = AuditChain.GENESIS;

		private long checked;

		@Nullable String check(Link link, @Nullable String checkpoint) {
			AuditEvent event = link.event();
			if (link.position() != this.position + 1) {
				return "the link at position " + (this.position + 1) + " is missing";
			}
			if (event == null) {
				return "event " + link.seq() + ", sealed at position " + link.position() + ", is missing";
			}
			if (!this.prevHash.equals(event.prevHash())) {
				return "prev_hash does not match the hash at position " + this.position;
			}
			String hash = AuditChain.link(this.prevHash, event.canonicalRow());
			if (!hash.equals(event.hash())) {
				return "hash does not match the event's content";
			}
			if (checkpoint != null && !checkpoint.equals(hash)) {
				return "the chain differs from the checkpoint signed at position " + link.position();
			}
			this.position = link.position();
			this.prevHash = hash;
			this.checked++;
			return null;
		}

		Verification broken(long at, String reason) {
			return new Verification(false, this.checked, at, reason, 0, null, null, this.releasedUpTo);
		}

	}

}
