package dev.countersign.authz.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

import dev.countersign.core.audit.AuditChain;

/**
 * Links appended audit events into the hash chain, off the request path: one instance at
 * a time across the deployment (a transaction-scoped PostgreSQL advisory lock that others
 * do not wait for), in batches, in the order the events became visible. After a batch,
 * when {@code checkpointInterval} has passed since the last checkpoint, the new head is
 * signed ({@link CheckpointSigner}).
 * <p>
 * Safe to schedule on every instance; the sealing lag (how long the oldest event of the
 * last batch waited) is kept for a gauge.
 */
public final class AuditSealer {

	private static final Log logger = LogFactory.getLog(AuditSealer.class);

	private static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock(hashtextextended('countersign-audit-sealer', 0))";

	private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('countersign-audit-sealer', 0))";

	private static final String HEAD = "SELECT position, hash FROM audit_seal ORDER BY position DESC LIMIT 1";

	// the batch first, then its events one by one through the primary key, with the batch
	// size written into the statement: joined directly, or with the size as a parameter
	// (whose generic plan guesses a tenth of the queue), PostgreSQL merges the batch with
	// audit_event from its first event on, at every batch, slower as the log grows
	private static final String QUEUE = "WITH batch AS MATERIALIZED (SELECT seq FROM audit_unsealed ORDER BY seq "
			+ "LIMIT %d) SELECT e.seq, e.occurred_at, e.event, e.actor, e.subject, e.client_id, e.action_type, "
			+ "e.approval_id, e.parameters, e.outcome, NULL AS position, NULL AS prev_hash, NULL AS hash "
			+ "FROM batch b JOIN audit_event e ON e.seq = b.seq ORDER BY b.seq";

	private static final String SEAL = "INSERT INTO audit_seal (position, seq, prev_hash, hash, sealed_at) "
			+ "VALUES (?, ?, ?, ?, ?)";

	private static final String DEQUEUE = "DELETE FROM audit_unsealed WHERE seq = ANY (CAST(? AS bigint[]))";

	private static final String LAST_CHECKPOINT = "SELECT position, signed_at FROM audit_checkpoint "
			+ "ORDER BY position DESC LIMIT 1";

	private static final String CHECKPOINT = "INSERT INTO audit_checkpoint (position, hash, signed_at, key_id, "
			+ "public_jwk, jws) VALUES (?, ?, ?, ?, ?, ?)";

	private final JdbcOperations jdbc;

	private final TransactionOperations transactions;

	private final CheckpointSigner signer;

	private final int batchSize;

	private final String queue;

	private final Duration checkpointInterval;

	private final AtomicLong lagMicros = new AtomicLong();

	/** Whether this instance sealed links that no checkpoint covers yet. */
	private volatile boolean unsignedHead = true;

	private Clock clock = Clock.systemUTC();

	/**
	 * Creates the sealer.
	 * @param jdbc the database
	 * @param transactions one transaction per batch
	 * @param signer signs checkpoints
	 * @param batchSize events linked per transaction
	 * @param checkpointInterval how often the head is signed while events arrive
	 */
	public AuditSealer(JdbcOperations jdbc, TransactionOperations transactions, CheckpointSigner signer, int batchSize,
			Duration checkpointInterval) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		Assert.notNull(transactions, "transactions cannot be null");
		Assert.notNull(signer, "signer cannot be null");
		Assert.isTrue(batchSize > 0, "batchSize must be positive");
		Assert.isTrue(!(checkpointInterval.isNegative() || checkpointInterval.isZero()),
				"checkpointInterval must be positive");
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.signer = signer;
		this.batchSize = batchSize;
		this.queue = QUEUE.formatted(batchSize);
		this.checkpointInterval = checkpointInterval;
	}

	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Seals everything waiting, batch after batch.
	 * @return the events linked, or {@code -1} when another instance was sealing
	 */
	public long seal() {
		long sealed = 0;
		while (true) {
			Integer batch = this.transactions.execute((status) -> sealBatch(false));
			if (batch == null || batch < 0) {
				return (sealed > 0) ? sealed : -1;
			}
			sealed += batch;
			if (batch < this.batchSize) {
				return sealed;
			}
		}
	}

	/**
	 * Seals everything waiting and signs the head now, whatever the interval, waiting for
	 * another instance's batch if need be: for an export that needs the chain proven up
	 * to this moment.
	 * @return the position of the last checkpoint, or {@code null} when the chain is
	 * empty
	 */
	public @Nullable Long checkpointNow() {
		while (true) {
			Integer batch = this.transactions.execute((status) -> sealBatch(true));
			if (batch == null || batch < this.batchSize) {
				break;
			}
		}
		return this.jdbc.queryForObject(JdbcAuditLog.LAST_CHECKPOINT_POSITION, Long.class);
	}

	/**
	 * {@link #seal} as a scheduled task: a failure (the database away) is logged in one
	 * line and tried again at the next run.
	 */
	public void sealQuietly() {
		try {
			seal();
		}
		catch (DataAccessException ex) {
			logger.warn("Audit sealing failed, trying again at the next run: " + ex.getMessage());
		}
	}

	/**
	 * How long the oldest event of the last batch waited to be sealed.
	 * @return the lag, zero when nothing waited
	 */
	public Duration lag() {
		return Duration.ofNanos(this.lagMicros.get() * 1000);
	}

	private int sealBatch(boolean now) {
		if (now) {
			this.jdbc.query(LOCK, (RowCallbackHandler) (rs) -> {
			});
		}
		else if (!Boolean.TRUE.equals(this.jdbc.queryForObject(TRY_LOCK, Boolean.class))) {
			return -1;
		}
		List<AuditEvent> queue = this.jdbc.query(this.queue, JdbcAuditLog::mapRow);
		return link(queue, now && queue.size() < this.batchSize);
	}

	private int link(List<AuditEvent> queue, boolean forceCheckpoint) {
		Instant now = this.clock.instant();
		if (queue.isEmpty() && !forceCheckpoint && !this.unsignedHead) {
			this.lagMicros.set(0);
			return 0;
		}
		Head head = head();
		if (!queue.isEmpty()) {
			long position = (head != null) ? head.position() : 0;
			String prevHash = (head != null) ? head.hash() : AuditChain.GENESIS;
			List<Object[]> links = new ArrayList<>(queue.size());
			StringJoiner seqs = new StringJoiner(",", "{", "}");
			for (AuditEvent event : queue) {
				position++;
				String hash = AuditChain.link(prevHash, event.canonicalRow());
				links.add(new Object[] { position, event.seq(), prevHash, hash, Timestamp.from(now) });
				seqs.add(Long.toString(event.seq()));
				prevHash = hash;
			}
			this.jdbc.batchUpdate(SEAL, links);
			this.jdbc.update(DEQUEUE, seqs.toString());
			head = new Head(position, prevHash);
			Duration waited = Duration.between(queue.get(0).occurredAt(), now);
			this.lagMicros.set(Math.max(0, waited.toNanos() / 1000));
		}
		else {
			this.lagMicros.set(0);
		}
		Signing signing = (head != null) ? signing(head, now, forceCheckpoint) : Signing.SIGNED;
		if (head != null && signing == Signing.DUE) {
			CheckpointSigner.Checkpoint checkpoint = this.signer.sign(head.position(), head.hash(), now);
			this.jdbc.update(CHECKPOINT, checkpoint.position(), checkpoint.hash(), Timestamp.from(now),
					checkpoint.keyId(), checkpoint.publicJwk(), checkpoint.jws());
		}
		this.unsignedHead = signing == Signing.LATER;
		return queue.size();
	}

	private Signing signing(Head head, Instant now, boolean force) {
		List<Object[]> last = this.jdbc.query(LAST_CHECKPOINT,
				(rs, n) -> new Object[] { rs.getLong(1), rs.getTimestamp(2).toInstant() });
		if (last.isEmpty()) {
			return Signing.DUE;
		}
		if ((long) last.get(0)[0] >= head.position()) {
			return Signing.SIGNED;
		}
		boolean due = force || !now.isBefore(((Instant) last.get(0)[1]).plus(this.checkpointInterval));
		return due ? Signing.DUE : Signing.LATER;
	}

	private @Nullable Head head() {
		List<Head> head = this.jdbc.query(HEAD, (rs, n) -> new Head(rs.getLong(1), rs.getString(2)));
		return head.isEmpty() ? null : head.get(0);
	}

	private record Head(long position, String hash) {
	}

	/**
	 * Whether the head needs a checkpoint.
	 */
	private enum Signing {

		/** A checkpoint covers it already. */
		SIGNED,

		/** Sign it now. */
		DUE,

		/** Not before the interval has passed. */
		LATER

	}

}
