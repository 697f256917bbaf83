package dev.countersign.authz.catalog;

import java.math.BigDecimal;
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
 */
public record ParameterSpec(String name, ParameterType type, boolean required, @Nullable Integer maxLength,
		@Nullable BigDecimal min, @Nullable BigDecimal max, @Nullable Pattern pattern) {

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
