package dev.countersign.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One entry of an {@code authorization_details} array
 * (<a href="https://www.rfc-editor.org/rfc/rfc9396#section-2">RFC 9396 section 2</a>) in
 * the Countersign profile: the action {@code type}, its {@code parameters} as canonical
 * values ({@link ParameterType}), and optionally the only body {@code fields} a request
 * may set.
 *
 * @param type the action type
 * @param parameters canonical parameter values by name
 * @param fields the body members a request may carry, or {@code null} for no restriction
 */
public record AuthorizationDetail(String type, Map<String, Object> parameters, @Nullable List<String> fields) {

	/** The member naming the type. */
	public static final String TYPE = "type";

	/** The member holding the parameters. */
	public static final String PARAMETERS = "parameters";

	/** The member listing the allowed body fields. */
	public static final String FIELDS = "fields";

	public AuthorizationDetail {
		parameters = Collections.unmodifiableMap(new TreeMap<>(parameters));
		fields = (fields != null) ? List.copyOf(fields) : null;
	}

	/**
	 * Reads a detail already in canonical form, as this server stored or signed it; a
	 * form it could not have written is refused.
	 * @param node the JSON object
	 * @return the detail
	 * @throws IllegalArgumentException when the object has no type or no parameters
	 * object
	 */
	public static AuthorizationDetail read(JsonNode node) {
		JsonNode type = node.get(TYPE);
		JsonNode parameters = node.get(PARAMETERS);
		if (type == null || !type.isString() || parameters == null || !parameters.isObject()) {
			throw new IllegalArgumentException("an authorization detail needs a type and a parameters object");
		}
		Map<String, Object> values = new LinkedHashMap<>();
		parameters.properties().forEach((entry) -> values.put(entry.getKey(), StrictJson.toValue(entry.getValue())));
		return new AuthorizationDetail(type.asString(), values, fieldsOf(node));
	}

	/**
	 * The {@code fields} of an entry: the only body members a request may set.
	 * @param entry the JSON object of an entry
	 * @return the field names, or {@code null} when the entry names none
	 */
	public static @Nullable List<String> fieldsOf(JsonNode entry) {
		JsonNode fields = entry.get(FIELDS);
		if (fields == null) {
			return null;
		}
		List<String> names = new ArrayList<>();
		fields.forEach((field) -> names.add(field.asString()));
		return names;
	}

	/**
	 * The JSON object of this detail, members in a fixed order and parameters sorted by
	 * name, as it goes into a token claim.
	 * @return the object as a map
	 */
	public Map<String, Object> toJsonObject() {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put(TYPE, this.type);
		json.put(PARAMETERS, this.parameters);
		if (this.fields != null) {
			json.put(FIELDS, this.fields);
		}
		return json;
	}

	/**
	 * The canonical JSON text of this detail.
	 * @return compact JSON
	 */
	public String toJson() {
		return StrictJson.write(toJsonObject());
	}

}
