package dev.countersign.authz.approval.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.countersign.authz.web.Problems;
import dev.countersign.core.Messages;

/**
 * Writes every refusal of the audit API in one place: an RFC 9457 problem with the OAuth
 * members {@code error} and {@code error_description} ({@link Problems}), never cached.
 * The approval endpoints write theirs with {@link ApprovalErrorResponseHandler}.
 */
@RestControllerAdvice(assignableTypes = AuditController.class)
final class AuditProblemHandler {

	@ExceptionHandler(InvalidAuditQueryException.class)
	void refused(InvalidAuditQueryException ex, HttpServletResponse response) throws IOException {
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		Problems.write(response, HttpStatus.BAD_REQUEST.value(), Messages.of(ex), "invalid_request");
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	void method(HttpRequestMethodNotSupportedException ex, HttpServletResponse response) throws IOException {
		Problems.write(response, HttpStatus.METHOD_NOT_ALLOWED.value(), Messages.of(ex), "invalid_request");
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	void mediaType(HttpMediaTypeNotSupportedException ex, HttpServletResponse response) throws IOException {
		Problems.write(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE.value(), Messages.of(ex), "invalid_request");
	}

}
