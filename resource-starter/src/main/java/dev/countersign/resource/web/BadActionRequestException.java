package dev.countersign.resource.web;

/**
 * A bound request that cannot be checked as it is (a parameter given twice, a JSON body with a
 * repeated member, a body too large): {@code 400 invalid_request}.
 */
final class BadActionRequestException extends RuntimeException {

	BadActionRequestException(String message) {
		super(message);
	}

}
