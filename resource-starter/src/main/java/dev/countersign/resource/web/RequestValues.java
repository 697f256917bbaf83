package dev.countersign.resource.web;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The values a request carries for a binding's parameters: text for path, query, header and form
 * sources, JSON for body sources. A parameter given twice is an error, never "take the first".
 */
final class RequestValues {

	private RequestValues() {
	}

	/**
	 * Extracts every bound parameter that the request carries.
	 * @param binding the binding
	 * @param pathVariables the path variables
	 * @param request the request
	 * @param json the JSON body, or {@code null}
	 * @param form the form body, or {@code null}
	 * @return values by parameter name: a {@link String} or a {@link JsonNode}
	 */
	static Map<String, Object> extract(ActionBinding binding, Map<String, String> pathVariables,
			HttpServletRequest request, @Nullable JsonNode json, @Nullable MultiValueMap<String, String> form) {
		Map<String, Object> values = new LinkedHashMap<>();
		MultiValueMap<String, String> query = null;
		for (Map.Entry<String, ParameterSource> entry : binding.parameters().entrySet()) {
			ParameterSource source = entry.getValue();
			Object value = switch (source.kind()) {
				case PATH -> pathVariables.get(source.name());
				case QUERY -> {
					if (query == null) {
						query = UriComponentsBuilder.newInstance().query(request.getQueryString()).build(false).getQueryParams();
					}
					yield single(source, decodeAll(query.get(source.name())));
				}
				case HEADER -> single(source, Collections.list(headers(request, source.name())));
				case FORM -> single(source, (form != null) ? form.get(source.name()) : null);
				case BODY -> {
					JsonNode node = (json != null) ? json.at(source.name()) : null;
					yield (node == null || node.isMissingNode()) ? null : node;
				}
			};
			if (value != null) {
				values.put(entry.getKey(), value);
			}
		}
		return values;
	}

	private static Enumeration<String> headers(HttpServletRequest request, String name) {
		Enumeration<String> headers = request.getHeaders(name);
		return (headers != null) ? headers : Collections.emptyEnumeration();
	}

	private static @Nullable List<String> decodeAll(@Nullable List<String> values) {
		if (values == null) {
			return null;
		}
		return values.stream()
			.map((value) -> (value != null) ? java.net.URLDecoder.decode(value, StandardCharsets.UTF_8) : "")
			.toList();
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

}
