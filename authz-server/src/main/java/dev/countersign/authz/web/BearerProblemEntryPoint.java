package dev.countersign.authz.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Spring Security's {@link BearerTokenAuthenticationEntryPoint} (status and RFC 6750
 * {@code WWW-Authenticate}) plus an RFC 9457 problem body with the OAuth {@code error},
 * as every answer of the JSON APIs carries.
 */
public final class BearerProblemEntryPoint implements AuthenticationEntryPoint {

	private final BearerTokenAuthenticationEntryPoint delegate = new BearerTokenAuthenticationEntryPoint();

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException {
		this.delegate.commence(request, response, exception);
		String error = "invalid_token";
		String description = "a valid bearer access token is required";
		if (exception instanceof OAuth2AuthenticationException oauth) {
			error = oauth.getError().getErrorCode();
			if (oauth.getError().getDescription() != null) {
				description = oauth.getError().getDescription();
			}
		}
		Problems.write(response, response.getStatus(), description, error);
	}

}
