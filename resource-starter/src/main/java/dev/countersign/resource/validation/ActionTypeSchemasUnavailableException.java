package dev.countersign.resource.validation;

/**
 * The action catalog could not be read: the request is refused with
 * {@code 503 temporarily_unavailable}, never let through.
 */
public final class ActionTypeSchemasUnavailableException extends RuntimeException {

	public ActionTypeSchemasUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

	public ActionTypeSchemasUnavailableException(String message) {
		super(message);
	}

}
