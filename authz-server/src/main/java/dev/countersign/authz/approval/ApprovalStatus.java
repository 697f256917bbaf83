package dev.countersign.authz.approval;

import java.util.Locale;

/**
 * Where an approval request stands.
 */
public enum ApprovalStatus {

	/** Waiting for the user. */
	PENDING,

	/** The user approved; the client may fetch the action token. */
	APPROVED,

	/** The user denied, or picked a wrong number. */
	DENIED,

	/** Nobody decided, or nobody fetched the token, in time. */
	EXPIRED,

	/** The action token was issued. */
	ISSUED,

	/**
	 * The grant of the base token was revoked (RFC 7009, refresh-token reuse) before the
	 * action token was used: it can no longer be minted or used.
	 */
	REVOKED;

	/**
	 * The value used in JSON and in the database.
	 * @return the lower-case name
	 */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	static ApprovalStatus of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

	/**
	 * Whether the approval still waits for a step: a decision or the token.
	 * @return {@code true} for pending and approved
	 */
	public boolean isOpen() {
		return this == PENDING || this == APPROVED;
	}

}
