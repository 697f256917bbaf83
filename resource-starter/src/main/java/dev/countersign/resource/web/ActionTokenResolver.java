package dev.countersign.resource.web;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Finds the action token of a request, as Spring Security's {@code BearerTokenResolver}
 * finds the bearer token.
 */
@FunctionalInterface
public interface ActionTokenResolver {

	/**
	 * The action token of a request.
	 * @param request the request
	 * @return the token, or {@code null} when the request carries none
	 * @throws RuntimeException when the request carries it in a way that cannot be read
	 * (given twice): answered {@code 400 invalid_request}
	 */
	@Nullable String resolve(HttpServletRequest request);

}
