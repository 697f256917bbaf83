package dev.countersign.resource.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.http.server.PathContainer;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The annotated routes, laid out once at start-up so that a request is matched against
 * them alone: a request no bound handler method can serve needs no handler lookup, and
 * one that only a bound method's mapping can serve is resolved by its patterns. Only a
 * request that another mapping might serve as well (overlapping patterns, or a mapping
 * with conditions beyond path and method) is left to Spring MVC's own lookup, so that
 * what is checked is always what the controller receives.
 */
final class AnnotatedRoutes {

	private final List<Route> routes;

	private AnnotatedRoutes(List<Route> routes) {
		this.routes = List.copyOf(routes);
	}

	/**
	 * Lays out the bound mappings among all of the handler mapping's.
	 * @param bound the bound mappings and their bindings
	 * @param all every mapping of the handler mapping
	 * @return the routes
	 */
	static AnnotatedRoutes of(Map<RequestMappingInfo, ActionBinding> bound, Set<RequestMappingInfo> all) {
		List<Route> routes = new ArrayList<>();
		bound.forEach((info, binding) -> {
			PathPatternsRequestCondition paths = info.getPathPatternsCondition();
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			boolean ambiguous = paths == null || hasOtherConditions(info)
					|| all.stream().anyMatch((other) -> other != info && mayOverlap(info, other));
			routes.add(new Route((paths != null) ? List.copyOf(paths.getPatterns()) : List.of(), methods, binding,
					ambiguous || paths == null));
		});
		return new AnnotatedRoutes(routes);
	}

	/**
	 * The bound route a request may be for.
	 * @param method the request's method
	 * @param path the request's path within the application
	 * @return the match, or {@code null} when no bound route can serve the request
	 */
	@Nullable Match match(String method, PathContainer path) {
		Match ambiguous = null;
		for (Route route : this.routes) {
			if (!route.methods().isEmpty() && route.methods().stream().noneMatch((m) -> m.name().equals(method))) {
				continue;
			}
			if (route.patterns().isEmpty()) {
				ambiguous = new Match(route.binding(), Map.of(), true);
				continue;
			}
			for (PathPattern pattern : route.patterns()) {
				PathPattern.PathMatchInfo info = pattern.matchAndExtract(path);
				if (info != null) {
					if (!route.ambiguous()) {
						return new Match(route.binding(), info.getUriVariables(), false);
					}
					ambiguous = new Match(route.binding(), info.getUriVariables(), true);
				}
			}
		}
		return ambiguous;
	}

	private static boolean hasOtherConditions(RequestMappingInfo info) {
		return !info.getParamsCondition().isEmpty() || !info.getHeadersCondition().isEmpty()
				|| !info.getConsumesCondition().isEmpty() || !info.getProducesCondition().isEmpty()
				|| info.getCustomCondition() != null;
	}

	/**
	 * Whether two mappings might serve one request: their methods meet (no method means
	 * any) and some pair of their patterns might match one path. Conservative: only two
	 * literal segments that differ, or a different segment count without a catch-all,
	 * rule a pair out.
	 * @param one a mapping
	 * @param other another mapping
	 * @return whether they might serve one request
	 */
	private static boolean mayOverlap(RequestMappingInfo one, RequestMappingInfo other) {
		Set<RequestMethod> methods = one.getMethodsCondition().getMethods();
		Set<RequestMethod> otherMethods = other.getMethodsCondition().getMethods();
		if (!methods.isEmpty() && !otherMethods.isEmpty() && methods.stream().noneMatch(otherMethods::contains)) {
			return false;
		}
		PathPatternsRequestCondition paths = one.getPathPatternsCondition();
		PathPatternsRequestCondition otherPaths = other.getPathPatternsCondition();
		if (paths == null || otherPaths == null) {
			return true;
		}
		for (PathPattern pattern : paths.getPatterns()) {
			for (PathPattern otherPattern : otherPaths.getPatterns()) {
				if (mayOverlap(pattern.getPatternString(), otherPattern.getPatternString())) {
					return true;
				}
			}
		}
		return false;
	}

	static boolean mayOverlap(String pattern, String other) {
		String[] segments = pattern.split("/", -1);
		String[] otherSegments = other.split("/", -1);
		boolean catchAll = pattern.contains("**") || pattern.contains("{*") || other.contains("**")
				|| other.contains("{*");
		if (segments.length != otherSegments.length && !catchAll) {
			return false;
		}
		for (int i = 0; i < Math.min(segments.length, otherSegments.length); i++) {
			String segment = segments[i];
			String otherSegment = otherSegments[i];
			if (segment.contains("**") || segment.contains("{*") || otherSegment.contains("**")
					|| otherSegment.contains("{*")) {
				return true;
			}
			if (isLiteral(segment) && isLiteral(otherSegment) && !segment.equals(otherSegment)) {
				return false;
			}
		}
		return true;
	}

	private static boolean isLiteral(String segment) {
		return segment.indexOf('{') < 0 && segment.indexOf('*') < 0 && segment.indexOf('?') < 0;
	}

	private record Route(List<PathPattern> patterns, Set<RequestMethod> methods, ActionBinding binding,
			boolean ambiguous) {
	}

	/**
	 * The bound route a request may be for.
	 *
	 * @param binding its binding
	 * @param variables the path variables, decoded as the controller gets them
	 * @param ambiguous whether another mapping might serve the request, so Spring MVC's
	 * lookup must confirm it
	 */
	record Match(ActionBinding binding, Map<String, String> variables, boolean ambiguous) {
	}

}
