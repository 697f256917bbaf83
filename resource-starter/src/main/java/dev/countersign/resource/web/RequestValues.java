package dev.countersign.resource.web;

import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.countersign.core.ActionTypeSchema;
import dev.countersign.core.ParameterSchema;

/**
 * The values a request carries for a binding's parameters, read where the controller
 * reads them and checked against the catalog's schema of each parameter before anything
 * is matched or echoed:
 * <ul>
 * <li>path variables as Spring MVC decodes them;</li>
 * <li>query and form values from the servlet container's own parse
 * ({@link HttpServletRequest#getParameterValues}, the values {@code @RequestParam} gets),
 * so a name encoded differently ({@code customer%49d}) is the same name, and a name given
 * twice, in the query, the form body or both, is refused; a malformed escape is a bad
 * request;</li>
 * <li>headers as the container gives them;</li>
 * <li>JSON body members by JSON Pointer.</li>
 * </ul>
 * A value that does not fit its schema (type, text form, NFC, length, pattern, minimum,
 * maximum) is a bad request naming the parameter and the rule.
 */
final class RequestValues {

	private RequestValues() {
	}

	/**
	 * Extracts and checks every bound parameter that the request carries.
	 * @param binding the binding
	 * @param schema the catalog's schema of the binding's type
	 * @param pathVariables the path variables
	 * @param request the request
	 * @param json the JSON body, or {@code null}
	 * @return canonical values by parameter name
	 * @throws BadActionRequestException for a value given twice, malformed or outside its
	 * schema
	 */
	static Map<String, Object> extract(ActionBinding binding, ActionTypeSchema schema,
			Map<String, String> pathVariables, HttpServletRequest request, @Nullable JsonNode json) {
		Map<String, Object> values = new LinkedHashMap<>();
		for (Map.Entry<String, ParameterSource> entry : binding.parameters().entrySet()) {
			ParameterSchema parameter = schema.parameters().get(entry.getKey());
			if (parameter == null) {
				throw new BindingMismatchException("the route binds parameter '" + entry.getKey()
						+ "', which action type " + schema.type() + " does not declare");
			}
			ParameterSource source = entry.getValue();
			Object raw = switch (source.kind()) {
				case PATH -> pathVariables.get(source.name());
				case QUERY, FORM -> single(source, parameterValues(request, source.name()));
				case HEADER -> single(source, Collections.list(headers(request, source.name())));
				case BODY -> {
					JsonNode node = (json != null) ? json.at(source.name()) : null;
					yield (node == null || node.isMissingNode()) ? null : node;
				}
			};
			if (raw == null) {
				if (parameter.required()) {
					throw new BadActionRequestException(
							"parameter '" + entry.getKey() + "' is required (from " + source + ")");
				}
				continue;
			}
			try {
				values.put(entry.getKey(),
						(raw instanceof JsonNode node) ? parameter.check(node) : parameter.check((String) raw));
			}
			catch (IllegalArgumentException ex) {
				throw new BadActionRequestException(ex.getMessage() + " (from " + source + ")");
			}
		}
		return values;
	}

	private static @Nullable List<String> parameterValues(HttpServletRequest request, String name) {
		String[] values;
		try {
			values = request.getParameterValues(name);
		}
		catch (IllegalStateException ex) {
			// Tomcat's InvalidParameterException: a malformed escape, too many parameters
			throw new BadActionRequestException("the query string or form body cannot be parsed (malformed "
					+ "percent-encoding or too many parameters)");
		}
		return (values != null) ? List.of(values) : null;
	}

	private static Enumeration<String> headers(HttpServletRequest request, String name) {
		Enumeration<String> headers = request.getHeaders(name);
		return (headers != null) ? headers : Collections.emptyEnumeration();
	}

	private static @Nullable String single(ParameterSource source, @Nullable List<String> values) {
		if (values == null || values.isEmpty()) {
			return null;
		}
		if (values.size() > 1) {
			throw new BadActionRequestException(source + " is given " + values.size() + " times");
		}
		return values.get(0);
	}

	/**
	 * The route's binding does not fit the catalog: a configuration error of the API.
	 */
	static final class BindingMismatchException extends RuntimeException {

		BindingMismatchException(String message) {
			super(message);
		}

	}

}
