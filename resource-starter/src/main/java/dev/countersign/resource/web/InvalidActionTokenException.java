package dev.countersign.resource.web;

import java.io.Serial;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.AuthenticationException;

/**
 * An action token that failed a check, naming the check ({@code signature}, {@code typ},
 * {@code iss}, {@code aud}, {@code exp}, {@code sub}, {@code client_id}, {@code ath},
 * {@code type}, {@code parameters}, {@code fields}, {@code jti}) and, once the signature
 * verified, the token's {@code jti}.
 */
public final class InvalidActionTokenException extends AuthenticationException {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String check;

	private final @Nullable String jti;

	public InvalidActionTokenException(String check, String description, @Nullable String jti) {
		super(description);
		this.check = check;
		this.jti = jti;
	}

	public String getCheck() {
		return this.check;
	}

	public @Nullable String getJti() {
		return this.jti;
	}

}
