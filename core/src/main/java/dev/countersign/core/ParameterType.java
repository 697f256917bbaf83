package dev.countersign.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * The type of an action parameter and its canonical form, the same on the authorization
 * server (what is approved) and the resource server (what a request carries). Nothing is
 * normalized on one side only: a value that is not already in the form both sides compare
 * is refused.
 * <ul>
 * <li>{@code string}: compared exactly; it must be in Unicode NFC and free of control,
 * format and line or paragraph separator characters ({@link #checkText});</li>
 * <li>{@code decimal}: compared by value, so the JSON numbers {@code 250}, {@code 250.00}
 * and {@code 2.5e2} are one value, canonically {@code 250}; written as text (a path,
 * query, header or form value, or a JSON string holding a number) it must be in plain
 * decimal notation: {@code 250} or {@code 250.00}, never {@code 2.5e2}, {@code +250} or
 * {@code 0250};</li>
 * <li>{@code integer}: a whole number, compared by value; as text exactly {@code 0} or
 * {@code -?[1-9][0-9]*}, so {@code 43.0} and {@code 043} never pass for {@code 43};</li>
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

	/** Numbers beyond this many significant digits are refused, not computed. */
	public static final int MAX_DIGITS = 64;

	/**
	 * Numbers whose scale (digits after the point, or zeros before it) exceeds this are
	 * refused.
	 */
	public static final int MAX_SCALE = 64;

	/** A decimal written as text: plain notation. */
	public static final String DECIMAL_TEXT = "-?(0|[1-9][0-9]*)(\\.[0-9]+)?";

	/** An integer written as text: the form every number parser reads the same way. */
	public static final String INTEGER_TEXT = "0|-?[1-9][0-9]*";

	private static final Pattern DECIMAL_PATTERN = Pattern.compile(DECIMAL_TEXT);

	private static final Pattern INTEGER_PATTERN = Pattern.compile(INTEGER_TEXT);

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
			throw new IllegalArgumentException(
					"unknown parameter type '" + name + "': use string, decimal, integer or boolean");
		}
	}

	/**
	 * The name used in configuration and messages.
	 * @return the lower-case name
	 */
	public String typeName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Whether values of this type are numbers.
	 * @return {@code true} for decimal and integer
	 */
	public boolean isNumeric() {
		return this == DECIMAL || this == INTEGER;
	}

	/**
	 * The canonical value of a JSON value: a {@link String}, a {@link BigDecimal} without
	 * trailing zeros, a {@link BigInteger} or a {@link Boolean}. A decimal or integer may
	 * also be given as a JSON string holding a number in the text form of
	 * {@link #canonicalize(String)}, as payment APIs often do.
	 * @param value the JSON value
	 * @return the canonical value
	 * @throws IllegalArgumentException when the value is not of this type; the message
	 * completes "parameter 'x' ..." and never names an implementation class
	 */
	public Object canonicalize(JsonNode value) {
		return switch (this) {
			case STRING -> {
				if (!value.isString()) {
					throw mismatch(value);
				}
				yield checkText(value.asString());
			}
			case BOOLEAN -> {
				if (!value.isBoolean()) {
					throw mismatch(value);
				}
				yield value.asBoolean();
			}
			case DECIMAL, INTEGER -> {
				if (value.isNumber()) {
					if (this == INTEGER && value.isIntegralNumber()) {
						yield number(new BigDecimal(value.bigIntegerValue()));
					}
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
	 * The canonical value of a parameter given as text (path variable, query parameter,
	 * header, form field, or a JSON string holding a number).
	 * @param text the text
	 * @return the canonical value
	 * @throws IllegalArgumentException when the text is not of this type or not in its
	 * text form
	 */
	public Object canonicalize(String text) {
		return switch (this) {
			case STRING -> checkText(text);
			case BOOLEAN -> switch (text) {
				case "true" -> Boolean.TRUE;
				case "false" -> Boolean.FALSE;
				default -> throw new IllegalArgumentException("must be true or false");
			};
			case DECIMAL -> {
				if (text.length() > MAX_DIGITS + 2 || !DECIMAL_PATTERN.matcher(text).matches()) {
					throw new IllegalArgumentException(
							"must be a decimal number in plain notation (such as 250 or 250.00) of at most "
									+ MAX_DIGITS + " digits");
				}
				yield number(new BigDecimal(text));
			}
			case INTEGER -> {
				if (text.length() > MAX_DIGITS + 1 || !INTEGER_PATTERN.matcher(text).matches()) {
					throw new IllegalArgumentException(
							"must be a whole number written as digits only (such as 42) of at most " + MAX_DIGITS
									+ " digits");
				}
				yield number(new BigDecimal(text));
			}
		};
	}

	/**
	 * Checks text that both sides compare exactly or that people read: it must already be
	 * in Unicode NFC (a value is never normalized on one side only, so U+212A KELVIN SIGN
	 * never passes for {@code K}) and may not hold characters of the categories Cc
	 * (controls), Cf (format: bidirectional overrides, zero-width characters), Zl and Zp
	 * (line and paragraph separators), nor an unpaired surrogate.
	 * @param text the text
	 * @return the same text
	 * @throws IllegalArgumentException naming the first offending character
	 */
	public static String checkText(String text) {
		for (int i = 0; i < text.length();) {
			int codePoint = text.codePointAt(i);
			int category = Character.getType(codePoint);
			if (category == Character.CONTROL || category == Character.FORMAT || category == Character.LINE_SEPARATOR
					|| category == Character.PARAGRAPH_SEPARATOR || category == Character.SURROGATE) {
				throw new IllegalArgumentException(String.format(Locale.ROOT,
						"must not contain control, format or separator characters such as U+%04X", codePoint));
			}
			i += Character.charCount(codePoint);
		}
		if (!Normalizer.isNormalized(text, Normalizer.Form.NFC)) {
			throw new IllegalArgumentException("must be in Unicode normalization form NFC");
		}
		return text;
	}

	private Object number(BigDecimal value) {
		if (value.signum() == 0) {
			return (this == INTEGER) ? BigInteger.ZERO : BigDecimal.ZERO;
		}
		// bounds before any arithmetic: 1e10000 is one digit of precision with a scale of
		// -10000
		if (value.precision() > MAX_DIGITS || value.scale() > MAX_SCALE
				|| value.precision() - value.scale() > MAX_DIGITS) {
			throw new IllegalArgumentException("is too large or too precise (at most " + MAX_DIGITS + " digits)");
		}
		BigDecimal stripped = value.stripTrailingZeros();
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
