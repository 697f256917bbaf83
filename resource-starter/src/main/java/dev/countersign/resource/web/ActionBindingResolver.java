package dev.countersign.resource.web;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Finds the binding of a request: first the routes of the properties, matched with
 * {@link PathPattern} on the request's parsed and normalized path; then a
 * {@link RequiresApproval} on the handler method that Spring MVC's own
 * {@link RequestMappingHandlerMapping} picks for the request, so what is checked is what
 * the controller receives. The annotated bindings are read once at start-up and laid out
 * by their patterns ({@link AnnotatedRoutes}): a request that no bound handler method can
 * serve, and one that only a bound method can serve, is resolved without a handler
 * lookup; only one that another mapping might serve as well is looked up.
 */
public final class ActionBindingResolver {

	private final List<RouteBinding> routes;

	private final @Nullable RequestMappingHandlerMapping handlerMapping;

	/** The bindings of annotated handler methods, read once at start-up. */
	private final Map<Method, ActionBinding> annotated = new HashMap<>();

	private final List<BoundRoute> bound;

	private final AnnotatedRoutes annotatedRoutes;

	/**
	 * Create a new {@code ActionBindingResolver}.
	 * @param routes the routes bound in properties
	 * @param handlerMapping the handler mapping of Spring MVC, whose annotated handler
	 * methods are read now, or {@code null}
	 * @throws InvalidBindingException naming a binding that cannot be checked: a
	 * malformed annotation, a path source naming no variable of the route's pattern, or a
	 * route bound both by annotation and in properties
	 */
	public ActionBindingResolver(List<RouteBinding> routes, @Nullable RequestMappingHandlerMapping handlerMapping) {
		Assert.notNull(routes, "routes cannot be null");
		this.routes = List.copyOf(routes);
		this.handlerMapping = handlerMapping;
		List<BoundRoute> bound = new ArrayList<>();
		for (RouteBinding route : this.routes) {
			String methods = (route.method() != null) ? route.method().name() : "*";
			String path = route.pattern().getPatternString();
			checkPathSources(route.binding(), List.of(path), route.origin());
			bound.add(new BoundRoute(methods, path, route.binding(), route.origin()));
		}
		List<BoundRoute> annotatedRoutes = new ArrayList<>();
		Map<RequestMappingInfo, ActionBinding> boundInfos = new HashMap<>();
		if (handlerMapping != null) {
			handlerMapping.getHandlerMethods().forEach((info, method) -> {
				RequiresApproval annotation = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(),
						RequiresApproval.class);
				if (annotation == null) {
					return;
				}
				String origin = "@RequiresApproval on " + method.getShortLogMessage();
				ActionBinding binding;
				try {
					binding = ActionBinding.of(annotation);
				}
				catch (IllegalArgumentException ex) {
					throw new InvalidBindingException(origin + ": " + ex.getMessage(),
							"Write each parameter as name=source, the source one of path:variable, query:name, "
									+ "header:name, body:/json/pointer or form:field.");
				}
				List<String> paths = List.copyOf(info.getPatternValues());
				checkPathSources(binding, paths, origin);
				Set<RequestMethod> requestMethods = info.getMethodsCondition().getMethods();
				checkBoundOnce(requestMethods, paths, origin);
				this.annotated.put(method.getMethod(), binding);
				boundInfos.put(info, binding);
				String methods = requestMethods.isEmpty() ? "*"
						: requestMethods.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
				paths.forEach((path) -> annotatedRoutes.add(new BoundRoute(methods, path, binding, origin)));
			});
		}
		// Spring MVC keeps its mappings unordered: name them by path, then method
		annotatedRoutes.sort(Comparator.comparing(BoundRoute::path).thenComparing(BoundRoute::methods));
		bound.addAll(annotatedRoutes);
		this.bound = List.copyOf(bound);
		this.annotatedRoutes = AnnotatedRoutes.of(boundInfos,
				(handlerMapping != null) ? handlerMapping.getHandlerMethods().keySet() : java.util.Set.of());
	}

	/**
	 * Every bound route, those of the properties first, then the annotated ones by path:
	 * for the start-up report and the protected resource metadata.
	 * @return the routes
	 */
	public List<BoundRoute> boundRoutes() {
		return this.bound;
	}

	private static void checkPathSources(ActionBinding binding, List<String> paths, String origin) {
		binding.parameters().forEach((name, source) -> {
			if (source.kind() != ParameterSource.Kind.PATH) {
				return;
			}
			for (String path : paths) {
				List<String> variables = PathVariables.of(path);
				if (!variables.contains(source.name())) {
					throw new InvalidBindingException(
							origin + ": parameter '" + name + "' comes from " + source + ", but the route " + path
									+ " has no path variable '" + source.name() + "'"
									+ (variables.isEmpty() ? " (it has none)"
											: " (it has " + String.join(", ", variables) + ")"),
							"Name one of the route's path variables, or take the value from query:, header:, body: or "
									+ "form:.");
				}
			}
		});
	}

	/**
	 * Refuses a handler method that a route of the properties binds as well: two bindings
	 * of one route, of which only one would ever be checked.
	 * @param methods the handler method's HTTP methods
	 * @param paths its path patterns
	 * @param origin where its binding was given
	 */
	private void checkBoundOnce(Set<RequestMethod> methods, List<String> paths, String origin) {
		for (RouteBinding route : this.routes) {
			boolean methodOverlaps = route.method() == null || methods.isEmpty()
					|| methods.stream().anyMatch((method) -> method.name().equals(route.method().name()));
			String routeShape = PathVariables.shape(route.pattern().getPatternString());
			if (methodOverlaps && paths.stream().anyMatch((path) -> PathVariables.shape(path).equals(routeShape))) {
				throw new InvalidBindingException(
						"The route " + route.pattern().getPatternString() + " is bound twice: by " + origin + " and by "
								+ route.origin(),
						"Bind it once: remove the annotation or the route of countersign.resource.routes.");
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
				? ServletRequestPathUtils.getParsedRequestPath(request)
				: ServletRequestPathUtils.parseAndCache(request);
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
		AnnotatedRoutes.Match match = this.annotatedRoutes.match(request.getMethod(), within);
		if (match == null) {
			return null;
		}
		return match.ambiguous() ? fromHandler(request) : new Resolved(match.binding(), match.variables());
	}

	/**
	 * The binding of the handler method Spring MVC picks for a request that another
	 * mapping than the bound one might serve.
	 * @param request the request
	 * @return the binding, or {@code null} when the handler is not bound
	 */
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
	 * A bound route, as the start-up report names it.
	 *
	 * @param methods the HTTP methods, comma-separated, or {@code *} for any
	 * @param path the path pattern
	 * @param binding what protects it
	 * @param origin where the binding was given
	 */
	public record BoundRoute(String methods, String path, ActionBinding binding, String origin) {

		@Override
		public String toString() {
			return this.methods + " " + this.path + " " + this.binding.mode().name().toLowerCase(java.util.Locale.ROOT)
					+ " " + this.binding.type();
		}

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
