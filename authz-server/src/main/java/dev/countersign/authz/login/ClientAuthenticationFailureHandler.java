package dev.countersign.authz.login;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Failed client authentication answered as Spring Authorization Server answers it (RFC
 * 6749 section 5.2: {@code 401 invalid_client}, the error code only, so a caller learns
 * nothing of why its credentials failed), except a client or address locked out by
 * {@link LoginThrottle}: that answer says how long to wait, in {@code error_description}
 * and in {@code Retry-After}.
 */
public final class ClientAuthenticationFailureHandler implements AuthenticationFailureHandler {

	private final HttpMessageConverter<OAuth2Error> errors = new OAuth2ErrorHttpMessageConverter();

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		SecurityContextHolder.clearContext();
		OAuth2Error error = ((OAuth2AuthenticationException) exception).getError();
		ServletServerHttpResponse httpResponse = new ServletServerHttpResponse(response);
		httpResponse.setStatusCode(OAuth2ErrorCodes.INVALID_CLIENT.equals(error.getErrorCode())
				? HttpStatus.UNAUTHORIZED : HttpStatus.BAD_REQUEST);
		OAuth2Error answer = new OAuth2Error(error.getErrorCode());
		if (exception instanceof ThrottledClientAuthenticationProvider.ClientLockedOutException locked) {
			httpResponse.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(locked.getRetryAfterSeconds()));
			answer = error;
		}
		this.errors.write(answer, null, httpResponse);
	}

}
