package dev.countersign.core;

/**
 * Values of the JOSE {@code typ} header that tell Countersign's tokens apart (explicit
 * typing, <a href="https://www.rfc-editor.org/rfc/rfc8725#section-3.11">RFC 8725 section
 * 3.11</a>). An access token is never accepted where an action token is expected, nor the
 * reverse.
 */
public final class TokenTypes {

	/**
	 * An OAuth 2.0 access token in the JWT profile of
	 * <a href="https://www.rfc-editor.org/rfc/rfc9068#section-2.1">RFC 9068 section
	 * 2.1</a>.
	 */
	public static final String ACCESS_TOKEN = "at+jwt";

	/** A single-use action token minted for one approved action. */
	public static final String ACTION_TOKEN = "action+jwt";

	/** The {@code typ} of the server's notification JWS (webhooks). */
	public static final String APPROVAL_NOTIFICATION = "approval-notification+jwt";

	private TokenTypes() {
	}

}
