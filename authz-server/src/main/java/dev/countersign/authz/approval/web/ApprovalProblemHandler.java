package dev.countersign.authz.approval.web;

import java.time.Duration;

import dev.countersign.authz.approval.ApprovalException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Writes every refusal of the approval and audit APIs in one place: an RFC 9457 problem with the
 * OAuth members {@code error} and {@code error_description}, {@code Retry-After} on {@code 429},
 * RFC 6750 {@code WWW-Authenticate} on {@code 401}, never cached.
 */
@RestControllerAdvice(assignableTypes = { ApprovalController.class, AuditController.class })
final class ApprovalProblemHandler {

	@ExceptionHandler(ApprovalException.class)
	ResponseEntity<ProblemDetail> refused(ApprovalException ex) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(ex.getStatus())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.header(HttpHeaders.CACHE_CONTROL, "no-store");
		Duration retryAfter = ex.getRetryAfter();
		if (retryAfter != null) {
			long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
			response.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		}
		if (ex.getStatus() == HttpStatus.UNAUTHORIZED) {
			response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"" + ex.getError() + "\", error_description=\""
					+ ex.getMessage().replace("\"", "'") + "\"");
		}
		return response.body(problem(ex.getStatus(), ex.getError(), ex.getMessage()));
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException ex) {
		return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem(HttpStatus.METHOD_NOT_ALLOWED, "invalid_request", ex.getMessage()));
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException ex) {
		return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "invalid_request", ex.getMessage()));
	}

	static ProblemDetail problem(HttpStatus status, String error, String description) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, description);
		problem.setProperty("error", error);
		problem.setProperty("error_description", description);
		return problem;
	}

}
