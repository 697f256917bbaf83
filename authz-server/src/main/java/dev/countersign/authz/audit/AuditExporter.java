package dev.countersign.authz.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

import dev.countersign.core.StrictJson;
import dev.countersign.core.audit.AuditChain;

/**
 * Writes the chain up to a checkpoint as newline-delimited JSON
 * ({@value AuditChain#EXPORT_FORMAT}): a header, every sealed event in chain order, the
 * signed checkpoints of that range (with the checkpoint the range starts after, when
 * older segments were released) and a trailer. {@code countersign-audit verify} proves
 * such a file complete and unchanged up to its last checkpoint without database access.
 * <p>
 * A finished export is recorded (and audited): only segments an export covered may be
 * released from the database.
 */
public final class AuditExporter {

	private static final int BATCH = 1000;

	private static final String START = "SELECT s.position, s.prev_hash FROM audit_seal s ORDER BY s.position LIMIT 1";

	private static final String CHECKPOINT_AT = "SELECT position FROM audit_checkpoint WHERE position = ?";

	private static final String CHECKPOINTS = "SELECT position, hash, signed_at, key_id, public_jwk, jws "
			+ "FROM audit_checkpoint WHERE position >= ? AND position <= ? ORDER BY position";

	private static final String RECORD = "INSERT INTO audit_export (to_position, exported_at, exported_by) "
			+ "VALUES (?, ?, ?)";

	private final JdbcOperations jdbc;

	private final AuditLog audit;

	private final AuditSealer sealer;

	private final TransactionOperations transactions;

	private final String issuer;

	private Clock clock = Clock.systemUTC();

	/**
	 * Creates the exporter.
	 * @param jdbc the database
	 * @param audit the log
	 * @param sealer signs the head when an export asks for it
	 * @param transactions records the export
	 * @param issuer this server's issuer identifier
	 */
	public AuditExporter(JdbcOperations jdbc, AuditLog audit, AuditSealer sealer, TransactionOperations transactions,
			String issuer) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		Assert.notNull(audit, "audit cannot be null");
		Assert.notNull(sealer, "sealer cannot be null");
		Assert.notNull(transactions, "transactions cannot be null");
		Assert.hasText(issuer, "issuer cannot be empty");
		this.jdbc = jdbc;
		this.audit = audit;
		this.sealer = sealer;
		this.transactions = transactions;
		this.issuer = issuer;
	}

	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * The checkpoint an export ends at.
	 * @param to the position asked for, or {@code null} for the head, signed now
	 * @return the position
	 * @throws IllegalArgumentException when {@code to} is no checkpoint, or there is
	 * nothing to export
	 */
	public long endAt(@Nullable Long to) {
		if (to == null) {
			Long last = this.sealer.checkpointNow();
			if (last == null) {
				throw new IllegalArgumentException("the audit log holds no sealed event yet");
			}
			return last;
		}
		if (this.jdbc.queryForList(CHECKPOINT_AT, Long.class, to).isEmpty()) {
			throw new IllegalArgumentException("no checkpoint was signed at position " + to);
		}
		return to;
	}

	/**
	 * Writes the export and records it.
	 * @param to the checkpoint it ends at ({@link #endAt})
	 * @param exportedBy who asked
	 * @param out where to write; not closed
	 * @return the events written
	 */
	public long export(long to, String exportedBy, OutputStream out) {
		Instant now = this.clock.instant();
		List<Object[]> start = this.jdbc.query(START, (rs, n) -> new Object[] { rs.getLong(1), rs.getString(2) });
		Assert.state(!start.isEmpty(), "the chain is empty");
		long from = (long) start.get(0)[0];
		Map<String, @Nullable Object> header = new LinkedHashMap<>();
		header.put("type", "header");
		header.put("format", AuditChain.EXPORT_FORMAT);
		header.put("issuer", this.issuer);
		header.put("exported_at", now.toString());
		header.put("from_position", from);
		header.put("to_position", to);
		header.put("prev_hash", start.get(0)[1]);
		write(out, header);
		this.jdbc.query(CHECKPOINTS, (java.sql.ResultSet rs) -> {
			Map<String, @Nullable Object> line = new LinkedHashMap<>();
			line.put("type", "checkpoint");
			line.put("position", rs.getLong("position"));
			line.put("hash", rs.getString("hash"));
			line.put("signed_at", rs.getTimestamp("signed_at").toInstant().toString());
			line.put("kid", rs.getString("key_id"));
			line.put("jwk", StrictJson.toValue(StrictJson.read(rs.getString("public_jwk"))));
			line.put("jws", rs.getString("jws"));
			write(out, line);
		}, from - 1, to);
		long written = 0;
		long position = from - 1;
		while (position < to) {
			List<AuditEvent> batch = this.audit.chain(position, (int) Math.min(BATCH, to - position));
			if (batch.isEmpty()) {
				break;
			}
			for (AuditEvent event : batch) {
				write(out, line(event));
				position = (event.position() != null) ? event.position() : position;
				written++;
			}
		}
		Map<String, @Nullable Object> trailer = new LinkedHashMap<>();
		trailer.put("type", "end");
		trailer.put("events", written);
		write(out, trailer);
		long events = written;
		this.transactions.executeWithoutResult((status) -> {
			this.jdbc.update(RECORD, to, Timestamp.from(now), exportedBy);
			this.audit.append(new AuditRecord("audit-exported", exportedBy, null, null, null, null, null,
					"positions " + from + "-" + to + ", " + events + " events"));
		});
		return written;
	}

	private static Map<String, @Nullable Object> line(AuditEvent event) {
		Map<String, @Nullable Object> line = new LinkedHashMap<>();
		line.put("type", "event");
		line.put("position", event.position());
		line.put("seq", event.seq());
		line.put("occurred_at", event.occurredAt().toString());
		line.put("event", event.event());
		line.put("actor", event.actor());
		line.put("subject", event.subject());
		line.put("client_id", event.clientId());
		line.put("action_type", event.actionType());
		line.put("approval_id", event.approvalId());
		line.put("parameters", event.parameters());
		line.put("outcome", event.outcome());
		line.put("prev_hash", event.prevHash());
		line.put("hash", event.hash());
		return line;
	}

	private static void write(OutputStream out, Map<String, @Nullable Object> line) {
		try {
			out.write(StrictJson.write(line).getBytes(StandardCharsets.UTF_8));
			out.write('\n');
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
