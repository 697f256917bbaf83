package dev.countersign.authz.approval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.countersign.authz.audit.AuditEvent;
import dev.countersign.authz.audit.AuditLog;
import dev.countersign.authz.audit.AuditRecord;

/**
 * An {@link AuditLog} that keeps the appended records, for unit tests; it hashes no
 * chain.
 */
public final class InMemoryAuditLog implements AuditLog {

	private final List<AuditRecord> records = new ArrayList<>();

	@Override
	public AuditEvent append(AuditRecord record) {
		this.records.add(record);
		return new AuditEvent(this.records.size(), null, Instant.EPOCH, record.event(), record.actor(),
				record.subject(), record.clientId(), record.actionType(), record.approvalId(), record.parameters(),
				record.outcome(), null, null);
	}

	@Override
	public List<AuditEvent> find(AuditQuery query) {
		throw new UnsupportedOperationException("not kept");
	}

	@Override
	public List<AuditEvent> chain(long afterPosition, int limit) {
		throw new UnsupportedOperationException("not chained");
	}

	@Override
	public long count(AuditQuery query) {
		return this.records.size();
	}

	@Override
	public Verification verify() {
		return new Verification(true, this.records.size(), null, null, 0, null, null, 0);
	}

	/**
	 * The events appended, each as {@code "event actor: outcome"}.
	 * @return the events
	 */
	public List<String> events() {
		return this.records.stream()
			.map((record) -> record.event() + " " + record.actor() + ": " + record.outcome())
			.toList();
	}

}
