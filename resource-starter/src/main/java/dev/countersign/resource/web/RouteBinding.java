package dev.countersign.resource.web;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.util.Assert;
import org.springframework.web.util.pattern.PathPattern;

/**
 * A binding given in properties: a method and a path pattern, matched with Spring's own
 * {@link PathPattern} on the request's parsed path.
 *
 * @param method the HTTP method, or {@code null} for any
 * @param pattern the path pattern
 * @param binding what protects the route
 * @param origin where the binding was given, such as
 * {@code countersign.resource.routes[0]}, for messages
 */
public record RouteBinding(@Nullable HttpMethod method, PathPattern pattern, ActionBinding binding, String origin) {

	public RouteBinding {
		Assert.notNull(pattern, "pattern cannot be null");
		Assert.notNull(binding, "binding cannot be null");
		Assert.hasText(origin, "origin cannot be empty");
	}

	/**
	 * A binding whose origin is its method and pattern.
	 * @param method the HTTP method, or {@code null} for any
	 * @param pattern the path pattern
	 * @param binding what protects the route
	 */
	public RouteBinding(@Nullable HttpMethod method, PathPattern pattern, ActionBinding binding) {
		this(method, pattern, binding, ((method != null) ? method.name() + " " : "") + pattern.getPatternString());
	}

}
