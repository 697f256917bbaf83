package dev.countersign.resource.validation;

import org.jspecify.annotations.Nullable;

/**
 * An action token that failed a check: {@code 403 invalid_action_token} with a
 * description naming the check.
 */
public final class ActionTokenException extends RuntimeException {

	private final String check;

	private final @Nullable String jti;

	/**
	 * Create a new {@code ActionTokenException}.
	 * @param check the failed check: {@code signature}, {@code typ}, {@code iss},
	 * {@code aud}, {@code exp}, {@code nbf}, {@code sub}, {@code client_id}, {@code ath},
	 * {@code type}, {@code parameters}, {@code fields}, {@code jti}
	 * @param description what failed
	 */
	public ActionTokenException(String check, String description) {
		this(check, description, null);
	}

	/**
	 * Create a new {@code ActionTokenException}.
	 * @param check the failed check
	 * @param description what failed
	 * @param jti the token's id when its signature verified (the refusal is then reported
	 * to the authorization server), or {@code null}
	 */
	public ActionTokenException(String check, String description, @Nullable String jti) {
		super(description);
		this.check = check;
		this.jti = jti;
	}

	public String getCheck() {
		return this.check;
	}

	/**
	 * The refused token's id, known when its signature verified.
	 * @return the {@code jti}, or {@code null}
	 */
	public @Nullable String getJti() {
		return this.jti;
	}

}
