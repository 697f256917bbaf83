package dev.countersign.resource.validation;

import java.math.BigDecimal;
import java.text.Normalizer;

import tools.jackson.databind.JsonNode;

import dev.countersign.core.CanonicalValues;
import dev.countersign.core.ParameterType;

/**
 * Compares what was approved or granted with what a request carries, canonically (core's
 * {@link ParameterType}): decimals by value, strings exactly after NFC, booleans as booleans. The
 * approved value's JSON type decides how the request's value is read, so {@code "250.00"} in a
 * JSON body, {@code 250} in a path and {@code 2.5e2} all match an approved {@code 250}.
 */
public final class ParameterMatching {

	private ParameterMatching() {
	}

	/**
	 * Whether a request value equals an approved value.
	 * @param approved the approved JSON value (string, number or boolean)
	 * @param requested the request's value: text ({@link String}) or JSON ({@link JsonNode})
	 * @return {@code true} when they are the same value
	 */
	public static boolean equal(JsonNode approved, Object requested) {
		try {
			ParameterType type = ParameterType.ofApprovedValue(approved);
			return CanonicalValues.equal(type.canonicalize(approved), canonical(type, requested));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * Whether a granted constraint admits a request value: a JSON scalar means "equals"; an object
	 * with exactly one operator means {@code in} (a list of scalars), {@code min}, {@code max}
	 * (numbers, inclusive) or {@code prefix} (a string).
	 * @param constraint the granted constraint
	 * @param requested the request's value
	 * @return {@code true} when admitted
	 */
	public static boolean admits(JsonNode constraint, Object requested) {
		if (!constraint.isObject()) {
			return equal(constraint, requested);
		}
		if (constraint.size() != 1) {
			return false;
		}
		java.util.Map.Entry<String, JsonNode> operator = constraint.properties().iterator().next();
		JsonNode operand = operator.getValue();
		try {
			return switch (operator.getKey()) {
				case "in" -> {
					if (!operand.isArray()) {
						yield false;
					}
					for (JsonNode candidate : operand) {
						if (!candidate.isContainer() && equal(candidate, requested)) {
							yield true;
						}
					}
					yield false;
				}
				case "min" -> operand.isNumber() && decimal(requested).compareTo(operand.decimalValue()) >= 0;
				case "max" -> operand.isNumber() && decimal(requested).compareTo(operand.decimalValue()) <= 0;
				case "prefix" -> operand.isString() && ((String) canonical(ParameterType.STRING, requested))
					.startsWith(Normalizer.normalize(operand.asString(), Normalizer.Form.NFC));
				default -> false;
			};
		}
		catch (IllegalArgumentException | ClassCastException ex) {
			return false;
		}
	}

	private static BigDecimal decimal(Object requested) {
		Object value = canonical(ParameterType.DECIMAL, requested);
		return (BigDecimal) value;
	}

	private static Object canonical(ParameterType type, Object requested) {
		return (requested instanceof JsonNode node) ? type.canonicalize(node) : type.canonicalize((String) requested);
	}

}
