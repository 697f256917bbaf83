package dev.countersign.authz.audit;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The append-only audit log. {@link #append} joins the caller's transaction, so an event
 * is stored exactly when the state change it records is.
 */
public interface AuditLog {

	/**
	 * Appends an event; it joins the hash chain once sealed.
	 * @param record the event
	 * @return the stored event
	 */
	AuditEvent append(AuditRecord record);

	/**
	 * Events matching a filter, in the order they were appended.
	 * @param query the filter and page
	 * @return one page of events
	 */
	List<AuditEvent> find(AuditQuery query);

	/**
	 * Sealed events in chain order.
	 * @param afterPosition from the position after this one
	 * @param limit at most this many
	 * @return the events, each with its position and hashes
	 */
	List<AuditEvent> chain(long afterPosition, int limit);

	/**
	 * How many events match a filter.
	 * @param query the filter
	 * @return the count
	 */
	long count(AuditQuery query);

	/**
	 * Walks the whole chain, from genesis or the last released segment, and reports the
	 * first broken link.
	 * @return the result
	 */
	Verification verify();

	/**
	 * A filter over the log.
	 *
	 * @param subject only this user, or {@code null}
	 * @param actionType only this type, or {@code null}
	 * @param approvalId only this approval, or {@code null}
	 * @param from from this time (inclusive), or {@code null}
	 * @param to before this time (exclusive), or {@code null}
	 * @param page the page, from 0
	 * @param size the page size
	 */
	record AuditQuery(@Nullable String subject, @Nullable String actionType, @Nullable String approvalId,
			@Nullable Instant from, @Nullable Instant to, int page, int size) {
	}

	/**
	 * The result of a chain verification.
	 *
	 * @param valid whether every link holds and every event is chained or waiting to be
	 * @param events how many links were checked
	 * @param firstBrokenPosition the first chain position whose link fails, or
	 * {@code null}
	 * @param reason why it fails, or {@code null}
	 * @param unsealed events appended but not linked yet (not sealed yet is no break)
	 * @param oldestUnsealedAt when the oldest of those happened, or {@code null}
	 * @param lastCheckpoint the position of the last signed checkpoint, or {@code null}
	 * @param releasedUpTo the chain was released (exported, then removed) up to this
	 * position; {@code 0} when nothing was
	 */
	record Verification(boolean valid, long events, @Nullable Long firstBrokenPosition, @Nullable String reason,
			long unsealed, @Nullable Instant oldestUnsealedAt, @Nullable Long lastCheckpoint, long releasedUpTo) {
	}

}
