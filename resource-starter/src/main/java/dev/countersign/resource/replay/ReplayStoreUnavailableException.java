package dev.countersign.resource.replay;

/**
 * The replay store could not be reached or did not answer: the request is refused with
 * {@code 503 temporarily_unavailable}, never let through.
 */
public final class ReplayStoreUnavailableException extends RuntimeException {

	public ReplayStoreUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

	public ReplayStoreUnavailableException(String message) {
		super(message);
	}

}
