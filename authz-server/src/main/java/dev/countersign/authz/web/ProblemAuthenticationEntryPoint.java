package dev.countersign.authz.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers an unauthenticated request from a program (one that does not ask for HTML) with
 * {@code 401} and an RFC 9457 problem instead of a redirect to the login page.
 */
public final class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		Problems.write(response, HttpStatus.UNAUTHORIZED,
				"Sign in at /login, or send an access token in the Authorization header.");
	}

}
