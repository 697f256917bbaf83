package dev.countersign.resource.client;

/**
 * The authorization server gave no usable answer: not reachable, no token, or an
 * unreadable body.
 */
public final class AuthorizationServerUnreachableException extends RuntimeException {

	public AuthorizationServerUnreachableException(String message, Throwable cause) {
		super(message, cause);
	}

	public AuthorizationServerUnreachableException(String message) {
		super(message);
	}

}
