package dev.countersign.core;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON reader and writer for authorization details on both sides: a member given
 * twice is an error (never "take the last"), decimals are read as
 * {@link java.math.BigDecimal} so no value is rounded through a {@code double}, trailing
 * content is refused, and decimals are written without exponent.
 */
public final class StrictJson {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
		.build();

	private static final Pattern QUOTED = Pattern.compile("['\"]([^'\"]{1,64})['\"]");

	private StrictJson() {
	}

	/**
	 * Reads a JSON document.
	 * @param json the bytes
	 * @return the tree
	 * @throws IllegalArgumentException naming what is wrong, for malformed JSON or a
	 * repeated member
	 */
	public static JsonNode read(byte[] json) {
		try {
			return MAPPER.readTree(json);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(describe(ex), ex);
		}
	}

	/**
	 * Reads a JSON document.
	 * @param json the text
	 * @return the tree
	 * @throws IllegalArgumentException for malformed JSON or a repeated member
	 */
	public static JsonNode read(String json) {
		try {
			return MAPPER.readTree(json);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(describe(ex), ex);
		}
	}

	/**
	 * Writes a value (maps, lists, strings, numbers, booleans) as compact JSON.
	 * @param value the value
	 * @return the JSON text
	 */
	public static String write(Object value) {
		return MAPPER.writeValueAsString(value);
	}

	/**
	 * Converts plain Java values (maps, lists, strings, numbers, booleans) to a tree.
	 * @param value the value
	 * @return the tree
	 */
	public static JsonNode toTree(Object value) {
		return MAPPER.valueToTree(value);
	}

	/**
	 * Converts a tree to plain Java values: maps, lists, strings, {@code BigDecimal},
	 * {@code BigInteger}, booleans, {@code null}.
	 * @param node the tree
	 * @return the value
	 */
	public static Object toValue(JsonNode node) {
		return MAPPER.convertValue(node, Object.class);
	}

	/**
	 * A description of a parse failure in this class's own words: where the JSON broke
	 * and how, never a parser's message, which names its implementation's classes and
	 * features.
	 * @param ex the parser's exception
	 * @return the description
	 */
	private static String describe(JacksonException ex) {
		String message = ex.getOriginalMessage();
		if (message != null && message.startsWith("Duplicate Object property")) {
			Matcher name = QUOTED.matcher(message);
			return "malformed JSON: member given twice" + (name.find() ? ": \"" + name.group(1) + "\"" : "");
		}
		if (ex instanceof StreamConstraintsException) {
			return "malformed JSON: a number, string or nesting is longer or deeper than allowed";
		}
		String where = where(ex.getLocation());
		if (ex instanceof UnexpectedEndOfInputException
				|| (message != null && message.startsWith("Unexpected end-of-input"))) {
			return "malformed JSON: it ends too early" + where;
		}
		return "malformed JSON: not valid JSON" + where;
	}

	private static String where(@Nullable TokenStreamLocation location) {
		if (location == null || location.getLineNr() < 1) {
			return "";
		}
		return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
	}

}
