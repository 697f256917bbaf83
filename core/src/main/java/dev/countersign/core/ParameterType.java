package dev.countersign.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * The type of an action parameter and its canonical form, the same on the authorization server
 * (what is approved) and the resource server (what a request carries):
 * <ul>
 * <li>{@code string}: compared exactly after Unicode NFC normalization;</li>
 * <li>{@code decimal}: compared by value, so {@code 250}, {@code 250.00} and {@code 2.5e2} are one
 * value, canonically {@code 250};</li>
 * <li>{@code integer}: a whole number, compared by value;</li>
 * <li>{@code boolean}: {@code true} or {@code false}.</li>
 * </ul>
 */
public enum ParameterType {

	/** Text. */
	STRING,

	/** A decimal number. */
	DECIMAL,

	/** A whole number. */
	INTEGER,

	/** A truth value. */
	BOOLEAN;

	/** Numbers beyond this many significant digits or this exponent are refused, not computed. */
	private static final int MAX_DIGITS = 64;

	private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]{1,4})?");

	/**
	 * The type named in configuration.
	 * @param name {@code string}, {@code decimal}, {@code integer} or {@code boolean}
	 * @return the type
	 * @throws IllegalArgumentException for another name
	 */
	public static ParameterType fromName(String name) {
		try {
			return valueOf(name.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("unknown parameter type '" + name
					+ "': use string, decimal, integer or boolean");
		}
	}

	/**
	 * The type of an approved value as it appears in a token: JSON numbers are compared as
	 * decimals (by value), strings as strings, booleans as booleans.
	 * @param approved the approved JSON value
	 * @return the type to read the request's value with
	 * @throws IllegalArgumentException for null, arrays and objects
	 */
	public static ParameterType ofApprovedValue(JsonNode approved) {
		if (approved.isNumber()) {
			return DECIMAL;
		}
		if (approved.isString()) {
			return STRING;
		}
		if (approved.isBoolean()) {
			return BOOLEAN;
		}
		throw new IllegalArgumentException("an approved value must be a string, a number or a boolean");
	}

	/**
	 * The name used in configuration and messages.
	 * @return the lower-case name
	 */
	public String typeName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The canonical value of a JSON value: a {@link String} (NFC), a {@link BigDecimal} without
	 * trailing zeros, a {@link BigInteger} or a {@link Boolean}. A decimal or integer may also be
	 * given as a JSON string holding a number, as payment APIs often do.
	 * @param value the JSON value
	 * @return the canonical value
	 * @throws IllegalArgumentException when the value is not of this type
	 */
	public Object canonicalize(JsonNode value) {
		return switch (this) {
			case STRING -> {
				if (!value.isString()) {
					throw mismatch(value);
				}
				yield Normalizer.normalize(value.asString(), Normalizer.Form.NFC);
			}
			case BOOLEAN -> {
				if (!value.isBoolean()) {
					throw mismatch(value);
				}
				yield value.asBoolean();
			}
			case DECIMAL, INTEGER -> {
				if (value.isNumber()) {
					yield number(value.decimalValue());
				}
				if (value.isString()) {
					yield canonicalize(value.asString());
				}
				throw mismatch(value);
			}
		};
	}

	/**
	 * The canonical value of a parameter given as text (path variable, query parameter, header,
	 * form field).
	 * @param text the text
	 * @return the canonical value
	 * @throws IllegalArgumentException when the text is not of this type
	 */
	public Object canonicalize(String text) {
		return switch (this) {
			case STRING -> Normalizer.normalize(text, Normalizer.Form.NFC);
			case BOOLEAN -> switch (text) {
				case "true" -> Boolean.TRUE;
				case "false" -> Boolean.FALSE;
				default -> throw new IllegalArgumentException("must be true or false");
			};
			case DECIMAL, INTEGER -> {
				if (text.length() > MAX_DIGITS + 8 || !NUMBER.matcher(text).matches()) {
					throw new IllegalArgumentException("must be a " + typeName() + " number");
				}
				yield number(new BigDecimal(text));
			}
		};
	}

	private Object number(BigDecimal value) {
		if (value.precision() > MAX_DIGITS || Math.abs(value.scale()) > 1000) {
			throw new IllegalArgumentException("is too large or too precise");
		}
		BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
		if (stripped.scale() < 0) {
			stripped = stripped.setScale(0);
		}
		if (this == INTEGER) {
			if (stripped.scale() > 0) {
				throw new IllegalArgumentException("must be a whole number");
			}
			return stripped.toBigIntegerExact();
		}
		return stripped;
	}

	private IllegalArgumentException mismatch(JsonNode value) {
		return new IllegalArgumentException("must be a " + typeName() + ", not " + describe(value));
	}

	private static String describe(JsonNode value) {
		if (value.isString()) {
			return "a string";
		}
		if (value.isNumber()) {
			return "a number";
		}
		if (value.isBoolean()) {
			return "a boolean";
		}
		if (value.isNull()) {
			return "null";
		}
		return value.isArray() ? "an array" : "an object";
	}

}
