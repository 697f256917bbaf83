package dev.countersign.authz.approval.web;

import java.io.Serial;

/**
 * A refused audit query: a filter that is unknown, repeated or malformed; answered
 * {@code 400 invalid_request} naming it.
 */
final class InvalidAuditQueryException extends RuntimeException {

	@Serial
	private static final long serialVersionUID = 1L;

	InvalidAuditQueryException(String description) {
		super(description);
	}

}
