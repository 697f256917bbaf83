package dev.countersign.resource.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.util.Assert;

/**
 * Answers Countersign's refusals ({@link ActionAccessDeniedException}) as SPEC says:
 * {@code 403}, an RFC 9457 problem with the OAuth {@code error}, the
 * {@code authorization_details} the request needs, and RFC 9470's style of
 * {@code WWW-Authenticate} with {@code resource_metadata}. Registered as the default
 * handler of the requests Countersign refused, so an application's own
 * {@code AccessDeniedHandler} takes precedence.
 */
public final class ActionAccessDeniedHandler implements AccessDeniedHandler {

	private final ActionProblems problems;

	private final AccessDeniedHandler otherwise = new AccessDeniedHandlerImpl();

	ActionAccessDeniedHandler(ActionProblems problems) {
		Assert.notNull(problems, "problems cannot be null");
		this.problems = problems;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
			throws IOException, jakarta.servlet.ServletException {
		if (exception instanceof ActionAccessDeniedException refusal) {
			this.problems.write(response, HttpStatus.FORBIDDEN, refusal.getError(),
					java.util.Objects.requireNonNull(refusal.getMessage()), refusal.getAuthorizationDetails());
			return;
		}
		this.otherwise.handle(request, response, exception);
	}

}
