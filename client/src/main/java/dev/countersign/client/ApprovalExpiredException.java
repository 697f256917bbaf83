package dev.countersign.client;

/**
 * The approval expired before the user decided, or the client's wait ran out.
 */
public final class ApprovalExpiredException extends ApprovalException {

	private static final long serialVersionUID = 1L;

	public ApprovalExpiredException(String message) {
		super("expired_token", message);
	}

}
