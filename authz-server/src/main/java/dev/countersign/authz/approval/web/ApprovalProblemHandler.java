package dev.countersign.authz.approval.web;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.countersign.authz.approval.ApprovalException;
import dev.countersign.authz.web.Problems;
import dev.countersign.core.Messages;
import dev.countersign.core.problem.BearerChallenge;

/**
 * Writes every refusal of the approval and audit APIs in one place: an RFC 9457 problem
 * with the OAuth members {@code error} and {@code error_description} ({@link Problems}),
 * {@code Retry-After} on {@code 429}, RFC 6750 {@code WWW-Authenticate} on {@code 401},
 * never cached.
 */
@RestControllerAdvice(assignableTypes = { ApprovalController.class, AuditController.class })
final class ApprovalProblemHandler {

	@ExceptionHandler(ApprovalException.class)
	void refused(ApprovalException ex, HttpServletResponse response) throws IOException {
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		Duration retryAfter = ex.getRetryAfter();
		if (retryAfter != null) {
			long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		}
		if (ex.getStatus() == HttpStatus.UNAUTHORIZED) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
					BearerChallenge.bearer()
						.parameter("error", ex.getError())
						.parameter("error_description", ex.getMessage())
						.toString());
		}
		Problems.write(response, ex.getStatus().value(), Messages.of(ex), ex.getError());
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
