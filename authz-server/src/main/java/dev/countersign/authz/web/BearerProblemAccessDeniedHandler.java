package dev.countersign.authz.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Spring Security's {@link BearerTokenAccessDeniedHandler} ({@code 403} with
 * {@code insufficient_scope}) plus an RFC 9457 problem body.
 */
public final class BearerProblemAccessDeniedHandler implements AccessDeniedHandler {

	private final BearerTokenAccessDeniedHandler delegate = new BearerTokenAccessDeniedHandler();

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
			throws IOException {
		this.delegate.handle(request, response, exception);
		Problems.write(response, response.getStatus(), "the access token lacks the scope this call needs",
				"insufficient_scope");
	}

}
