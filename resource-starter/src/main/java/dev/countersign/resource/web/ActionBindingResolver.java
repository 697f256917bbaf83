package dev.countersign.resource.web;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.util.Assert;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Finds the binding of a request: first the routes of the properties, matched with
 * {@link PathPattern} on the request's parsed and normalized path; then a
 * {@link RequiresApproval} on the handler method that Spring MVC's own
 * {@link RequestMappingHandlerMapping} picks for the request, so what is checked is what the
 * controller receives.
 */
public final class ActionBindingResolver {

	private final List<RouteBinding> routes;

	private final @Nullable RequestMappingHandlerMapping handlerMapping;

	/** The bindings of annotated handler methods, read once at start-up. */
	private final Map<Method, ActionBinding> annotated = new HashMap<>();

	/**
	 * @param routes the routes bound in properties
	 * @param handlerMapping Spring MVC's handler mapping, whose annotated handler methods are read
	 * now, or {@code null}
	 * @throws IllegalStateException naming a handler method whose annotation is malformed
	 */
	public ActionBindingResolver(List<RouteBinding> routes, @Nullable RequestMappingHandlerMapping handlerMapping) {
		Assert.notNull(routes, "routes cannot be null");
		this.routes = List.copyOf(routes);
		this.handlerMapping = handlerMapping;
		if (handlerMapping != null) {
			for (HandlerMethod method : handlerMapping.getHandlerMethods().values()) {
				RequiresApproval annotation = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(),
						RequiresApproval.class);
				if (annotation != null) {
					try {
						this.annotated.put(method.getMethod(), ActionBinding.of(annotation));
					}
					catch (IllegalArgumentException ex) {
						throw new IllegalStateException("@RequiresApproval on " + method + ": " + ex.getMessage(), ex);
					}
				}
			}
		}
	}

	/**
	 * The binding of a request, with its path variables.
	 * @param request the request
	 * @return the binding, or {@code null} for an unbound route
	 */
	public @Nullable Resolved resolve(HttpServletRequest request) {
		RequestPath path = ServletRequestPathUtils.hasParsedRequestPath(request)
				? ServletRequestPathUtils.getParsedRequestPath(request) : ServletRequestPathUtils.parseAndCache(request);
		PathContainer within = path.pathWithinApplication();
		for (RouteBinding route : this.routes) {
			if (route.method() != null && !route.method().matches(request.getMethod())) {
				continue;
			}
			PathPattern.PathMatchInfo match = route.pattern().matchAndExtract(within);
			if (match != null) {
				return new Resolved(route.binding(), match.getUriVariables());
			}
		}
		return fromHandler(request);
	}

	private @Nullable Resolved fromHandler(HttpServletRequest request) {
		if (this.handlerMapping == null) {
			return null;
		}
		HandlerExecutionChain chain;
		try {
			chain = this.handlerMapping.getHandler(request);
		}
		catch (Exception ex) {
			// no single handler (405, 406, ...): Spring MVC answers; nothing is bound
			return null;
		}
		if (chain == null || !(chain.getHandler() instanceof HandlerMethod method)) {
			return null;
		}
		ActionBinding binding = this.annotated.get(method.getMethod());
		if (binding == null) {
			return null;
		}
		@SuppressWarnings("unchecked")
		Map<String, String> variables = (Map<String, String>) request
			.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		return new Resolved(binding, (variables != null) ? variables : Map.of());
	}

	/**
	 * A request's binding.
	 *
	 * @param binding the binding
	 * @param pathVariables the path variables, decoded as the controller gets them
	 */
	public record Resolved(ActionBinding binding, Map<String, String> pathVariables) {
	}

}
