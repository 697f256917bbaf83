package dev.countersign.client;

/**
 * A call that needed approval did not get it: the user denied it
 * ({@link ApprovalDeniedException}), it expired or the wait ran out
 * ({@link ApprovalExpiredException}), or the authorization server refused to ask
 * ({@link ApprovalRefusedException}). The message names what happened, never a token.
 */
public class ApprovalException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String error;

	public ApprovalException(String error, String message) {
		super(message);
		this.error = error;
	}

	public ApprovalException(String error, String message, Throwable cause) {
		super(message, cause);
		this.error = error;
	}

	/**
	 * The OAuth error code of the refusal, such as {@code access_denied}.
	 * @return the code
	 */
	public String getError() {
		return this.error;
	}

}
