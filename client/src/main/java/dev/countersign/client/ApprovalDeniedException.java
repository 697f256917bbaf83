package dev.countersign.client;

/**
 * The user denied the approval.
 */
public final class ApprovalDeniedException extends ApprovalException {

	private static final long serialVersionUID = 1L;

	public ApprovalDeniedException(String message) {
		super("access_denied", message);
	}

}
