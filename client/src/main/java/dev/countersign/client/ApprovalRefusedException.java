package dev.countersign.client;

/**
 * The authorization server refused to ask for the approval, or to issue its token, or
 * could not be reached.
 */
public final class ApprovalRefusedException extends ApprovalException {

	private static final long serialVersionUID = 1L;

	public ApprovalRefusedException(String error, String message) {
		super(error, message);
	}

	public ApprovalRefusedException(String error, String message, Throwable cause) {
		super(error, message, cause);
	}

}
