package dev.countersign.authz.approval;

/**
 * Told of every audited step of an approval, inside the transaction that records it, so
 * that what it writes (the notification outbox) commits or rolls back with the step.
 */
@FunctionalInterface
public interface ApprovalStepListener {

	/**
	 * A step was recorded.
	 * @param event the audit event ({@code requested}, {@code approved}, {@code denied},
	 * ...)
	 * @param approval the approval as it stands after the step
	 */
	void recorded(String event, ActionApproval approval);

}
