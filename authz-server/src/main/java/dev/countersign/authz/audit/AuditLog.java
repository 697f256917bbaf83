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
	 * Appends an event at the end of the chain.
	 * @param record the event
	 * @return the stored event
	 */
	AuditEvent append(AuditRecord record);

	/**
	 * Events matching a filter, in chain order.
	 * @param query the filter and page
	 * @return one page of events
	 */
	List<AuditEvent> find(AuditQuery query);

	/**
	 * How many events match a filter.
	 * @param query the filter
	 * @return the count
	 */
	long count(AuditQuery query);

	/**
	 * Walks the whole chain and reports the first broken link.
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
	 * @param valid whether every link holds
	 * @param events how many events were checked
	 * @param firstBrokenSeq the first event whose link fails, or {@code null}
	 * @param reason why it fails, or {@code null}
	 */
	record Verification(boolean valid, long events, @Nullable Long firstBrokenSeq, @Nullable String reason) {
	}

}
