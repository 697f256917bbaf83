package dev.countersign.authz.approval.web;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

import dev.countersign.authz.approval.authentication.ApprovalError;
import dev.countersign.authz.web.Problems;
import dev.countersign.core.problem.BearerChallenge;

/**
 * Writes every refusal of the approval endpoints, as
 * {@code OAuth2ErrorAuthenticationFailureHandler} does for Spring Authorization Server's:
 * an RFC 9457 problem with the OAuth members {@code error} and {@code error_description}
 * ({@link Problems}), at the status of the {@link ApprovalError} ({@code 400} for any
 * other {@link OAuth2Error}), {@code Retry-After} on {@code 429}, RFC 6750
 * {@code WWW-Authenticate} on {@code 401}, never cached.
 */
public final class ApprovalErrorResponseHandler implements AuthenticationFailureHandler {

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		OAuth2Error error = (exception instanceof OAuth2AuthenticationException oauth) ? oauth.getError()
				: new OAuth2Error("invalid_request", exception.getMessage(), null);
		HttpStatus status = (error instanceof ApprovalError refusal) ? refusal.getHttpStatus() : HttpStatus.BAD_REQUEST;
		String description = (error.getDescription() != null) ? error.getDescription() : error.getErrorCode();
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		Duration retryAfter = (error instanceof ApprovalError refusal) ? refusal.getRetryAfter() : null;
		if (retryAfter != null) {
			long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		}
		if (status == HttpStatus.UNAUTHORIZED) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
					BearerChallenge.bearer()
						.parameter("error", error.getErrorCode())
						.parameter("error_description", description)
						.toString());
		}
		Problems.write(response, status.value(), description, error.getErrorCode());
	}

}
