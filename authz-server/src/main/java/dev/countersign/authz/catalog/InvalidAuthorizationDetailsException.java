package dev.countersign.authz.catalog;

/**
 * An {@code authorization_details} value that does not fit the catalog
 * (<a href="https://www.rfc-editor.org/rfc/rfc9396#section-5">RFC 9396 section 5</a>:
 * {@code invalid_authorization_details}).
 */
public final class InvalidAuthorizationDetailsException extends RuntimeException {

	/** The RFC 9396 error code. */
	public static final String ERROR_CODE = "invalid_authorization_details";

	public InvalidAuthorizationDetailsException(String description) {
		super(description);
	}

}
