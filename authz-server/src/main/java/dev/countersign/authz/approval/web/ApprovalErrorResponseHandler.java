package dev.countersign.authz.approval.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.Assert;

import dev.countersign.authz.approval.authentication.ApprovalError;
import dev.countersign.authz.web.Problems;
import dev.countersign.core.StrictJson;
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

	private final RequestMatcher oauthErrors;

	/**
	 * A handler that answers every refusal with a problem.
	 */
	public ApprovalErrorResponseHandler() {
		this((request) -> false);
	}

	/**
	 * A handler that answers the refusals of some requests with the OAuth error JSON
	 * ({@code error}, {@code error_description}), the others with a problem.
	 * @param oauthErrors the requests of endpoints whose standard names the OAuth format
	 */
	public ApprovalErrorResponseHandler(RequestMatcher oauthErrors) {
		Assert.notNull(oauthErrors, "oauthErrors cannot be null");
		this.oauthErrors = oauthErrors;
	}

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
		if (status == HttpStatus.UNAUTHORIZED && this.oauthErrors.matches(request)) {
			// the client authenticates as at the token endpoint (RFC 6749 section 5.2)
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"countersign\"");
		}
		else if (status == HttpStatus.UNAUTHORIZED) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
					BearerChallenge.bearer()
						.parameter("error", error.getErrorCode())
						.parameter("error_description", description)
						.toString());
		}
		if (this.oauthErrors.matches(request)) {
			// an endpoint of a standard that names its error format (CIBA Core 1.0
			// section
			// 13)
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("error", error.getErrorCode());
			body.put("error_description", description);
			byte[] json = StrictJson.write(body).getBytes(StandardCharsets.UTF_8);
			response.setStatus(status.value());
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			response.setContentLength(json.length);
			response.getOutputStream().write(json);
			return;
		}
		Problems.write(response, status.value(), description, error.getErrorCode());
	}

}
