package dev.countersign.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The schema of one action parameter, from the authorization server's catalog: its type
 * and limits. The same checks run on both sides, on the values a user approves and on the
 * values a request carries, so the catalog's limits hold at the resource server too.
 *
 * @param name the parameter name
 * @param type the type
 * @param required whether a request must give it
 * @param maxLength longest string in code points, or {@code null}
 * @param min smallest number, or {@code null}
 * @param max largest number, or {@code null}
 * @param pattern regular expression the whole string must match, or {@code null}
 */
public record ParameterSchema(String name, ParameterType type, boolean required, @Nullable Integer maxLength,
		@Nullable BigDecimal min, @Nullable BigDecimal max, @Nullable Pattern pattern) {

	/**
	 * Checks a JSON value (an approval request's parameter, a JSON body member, a granted
	 * value).
	 * @param value the JSON value
	 * @return the canonical value
	 * @throws IllegalArgumentException naming the parameter and the broken rule
	 */
	public Object check(JsonNode value) {
		try {
			return limits(this.type.canonicalize(value));
		}
		catch (IllegalArgumentException ex) {
			throw invalid(Objects.requireNonNullElse(ex.getMessage(), "cannot be read"));
		}
	}

	/**
	 * Checks a value given as text: a path variable, query parameter, header or form
	 * field.
	 * @param text the text, as the controller receives it
	 * @return the canonical value
	 * @throws IllegalArgumentException naming the parameter and the broken rule
	 */
	public Object check(String text) {
		try {
			return limits(this.type.canonicalize(text));
		}
		catch (IllegalArgumentException ex) {
			throw invalid(Objects.requireNonNullElse(ex.getMessage(), "cannot be read"));
		}
	}

	/**
	 * A failure of this parameter's check.
	 * @param rule what is wrong, completing "parameter 'x' ..."
	 * @return the exception
	 */
	public IllegalArgumentException invalid(String rule) {
		return new IllegalArgumentException("parameter '" + this.name + "' " + rule);
	}

	private Object limits(Object canonical) {
		if (canonical instanceof String text) {
			if (this.maxLength != null && text.codePointCount(0, text.length()) > this.maxLength) {
				throw new IllegalArgumentException("must be at most " + this.maxLength + " characters long");
			}
			if (this.pattern != null && !this.pattern.matcher(text).matches()) {
				throw new IllegalArgumentException("does not match " + this.pattern.pattern());
			}
		}
		BigDecimal number = (canonical instanceof BigDecimal decimal) ? decimal
				: (canonical instanceof BigInteger integer) ? new BigDecimal(integer) : null;
		if (number != null) {
			if (this.min != null && number.compareTo(this.min) < 0) {
				throw new IllegalArgumentException("must be at least " + this.min.toPlainString());
			}
			if (this.max != null && number.compareTo(this.max) > 0) {
				throw new IllegalArgumentException("must be at most " + this.max.toPlainString());
			}
		}
		return canonical;
	}

}
