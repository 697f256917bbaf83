package dev.countersign.authz.approval;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;

/**
 * A refused approval call: the HTTP status, the OAuth-style {@code error} code and a
 * description naming what failed; rendered as an RFC 9457 problem.
 */
public final class ApprovalException extends RuntimeException {

	private final HttpStatus status;

	private final String error;

	private final @Nullable Duration retryAfter;

	public ApprovalException(HttpStatus status, String error, String description) {
		this(status, error, description, null);
	}

	public ApprovalException(HttpStatus status, String error, String description, @Nullable Duration retryAfter) {
		super(description);
		Assert.notNull(status, "status cannot be null");
		Assert.hasText(error, "error cannot be empty");
		this.status = status;
		this.error = error;
		this.retryAfter = retryAfter;
	}

	public HttpStatus getStatus() {
		return this.status;
	}

	public String getError() {
		return this.error;
	}

	/**
	 * When the client may try again, for {@code 429}.
	 * @return the delay, or {@code null}
	 */
	public @Nullable Duration getRetryAfter() {
		return this.retryAfter;
	}

	static ApprovalException notFound() {
		return new ApprovalException(HttpStatus.NOT_FOUND, "not_found", "no such approval for this client and user");
	}

	static ApprovalException badRequest(String error, String description) {
		return new ApprovalException(HttpStatus.BAD_REQUEST, error, description);
	}

}
