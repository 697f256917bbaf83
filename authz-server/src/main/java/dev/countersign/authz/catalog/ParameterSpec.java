package dev.countersign.authz.catalog;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.countersign.core.ParameterType;

/**
 * The schema of one action parameter: its type and limits.
 *
 * @param name the parameter name
 * @param type the type
 * @param required whether a request must give it
 * @param maxLength longest string in code points, or {@code null}
 * @param min smallest number, or {@code null}
 * @param max largest number, or {@code null}
 * @param pattern regular expression the whole string must match, or {@code null}
 * @param operators the constraint operators a grant may use for this parameter (see
 * {@link #OPERATORS}); empty when only exact values may be granted
 */
public record ParameterSpec(String name, ParameterType type, boolean required, @Nullable Integer maxLength,
		@Nullable BigDecimal min, @Nullable BigDecimal max, @Nullable Pattern pattern, Set<String> operators) {

	/** The constraint operators, each with the parameter types it applies to. */
	public static final Map<String, Set<String>> OPERATORS = Map.of("in", Set.of("string", "decimal", "integer", "boolean"),
			"min", Set.of("decimal", "integer"), "max", Set.of("decimal", "integer"), "prefix", Set.of("string"));

	/** The most values one {@code in} constraint may list. */
	public static final int MAX_IN_VALUES = 50;

	/**
	 * Checks a granted constraint against this schema: a JSON scalar is one exact value
	 * ({@link #check}); an object with exactly one member is an operator this parameter allows,
	 * whose operand is checked like a value ({@code in}: a non-empty array of values;
	 * {@code min}, {@code max}: a number; {@code prefix}: a non-empty string).
	 * @param constraint the JSON value
	 * @return the canonical constraint: a value, or a one-entry map from operator to canonical
	 * operand
	 * @throws InvalidAuthorizationDetailsException naming the parameter and the broken rule
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
				String prefix = (String) this.type.canonicalize(operand);
				if (this.maxLength != null && prefix.codePointCount(0, prefix.length()) > this.maxLength) {
					throw invalid("'prefix' must be at most " + this.maxLength + " characters long");
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
	 * @throws InvalidAuthorizationDetailsException naming the parameter and the broken rule
	 */
	public Object check(JsonNode value) {
		Object canonical;
		try {
			canonical = this.type.canonicalize(value);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(ex.getMessage());
		}
		if (canonical instanceof String text) {
			if (this.maxLength != null && text.codePointCount(0, text.length()) > this.maxLength) {
				throw invalid("must be at most " + this.maxLength + " characters long");
			}
			if (this.pattern != null && !this.pattern.matcher(text).matches()) {
				throw invalid("does not match " + this.pattern.pattern());
			}
		}
		BigDecimal number = (canonical instanceof BigDecimal decimal) ? decimal
				: (canonical instanceof java.math.BigInteger integer) ? new BigDecimal(integer) : null;
		if (number != null) {
			if (this.min != null && number.compareTo(this.min) < 0) {
				throw invalid("must be at least " + this.min.toPlainString());
			}
			if (this.max != null && number.compareTo(this.max) > 0) {
				throw invalid("must be at most " + this.max.toPlainString());
			}
		}
		return canonical;
	}

	private InvalidAuthorizationDetailsException invalid(String rule) {
		return new InvalidAuthorizationDetailsException("parameter '" + this.name + "' " + rule);
	}

}
