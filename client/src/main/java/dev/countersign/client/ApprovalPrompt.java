package dev.countersign.client;

/**
 * What the application does with an approval that waits for its user: show the link and
 * the number, push them to the user's phone, print them in a CLI. Called once per
 * approval, on the thread that made the call; it must not block for the decision.
 */
@FunctionalInterface
public interface ApprovalPrompt {

	/**
	 * Shows the user an approval.
	 * @param approval the approval
	 */
	void prompt(PendingApproval approval);

}
