package dev.countersign.authz.approval.authentication;

import java.io.Serial;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.util.Assert;

/**
 * A refused approval call: an {@link OAuth2Error} that also says which HTTP status
 * answers it, as Spring Security's {@code BearerTokenError} does for its refusals, and
 * when a client may try again after {@code 429}. An {@code OAuth2Error} without one is
 * answered {@code 400}, as at Spring Authorization Server's endpoints.
 */
public final class ApprovalError extends OAuth2Error {

	@Serial
	private static final long serialVersionUID = 1L;

	private final HttpStatus httpStatus;

	private final @Nullable Duration retryAfter;

	public ApprovalError(String errorCode, HttpStatus httpStatus, String description) {
		this(errorCode, httpStatus, description, null);
	}

	public ApprovalError(String errorCode, HttpStatus httpStatus, String description, @Nullable Duration retryAfter) {
		super(errorCode, description, null);
		Assert.notNull(httpStatus, "httpStatus cannot be null");
		this.httpStatus = httpStatus;
		this.retryAfter = retryAfter;
	}

	public HttpStatus getHttpStatus() {
		return this.httpStatus;
	}

	/**
	 * When the client may try again.
	 * @return the delay, or {@code null}
	 */
	public @Nullable Duration getRetryAfter() {
		return this.retryAfter;
	}

	/**
	 * A refusal answered {@code 400}.
	 * @param errorCode the error code
	 * @param description what failed
	 * @return the exception to throw
	 */
	public static OAuth2AuthenticationException badRequest(String errorCode, String description) {
		return refused(errorCode, HttpStatus.BAD_REQUEST, description);
	}

	/**
	 * A refusal of the bearer token, answered {@code 401} with RFC 6750's challenge.
	 * @param errorCode the error code
	 * @param description what failed
	 * @return the exception to throw
	 */
	public static OAuth2AuthenticationException unauthorized(String errorCode, String description) {
		return refused(errorCode, HttpStatus.UNAUTHORIZED, description);
	}

	/**
	 * The answer to anyone but the client and user that asked: {@code 404}, the same
	 * whether or not the approval exists.
	 * @return the exception to throw
	 */
	public static OAuth2AuthenticationException notFound() {
		return refused("not_found", HttpStatus.NOT_FOUND, "no such approval for this client and user");
	}

	/**
	 * A refusal with any status.
	 * @param errorCode the error code
	 * @param httpStatus the status
	 * @param description what failed
	 * @return the exception to throw
	 */
	public static OAuth2AuthenticationException refused(String errorCode, HttpStatus httpStatus, String description) {
		return new OAuth2AuthenticationException(new ApprovalError(errorCode, httpStatus, description));
	}

}
