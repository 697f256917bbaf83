package dev.countersign.resource.web;

import org.springframework.http.HttpStatus;

/**
 * A bound request that cannot be checked as it is, answered with {@code invalid_request}:
 * a parameter given twice or outside its schema, a JSON body with a repeated member
 * ({@code 400}), a body too large ({@code 413}), a body of a media type the filter does
 * not read ({@code 415}).
 */
final class BadActionRequestException extends RuntimeException {

	private final HttpStatus status;

	BadActionRequestException(String message) {
		this(HttpStatus.BAD_REQUEST, message);
	}

	BadActionRequestException(HttpStatus status, String message) {
		super(message);
		this.status = status;
	}

	HttpStatus getStatus() {
		return this.status;
	}

}
