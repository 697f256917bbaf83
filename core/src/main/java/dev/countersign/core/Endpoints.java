package dev.countersign.core;

/**
 * The paths of the Countersign authorization server's endpoints, relative to its issuer,
 * and the scopes that guard them: where the server serves them and where the starter
 * calls them.
 */
public final class Endpoints {

	/**
	 * {@code POST}: ask for one action's approval (the metadata's
	 * {@code approval_endpoint}).
	 */
	public static final String APPROVALS = "/approvals";

	/** {@code GET}: an approval's status. */
	public static final String APPROVAL = APPROVALS + "/{id}";

	/** {@code POST}: the approved action's token, once. */
	public static final String APPROVAL_TOKEN = APPROVAL + "/token";

	/** {@code POST}: a resource server marks an action token used. */
	public static final String CONSUME = APPROVALS + "/consume";

	/** {@code POST}: a resource server reports an action token it refused. */
	public static final String REJECTIONS = APPROVALS + "/rejections";

	/** {@code GET}: the catalog as JSON Schemas (draft-zehavi-oauth-rar-metadata). */
	public static final String AUTHORIZATION_DETAILS_TYPES = "/authorization-details-types";

	/**
	 * {@code POST}: an OpenID CIBA backchannel authentication request (the metadata's
	 * {@code backchannel_authentication_endpoint}).
	 */
	public static final String BACKCHANNEL_AUTHENTICATION = "/oauth2/backchannel-authentication";

	/**
	 * {@code POST}: a transaction authorization request or poll
	 * (draft-rosomakho-oauth-txn-challenge-00; the metadata's
	 * {@code transaction_authorization_endpoint}).
	 */
	public static final String TRANSACTION_AUTHORIZATION = "/oauth2/transaction-authorization";

	/** The token endpoint of Spring Authorization Server. */
	public static final String TOKEN = "/oauth2/token";

	/** The JWK set of Spring Authorization Server. */
	public static final String JWKS = "/oauth2/jwks";

	/** The scope of resource servers that consume action tokens and report refusals. */
	public static final String CONSUME_SCOPE = "approvals.consume";

	/** The scope of administrators who read the audit log. */
	public static final String AUDIT_SCOPE = "audit.read";

	/** The scope of administrators who manage signing keys. */
	public static final String KEYS_SCOPE = "keys.manage";

	private Endpoints() {
	}

}
