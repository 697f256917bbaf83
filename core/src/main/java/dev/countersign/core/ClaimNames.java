package dev.countersign.core;

/**
 * Names of the claims Countersign adds to the registered JWT claims.
 */
public final class ClaimNames {

	/**
	 * The client the token was issued to
	 * (<a href="https://www.rfc-editor.org/rfc/rfc9068#section-2.2">RFC 9068 section
	 * 2.2</a>).
	 */
	public static final String CLIENT_ID = "client_id";

	/**
	 * Base64url SHA-256 of the access token the action token is bound to
	 * (<a href="https://www.rfc-editor.org/rfc/rfc9449#section-4.2">RFC 9449 section
	 * 4.2</a>).
	 */
	public static final String ACCESS_TOKEN_HASH = "ath";

	/** The approval request an action token was minted from. */
	public static final String APPROVAL_ID = "approval_id";

	/**
	 * Rich authorization request details
	 * (<a href="https://www.rfc-editor.org/rfc/rfc9396#section-9.1">RFC 9396 section
	 * 9.1</a>).
	 */
	public static final String AUTHORIZATION_DETAILS = "authorization_details";

	/** Authentication context class reference. */
	public static final String ACR = "acr";

	/**
	 * The transaction identifier of a transaction access token (RFC 8417 section 2.2):
	 * the approval it carries. A token with it satisfies only a {@code jit} route of its
	 * type.
	 */
	public static final String TRANSACTION = "txn";

	/** Time the user authenticated. */
	public static final String AUTH_TIME = "auth_time";

	private ClaimNames() {
	}

}
