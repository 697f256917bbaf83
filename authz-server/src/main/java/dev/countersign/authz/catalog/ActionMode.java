package dev.countersign.authz.catalog;

/**
 * How the routes of an action type check it, and so what a decoupled approval of the type
 * (OpenID CIBA) issues: the starter's route modes, named here so the authorization server
 * knows them.
 */
public enum ActionMode {

	/**
	 * Just-In-Time approval of one call: a decoupled approval issues a single-use
	 * transaction access token ({@code txn}, one exact entry).
	 */
	JIT,

	/**
	 * Query-level approval: a decoupled approval issues an ordinary access token carrying
	 * the granted entry.
	 */
	GRANT;

	/**
	 * The mode of a setting's value.
	 * @param value {@code jit} or {@code grant}, in any case
	 * @return the mode
	 * @throws IllegalArgumentException for any other value
	 */
	public static ActionMode of(String value) {
		for (ActionMode mode : values()) {
			if (mode.name().equalsIgnoreCase(value)) {
				return mode;
			}
		}
		throw new IllegalArgumentException("mode must be jit or grant, not '" + value + "'");
	}

}
