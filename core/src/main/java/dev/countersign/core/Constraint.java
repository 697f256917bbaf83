package dev.countersign.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One parameter constraint of a granted {@code authorization_details} entry (RFC 9396
 * section 2 leaves their form to the type): a scalar means "equals"; an object with
 * exactly one operator means {@code in} (one of a list), {@code min} or {@code max}
 * (numbers, inclusive) or {@code prefix} (a string starting so). The operators' one
 * implementation, for both sides: the authorization server asks whether one constraint
 * lies within another (a client's policy) and shows them to people; the resource server
 * asks whether one admits a request's value.
 */
public sealed interface Constraint {

	/** One of a list. */
	String IN = "in";

	/** At least. */
	String MIN = "min";

	/** At most. */
	String MAX = "max";

	/** Starting with. */
	String PREFIX = "prefix";

	/**
	 * Whether the constraint admits a value.
	 * @param value a canonical value ({@link CanonicalValues})
	 * @return {@code true} when admitted
	 */
	boolean admits(Object value);

	/**
	 * Whether every value this constraint admits, another admits too.
	 * @param allowed the other constraint
	 * @return {@code true} when this one lies within it
	 */
	boolean within(Constraint allowed);

	/**
	 * The constraint as people read it: "at least 10", "DE or FR", "starting with DE".
	 * @param show how one value is shown
	 * @return the text
	 */
	String describe(Function<Object, String> show);

	/**
	 * A constraint in canonical form, as the authorization server keeps granted entries:
	 * a canonical value, or a one-entry map from operator to canonical operand.
	 * @param canonical the canonical constraint
	 * @return the constraint; one that admits nothing when the form is unknown
	 */
	static Constraint fromCanonical(Object canonical) {
		if (!(canonical instanceof Map<?, ?> operator)) {
			return new Equals(canonical);
		}
		if (operator.size() != 1) {
			return Nothing.INSTANCE;
		}
		Map.Entry<?, ?> only = operator.entrySet().iterator().next();
		Object operand = only.getValue();
		return switch (String.valueOf(only.getKey())) {
			case IN -> (operand instanceof List<?> values) ? new In(List.copyOf(values)) : Nothing.INSTANCE;
			case MIN -> {
				BigDecimal bound = number(operand);
				yield (bound != null) ? new Min(bound) : Nothing.INSTANCE;
			}
			case MAX -> {
				BigDecimal bound = number(operand);
				yield (bound != null) ? new Max(bound) : Nothing.INSTANCE;
			}
			case PREFIX -> (operand instanceof String prefix) ? new Prefix(prefix) : Nothing.INSTANCE;
			default -> Nothing.INSTANCE;
		};
	}

	/**
	 * A constraint as a token carries it, read with the parameter's schema: a value the
	 * schema's type cannot read admits nothing, never something else.
	 * @param schema the parameter's schema
	 * @param constraint the JSON constraint
	 * @return the constraint
	 */
	static Constraint fromJson(ParameterSchema schema, JsonNode constraint) {
		if (!constraint.isObject()) {
			Object value = canonical(schema, constraint);
			return (value != null) ? new Equals(value) : Nothing.INSTANCE;
		}
		if (constraint.size() != 1) {
			return Nothing.INSTANCE;
		}
		Map.Entry<String, JsonNode> operator = constraint.properties().iterator().next();
		JsonNode operand = operator.getValue();
		return switch (operator.getKey()) {
			case IN -> {
				if (!operand.isArray()) {
					yield Nothing.INSTANCE;
				}
				List<Object> values = new ArrayList<>();
				for (JsonNode candidate : operand) {
					Object value = canonical(schema, candidate);
					if (value != null) {
						values.add(value);
					}
				}
				yield new In(values);
			}
			case MIN -> operand.isNumber() ? new Min(operand.decimalValue()) : Nothing.INSTANCE;
			case MAX -> operand.isNumber() ? new Max(operand.decimalValue()) : Nothing.INSTANCE;
			case PREFIX -> operand.isString() ? new Prefix(operand.asString()) : Nothing.INSTANCE;
			default -> Nothing.INSTANCE;
		};
	}

	private static @Nullable Object canonical(ParameterSchema schema, JsonNode value) {
		if (value.isContainer()) {
			return null;
		}
		try {
			return schema.type().canonicalize(value);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static @Nullable BigDecimal number(@Nullable Object value) {
		if (value instanceof BigDecimal decimal) {
			return decimal;
		}
		return (value instanceof BigInteger integer) ? new BigDecimal(integer) : null;
	}

	/**
	 * Exactly one value.
	 *
	 * @param value the canonical value
	 */
	record Equals(Object value) implements Constraint {

		@Override
		public boolean admits(Object candidate) {
			return CanonicalValues.equal(this.value, candidate);
		}

		@Override
		public boolean within(Constraint allowed) {
			return allowed.admits(this.value);
		}

		@Override
		public String describe(Function<Object, String> show) {
			return show.apply(this.value);
		}

	}

	/**
	 * One of a list.
	 *
	 * @param values the canonical values
	 */
	record In(List<Object> values) implements Constraint {

		@Override
		public boolean admits(Object candidate) {
			return this.values.stream().anyMatch((value) -> CanonicalValues.equal(value, candidate));
		}

		@Override
		public boolean within(Constraint allowed) {
			return this.values.stream().allMatch(allowed::admits);
		}

		@Override
		public String describe(Function<Object, String> show) {
			List<String> shown = this.values.stream().map(show).toList();
			return (shown.size() < 2) ? String.join("", shown)
					: String.join(", ", shown.subList(0, shown.size() - 1)) + " or " + shown.get(shown.size() - 1);
		}

	}

	/**
	 * At least, inclusive.
	 *
	 * @param bound the least number
	 */
	record Min(BigDecimal bound) implements Constraint {

		@Override
		public boolean admits(Object candidate) {
			BigDecimal value = number(candidate);
			return value != null && value.compareTo(this.bound) >= 0;
		}

		@Override
		public boolean within(Constraint allowed) {
			return allowed instanceof Min other && this.bound.compareTo(other.bound) >= 0;
		}

		@Override
		public String describe(Function<Object, String> show) {
			return "at least " + show.apply(this.bound);
		}

	}

	/**
	 * At most, inclusive.
	 *
	 * @param bound the greatest number
	 */
	record Max(BigDecimal bound) implements Constraint {

		@Override
		public boolean admits(Object candidate) {
			BigDecimal value = number(candidate);
			return value != null && value.compareTo(this.bound) <= 0;
		}

		@Override
		public boolean within(Constraint allowed) {
			return allowed instanceof Max other && this.bound.compareTo(other.bound) <= 0;
		}

		@Override
		public String describe(Function<Object, String> show) {
			return "at most " + show.apply(this.bound);
		}

	}

	/**
	 * A string starting so.
	 *
	 * @param prefix the beginning
	 */
	record Prefix(String prefix) implements Constraint {

		@Override
		public boolean admits(Object candidate) {
			return candidate instanceof String text && text.startsWith(this.prefix);
		}

		@Override
		public boolean within(Constraint allowed) {
			return allowed instanceof Prefix other && this.prefix.startsWith(other.prefix);
		}

		@Override
		public String describe(Function<Object, String> show) {
			return "starting with " + show.apply(this.prefix);
		}

	}

	/**
	 * A constraint of a form no operator has: it admits nothing.
	 */
	enum Nothing implements Constraint {

		/** The one constraint of a form no operator has. */
		INSTANCE;

		@Override
		public boolean admits(Object value) {
			return false;
		}

		@Override
		public boolean within(Constraint allowed) {
			return false;
		}

		@Override
		public String describe(Function<Object, String> show) {
			return "—";
		}

	}

}
