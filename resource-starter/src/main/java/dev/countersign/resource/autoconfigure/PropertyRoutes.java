package dev.countersign.resource.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.HttpMethod;
import org.springframework.util.StringUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

import dev.countersign.resource.web.ActionBinding;
import dev.countersign.resource.web.InvalidBindingException;
import dev.countersign.resource.web.ParameterSource;
import dev.countersign.resource.web.RouteBinding;

/**
 * Reads the routes of {@code countersign.resource.routes}, refusing each one the starter
 * could not check with what to do instead.
 */
final class PropertyRoutes {

	private PropertyRoutes() {
	}

	static RouteBinding route(CountersignResourceProperties.Route route, String prefix, PathPatternParser parser) {
		if (!StringUtils.hasText(route.getPath()) || !StringUtils.hasText(route.getType())) {
			throw new InvalidBindingException(
					prefix + " has no " + (StringUtils.hasText(route.getPath()) ? "type" : "path"),
					"Give every route of countersign.resource.routes a path (a pattern such as /accounts/{accountId}) "
							+ "and a type (an action type of the authorization server's catalog).");
		}
		Map<String, ParameterSource> parameters = new LinkedHashMap<>();
		route.getParameters().forEach((name, source) -> {
			try {
				parameters.put(name, ParameterSource.parse(source));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidBindingException(prefix + ".parameters." + name + ": " + ex.getMessage(),
						"Write the source as path:variable, query:name, header:name, body:/json/pointer or form:field.");
			}
		});
		HttpMethod method = null;
		if (StringUtils.hasText(route.getMethod())) {
			String name = route.getMethod().trim().toUpperCase(Locale.ROOT);
			if (!name.chars().allMatch((c) -> c >= 'A' && c <= 'Z')) {
				throw new InvalidBindingException(prefix + ".method '" + route.getMethod() + "' is no HTTP method",
						"Write one method, such as POST, or leave method unset for any.");
			}
			method = HttpMethod.valueOf(name);
		}
		PathPattern pattern;
		try {
			pattern = parser.parse(route.getPath());
		}
		catch (PatternParseException ex) {
			throw new InvalidBindingException(
					prefix + ".path '" + route.getPath() + "' is no path pattern: " + ex.getMessage(),
					"Write the path as in @RequestMapping, such as /accounts/{accountId}/transfers.");
		}
		return new RouteBinding(method, pattern, new ActionBinding(route.getType(), route.getMode(), parameters),
				prefix);
	}

}
