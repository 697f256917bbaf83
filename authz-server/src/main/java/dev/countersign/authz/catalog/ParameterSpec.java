package dev.countersign.authz.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import dev.countersign.core.ActionTypeSchema;
import dev.countersign.core.Messages;
import dev.countersign.core.ParameterSchema;

/**
 * The schema of one action parameter ({@link ParameterSchema}, shared with the resource
 * server) and the constraint operators a grant may use for it.
 *
 * @param schema the type and limits
 * @param operators the constraint operators a grant may use for this parameter (see
 * {@link #OPERATORS}); empty when only exact values may be granted
 */
public record ParameterSpec(ParameterSchema schema, Set<String> operators) {

	/** The constraint operators, each with the parameter types it applies to. */
	public static final Map<String, Set<String>> OPERATORS = Map.of("in",
			Set.of("string", "decimal", "integer", "boolean"), "min", Set.of("decimal", "integer"), "max",
			Set.of("decimal", "integer"), "prefix", Set.of("string"));

	/** The most values one {@code in} constraint may list. */
	public static final int MAX_IN_VALUES = ActionTypeSchema.MAX_IN_VALUES;

	/**
	 * The parameter's name.
	 * @return the name
	 */
	public String name() {
		return this.schema.name();
	}

	/**
	 * Whether a request must give the parameter.
	 * @return {@code true} when required
	 */
	public boolean required() {
		return this.schema.required();
	}

	/**
	 * Checks a granted constraint against this schema: a JSON scalar is one exact value
	 * ({@link #check}); an object with exactly one member is an operator this parameter
	 * allows, whose operand is checked like a value ({@code in}: a non-empty array of
	 * values; {@code min}, {@code max}: a number; {@code prefix}: a non-empty string).
	 * @param constraint the JSON value
	 * @return the canonical constraint: a value, or a one-entry map from operator to
	 * canonical operand
	 * @throws InvalidAuthorizationDetailsException naming the parameter and the broken
	 * rule
	 */
	public Object checkConstraint(JsonNode constraint) {
		if (!constraint.isObject()) {
			return check(constraint);
		}
		if (constraint.size() != 1) {
			throw invalid("must be a value or an object with exactly one operator");
		}
		Map.Entry<String, JsonNode> entry = constraint.properties().iterator().next();
		String operator = entry.getKey();
		if (!this.operators.contains(operator)) {
			throw invalid((this.operators.isEmpty()) ? "takes exact values only, not '" + operator + "'"
					: "allows only " + String.join(", ", this.operators) + ", not '" + operator + "'");
		}
		JsonNode operand = entry.getValue();
		Object canonical = switch (operator) {
			case "in" -> {
				if (!operand.isArray() || operand.isEmpty() || operand.size() > MAX_IN_VALUES) {
					throw invalid("'in' must list 1 to " + MAX_IN_VALUES + " values");
				}
				List<Object> values = new ArrayList<>();
				for (JsonNode value : operand) {
					if (value.isContainer()) {
						throw invalid("'in' must list values, not arrays or objects");
					}
					values.add(check(value));
				}
				yield values;
			}
			case "prefix" -> {
				if (!operand.isString() || operand.asString().isEmpty()) {
					throw invalid("'prefix' must be a non-empty string");
				}
				// the pattern describes whole values, not their beginnings
				String prefix;
				try {
					prefix = (String) this.schema.type().canonicalize(operand);
				}
				catch (IllegalArgumentException ex) {
					throw invalid("'prefix' " + ex.getMessage());
				}
				Integer maxLength = this.schema.maxLength();
				if (maxLength != null && prefix.codePointCount(0, prefix.length()) > maxLength) {
					throw invalid("'prefix' must be at most " + maxLength + " characters long");
				}
				yield prefix;
			}
			default -> check(operand);
		};
		Map<String, Object> result = new LinkedHashMap<>();
		result.put(operator, canonical);
		return result;
	}

	/**
	 * Checks a requested value against this schema.
	 * @param value the JSON value
	 * @return the canonical value
	 * @throws InvalidAuthorizationDetailsException naming the parameter and the broken
	 * rule
	 */
	public Object check(JsonNode value) {
		try {
			return this.schema.check(value);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidAuthorizationDetailsException(Messages.of(ex));
		}
	}

	private InvalidAuthorizationDetailsException invalid(String rule) {
		return new InvalidAuthorizationDetailsException(Messages.of(this.schema.invalid(rule)));
	}

}
