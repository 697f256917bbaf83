package dev.countersign.resource.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.util.Assert;

/**
 * Answers a request of a bound route that carries no bearer access token: {@code 401}
 * {@code invalid_token}, as an RFC 9457 problem with RFC 6750's challenge and
 * {@code resource_metadata} (RFC 9728 section 5.1). Registered as the default entry point
 * of the requests Countersign refused, so an application's own entry point takes
 * precedence.
 */
public final class ActionAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private final ActionProblems problems;

	ActionAuthenticationEntryPoint(ActionProblems problems) {
		Assert.notNull(problems, "problems cannot be null");
		this.problems = problems;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		this.problems.write(response, HttpStatus.UNAUTHORIZED, "invalid_token", ActionApprovalFilter.NO_BEARER_TOKEN,
				null);
	}

}
