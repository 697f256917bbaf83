package dev.countersign.resource.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Fails closed for a bound route that no security filter chain with Countersign served:
 * registered after Spring Security's filter chain, it refuses a request of a bound route
 * that {@link ActionApprovalFilter} did not see ({@code 500 server_error}, logged), as a
 * chain built without Countersign would otherwise hand it to the controller unchecked. A
 * request the filter saw passes without a second lookup.
 */
public final class UncheckedRouteGuard extends OncePerRequestFilter {

	private final ActionBindingResolver bindings;

	private final ActionProblems problems;

	public UncheckedRouteGuard(ActionBindingResolver bindings, ActionApprovalFilter filter) {
		Assert.notNull(bindings, "bindings cannot be null");
		Assert.notNull(filter, "filter cannot be null");
		this.bindings = bindings;
		this.problems = filter.problems();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getAttribute(ActionApprovalFilter.CHECKED_ATTRIBUTE) == null) {
			ActionBindingResolver.Resolved resolved = this.bindings.resolve(request);
			if (resolved != null) {
				this.logger.error(request.getMethod() + " " + request.getRequestURI() + " is bound to "
						+ resolved.binding().type()
						+ " but no security filter chain with Countersign served it; add http.with(countersign()) to that chain");
				this.problems.write(response, HttpStatus.INTERNAL_SERVER_ERROR, "server_error",
						"this route is bound to " + resolved.binding().type() + " but was not checked", null);
				return;
			}
		}
		chain.doFilter(request, response);
	}

}
