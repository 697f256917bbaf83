package dev.countersign.resource.validation;

import tools.jackson.databind.JsonNode;

import dev.countersign.core.CanonicalValues;
import dev.countersign.core.Constraint;
import dev.countersign.core.ParameterSchema;

/**
 * Compares what was approved or granted with a request's value, both in canonical form
 * (core's {@link dev.countersign.core.ParameterType}): the request's value was already
 * checked against the catalog's schema of the parameter, and the approved or granted
 * value is read with the same schema's type. Decimals compare by value, strings exactly
 * (both sides are NFC, nothing is normalized), booleans as booleans. An approved value
 * the schema does not read never matches.
 */
public final class ParameterMatching {

	private ParameterMatching() {
	}

	/**
	 * Whether a request value equals an approved value.
	 * @param schema the parameter's schema
	 * @param approved the approved JSON value
	 * @param requested the request's canonical value
	 * @return {@code true} when they are the same value
	 */
	public static boolean equal(ParameterSchema schema, JsonNode approved, Object requested) {
		try {
			return !approved.isContainer() && CanonicalValues.equal(schema.type().canonicalize(approved), requested);
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * Whether a granted constraint admits a request value: a JSON scalar means "equals";
	 * an object with exactly one operator means {@code in} (a list of scalars),
	 * {@code min}, {@code max} (numbers, inclusive) or {@code prefix} (a string).
	 * @param schema the parameter's schema
	 * @param constraint the granted constraint
	 * @param requested the request's canonical value
	 * @return {@code true} when admitted
	 */
	public static boolean admits(ParameterSchema schema, JsonNode constraint, Object requested) {
		return Constraint.fromJson(schema, constraint).admits(requested);
	}

}
