package dev.countersign.authz.approval;

import org.springframework.http.HttpStatus;

/**
 * A refused step on the approval page, shown to the user with its status.
 */
public final class ApprovalPageException extends RuntimeException {

	private final HttpStatus status;

	public ApprovalPageException(HttpStatus status, String message) {
		super(message);
		this.status = status;
	}

	public HttpStatus getStatus() {
		return this.status;
	}

}
