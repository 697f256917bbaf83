package dev.countersign.resource.validation;

/**
 * An action token that failed a check: {@code 403 invalid_action_token} with a description naming
 * the check.
 */
public final class ActionTokenException extends RuntimeException {

	private final String check;

	/**
	 * @param check the failed check: {@code signature}, {@code typ}, {@code iss}, {@code aud},
	 * {@code exp}, {@code nbf}, {@code sub}, {@code client_id}, {@code ath}, {@code type},
	 * {@code parameters}, {@code fields}, {@code jti}
	 * @param description what failed
	 */
	public ActionTokenException(String check, String description) {
		super(description);
		this.check = check;
	}

	public String getCheck() {
		return this.check;
	}

}
