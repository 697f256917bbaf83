package dev.countersign.authz.approval;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

import dev.countersign.authz.audit.AuditLog;
import dev.countersign.authz.audit.AuditRecord;
import dev.countersign.core.StrictJson;

/**
 * Where every step of an approval is kept: the approval store, the audit log and the
 * transaction both are written in, so that a state change and the audit event that
 * records it commit together, on the approval row locked for the time of the change. The
 * approval endpoints' providers and the approval page share it.
 */
public final class ApprovalLedger {

	private final ActionApprovalRepository approvals;

	private final AuditLog audit;

	private final TransactionOperations transactions;

	private Clock clock = Clock.systemUTC();

	private ApprovalStepListener listener = (event, approval) -> {
	};

	public ApprovalLedger(ActionApprovalRepository approvals, AuditLog audit, TransactionOperations transactions) {
		Assert.notNull(approvals, "approvals cannot be null");
		Assert.notNull(audit, "audit cannot be null");
		Assert.notNull(transactions, "transactions cannot be null");
		this.approvals = approvals;
		this.audit = audit;
		this.transactions = transactions;
	}

	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Sets who is told of every recorded step, in its transaction (the notifications).
	 * @param listener the listener
	 */
	public void setStepListener(ApprovalStepListener listener) {
		Assert.notNull(listener, "listener cannot be null");
		this.listener = listener;
	}

	/**
	 * The store.
	 * @return the approval store
	 */
	public ActionApprovalRepository approvals() {
		return this.approvals;
	}

	/**
	 * The time now, by the injected clock.
	 * @return now
	 */
	public Instant now() {
		return this.clock.instant();
	}

	/**
	 * Runs work in one transaction.
	 * @param <T> the result type
	 * @param work the work, which may throw to roll back
	 * @return its result
	 */
	public <T> T inTransaction(Supplier<T> work) {
		T result = this.transactions.execute((status) -> work.get());
		Assert.state(result != null, "the transaction returned nothing");
		return result;
	}

	/**
	 * Marks an open approval past its lifetime expired, with its audit event.
	 * @param approval the approval, locked
	 * @return the approval as it now stands
	 */
	public ActionApproval expireIfDue(ActionApproval approval) {
		if (!approval.isDue(now())) {
			return approval;
		}
		ActionApproval expired = approval.withStatus(ApprovalStatus.EXPIRED);
		this.approvals.update(expired);
		record("expired", "system", expired, "expired while " + approval.status().value());
		return expired;
	}

	/**
	 * Stores a changed approval and the audit event that records the change.
	 * @param approval the approval, changed
	 * @param event the audit event
	 * @param actor who made the change
	 * @param outcome what happened
	 * @return the approval
	 */
	public ActionApproval update(ActionApproval approval, String event, String actor, String outcome) {
		this.approvals.update(approval);
		record(event, actor, approval, outcome);
		return approval;
	}

	/**
	 * Appends an audit event about an approval.
	 * @param event the event
	 * @param actor who acted
	 * @param approval the approval
	 * @param outcome what happened
	 */
	public void record(String event, String actor, ActionApproval approval, String outcome) {
		this.audit.append(new AuditRecord(event, actor, approval.qualifiedSubject(), approval.clientId(),
				approval.actionType(), approval.id(), StrictJson.write(approval.detail().parameters()), outcome));
		this.listener.recorded(event, approval);
	}

}
