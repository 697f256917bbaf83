package dev.countersign.authz.federation;

import java.io.Serial;

import org.springframework.security.oauth2.jwt.JwtException;

/**
 * A trusted issuer's metadata or keys could not be read: its tokens are refused with
 * {@code 503} until it answers, never accepted unchecked.
 */
public final class IssuerUnavailableException extends JwtException {

	@Serial
	private static final long serialVersionUID = 1L;

	public IssuerUnavailableException(String message) {
		super(message);
	}

	public IssuerUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
