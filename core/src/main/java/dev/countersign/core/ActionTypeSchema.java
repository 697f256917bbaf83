package dev.countersign.core;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What one action type's {@code authorization_details} entry may hold, as the
 * authorization server publishes it at its authorization details types metadata endpoint
 * (<a href=
 * "https://datatracker.ietf.org/doc/draft-zehavi-oauth-rar-metadata/">draft-zehavi-oauth-rar-metadata</a>,
 * section 5): a JSON Schema (2020-12) of one entry. The resource server reads the same
 * document back ({@link #fromMetadata}) and applies the catalog's own limits to every
 * request.
 * <p>
 * The schema's shape: {@code type} is a {@code const}; {@code parameters} is an object
 * whose members are declared in {@code $defs} (one value schema per parameter, see
 * {@link #valueSchema}) and listed in {@code required} when required; a parameter with
 * grant operators also admits an object of exactly one operator; {@code fields}, when the
 * type allows it, is a non-empty array of the allowed member names.
 *
 * @param type the action type
 * @param description the display name, or {@code null}
 * @param parameters the parameter schemas by name, in declaration order
 * @param operators the grant operators each parameter allows (names absent: exact values
 * only)
 * @param fields the body members a grant or approval may restrict itself to; empty when
 * not allowed
 */
public record ActionTypeSchema(String type, @Nullable String description, Map<String, ParameterSchema> parameters,
		Map<String, Set<String>> operators, Set<String> fields) {

	/** The most values one {@code in} constraint may list. */
	public static final int MAX_IN_VALUES = 50;

	private static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

	public ActionTypeSchema {
		parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
		operators = Collections.unmodifiableMap(new LinkedHashMap<>(operators));
		fields = Collections.unmodifiableSet(new LinkedHashSet<>(fields));
	}

	/**
	 * The type's member of the metadata document: {@code description} and {@code schema}.
	 * @return the member's value as plain maps and lists
	 */
	public Map<String, Object> toMetadata() {
		Map<String, Object> metadata = new LinkedHashMap<>();
		if (this.description != null) {
			metadata.put("description", this.description);
		}
		metadata.put("schema", schema());
		return metadata;
	}

	/**
	 * Reads a type's member of the metadata document, as {@link #toMetadata} writes it.
	 * @param type the type, the member's name
	 * @param metadata the member's value
	 * @return the schema
	 * @throws IllegalArgumentException when the document is not of that shape
	 */
	public static ActionTypeSchema fromMetadata(String type, JsonNode metadata) {
		JsonNode schema = metadata.get("schema");
		if (schema == null || !schema.isObject()) {
			throw malformed(type, "has no schema object");
		}
		JsonNode parametersSchema = schema.path("properties").path(AuthorizationDetail.PARAMETERS);
		JsonNode definitions = schema.path("$defs");
		Set<String> required = new LinkedHashSet<>();
		parametersSchema.path("required").forEach((name) -> required.add(name.asString()));
		Map<String, ParameterSchema> parameters = new LinkedHashMap<>();
		Map<String, Set<String>> operators = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> property : parametersSchema.path("properties").properties()) {
			String name = property.getKey();
			JsonNode value = definitions.get(name);
			if (value == null || !value.isObject()) {
				throw malformed(type, "declares parameter '" + name + "' without a value schema in $defs");
			}
			parameters.put(name, parameter(type, name, required.contains(name), value));
			JsonNode alternatives = property.getValue().path("anyOf");
			if (alternatives.isArray() && alternatives.size() == 2) {
				Set<String> names = new LinkedHashSet<>(alternatives.get(1).path("properties").propertyNames());
				if (!names.isEmpty()) {
					operators.put(name, names);
				}
			}
		}
		Set<String> fields = new LinkedHashSet<>();
		schema.path("properties")
			.path(AuthorizationDetail.FIELDS)
			.path("items")
			.path("enum")
			.forEach((field) -> fields.add(field.asString()));
		JsonNode description = metadata.get("description");
		return new ActionTypeSchema(type,
				(description != null && description.isString()) ? description.asString() : null, parameters, operators,
				fields);
	}

	/**
	 * The JSON Schema of one value of a parameter. Strings carry {@code maxLength} and
	 * the catalog's pattern anchored on the whole value; decimals and integers are JSON
	 * numbers within {@code minimum} and {@code maximum}, or strings in their plain text
	 * form.
	 * @param parameter the parameter
	 * @return the schema as plain maps and lists
	 */
	public static Map<String, Object> valueSchema(ParameterSchema parameter) {
		Map<String, Object> schema = new LinkedHashMap<>();
		switch (parameter.type()) {
			case STRING -> {
				schema.put("type", "string");
				if (parameter.maxLength() != null) {
					schema.put("maxLength", parameter.maxLength());
				}
				if (parameter.pattern() != null) {
					schema.put("pattern", anchored(parameter.pattern().pattern()));
				}
			}
			case BOOLEAN -> schema.put("type", "boolean");
			case DECIMAL, INTEGER -> {
				boolean integer = parameter.type() == ParameterType.INTEGER;
				schema.put("type", List.of(integer ? "integer" : "number", "string"));
				schema.put("pattern", anchored(integer ? ParameterType.INTEGER_TEXT : ParameterType.DECIMAL_TEXT));
				if (parameter.min() != null) {
					schema.put("minimum", parameter.min());
				}
				if (parameter.max() != null) {
					schema.put("maximum", parameter.max());
				}
			}
		}
		return schema;
	}

	private Map<String, Object> schema() {
		Map<String, Object> definitions = new LinkedHashMap<>();
		Map<String, Object> properties = new LinkedHashMap<>();
		List<String> required = new ArrayList<>();
		this.parameters.forEach((name, parameter) -> {
			definitions.put(name, valueSchema(parameter));
			Map<String, Object> value = Map.of("$ref", "#/$defs/" + name);
			Set<String> allowed = this.operators.getOrDefault(name, Set.of());
			properties.put(name,
					allowed.isEmpty() ? value : Map.of("anyOf", List.of(value, operatorSchema(value, allowed))));
			if (parameter.required()) {
				required.add(name);
			}
		});
		Map<String, Object> parametersSchema = new LinkedHashMap<>();
		parametersSchema.put("type", "object");
		parametersSchema.put("properties", properties);
		parametersSchema.put("required", required);
		parametersSchema.put("additionalProperties", false);
		Map<String, Object> members = new LinkedHashMap<>();
		members.put(AuthorizationDetail.TYPE, Map.of("const", this.type));
		members.put(AuthorizationDetail.PARAMETERS, parametersSchema);
		if (!this.fields.isEmpty()) {
			members.put(AuthorizationDetail.FIELDS, Map.of("type", "array", "minItems", 1, "uniqueItems", true, "items",
					Map.of("enum", List.copyOf(this.fields))));
		}
		Map<String, Object> schema = new LinkedHashMap<>();
		schema.put("$schema", DIALECT);
		schema.put("type", "object");
		schema.put("properties", members);
		schema.put("required", List.of(AuthorizationDetail.TYPE, AuthorizationDetail.PARAMETERS));
		schema.put("additionalProperties", false);
		schema.put("$defs", definitions);
		return schema;
	}

	private static Map<String, Object> operatorSchema(Map<String, Object> value, Set<String> allowed) {
		Map<String, Object> operands = new LinkedHashMap<>();
		for (String operator : allowed) {
			operands.put(operator, switch (operator) {
				case "in" -> Map.of("type", "array", "minItems", 1, "maxItems", MAX_IN_VALUES, "items", value);
				case "prefix" -> Map.of("type", "string", "minLength", 1);
				default -> value;
			});
		}
		Map<String, Object> schema = new LinkedHashMap<>();
		schema.put("type", "object");
		schema.put("properties", operands);
		schema.put("minProperties", 1);
		schema.put("maxProperties", 1);
		schema.put("additionalProperties", false);
		return schema;
	}

	private static ParameterSchema parameter(String type, String name, boolean required, JsonNode value) {
		Set<String> types = new LinkedHashSet<>();
		JsonNode declared = value.path("type");
		if (declared.isString()) {
			types.add(declared.asString());
		}
		declared.forEach((each) -> types.add(each.asString()));
		ParameterType parameterType = types.contains("integer") ? ParameterType.INTEGER
				: types.contains("number") ? ParameterType.DECIMAL : types.contains("boolean") ? ParameterType.BOOLEAN
						: types.contains("string") ? ParameterType.STRING : null;
		if (parameterType == null) {
			throw malformed(type, "gives parameter '" + name + "' no type of string, number, integer or boolean");
		}
		Pattern pattern = null;
		Integer maxLength = null;
		if (parameterType == ParameterType.STRING) {
			JsonNode text = value.path("pattern");
			if (text.isString()) {
				try {
					pattern = Pattern.compile(text.asString());
				}
				catch (PatternSyntaxException ex) {
					throw malformed(type, "gives parameter '" + name + "' a pattern that is no regular expression");
				}
			}
			maxLength = value.path("maxLength").isIntegralNumber() ? value.path("maxLength").asInt() : null;
		}
		return new ParameterSchema(name, parameterType, required, maxLength, number(value.get("minimum")),
				number(value.get("maximum")), pattern);
	}

	private static @Nullable BigDecimal number(@Nullable JsonNode node) {
		return (node != null && node.isNumber()) ? node.decimalValue() : null;
	}

	private static String anchored(String pattern) {
		return "^(?:" + pattern + ")$";
	}

	private static IllegalArgumentException malformed(String type, String problem) {
		return new IllegalArgumentException("the metadata of authorization details type " + type + " " + problem);
	}

}
