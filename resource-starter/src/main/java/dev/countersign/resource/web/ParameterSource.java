package dev.countersign.resource.web;

import java.util.Locale;

import org.springframework.util.Assert;
import tools.jackson.core.JsonPointer;

/**
 * Where a parameter's value comes from in a request, written {@code source:name}:
 * {@code path:accountId} (path variable), {@code query:limit} (query parameter),
 * {@code header:X-Account} (header), {@code body:/toIban} (JSON body, a JSON Pointer, RFC
 * 6901) or {@code form:amount} (form field).
 *
 * @param kind the source
 * @param name the variable, parameter, header or field name, or the JSON Pointer
 */
public record ParameterSource(Kind kind, String name) {

	public ParameterSource {
		Assert.notNull(kind, "kind cannot be null");
		Assert.hasText(name, "name cannot be empty");
		Assert.isTrue(kind != Kind.BODY || name.startsWith("/"), "a body source is a JSON Pointer starting with /");
	}

	/**
	 * Reads {@code source:name}.
	 * @param expression the expression
	 * @return the source
	 * @throws IllegalArgumentException naming what is wrong
	 */
	public static ParameterSource parse(String expression) {
		int colon = expression.indexOf(':');
		if (colon <= 0 || colon == expression.length() - 1) {
			throw new IllegalArgumentException("'" + expression
					+ "' is not a parameter source: use path:name, query:name, header:name, body:/pointer or form:name");
		}
		Kind kind;
		try {
			kind = Kind.valueOf(expression.substring(0, colon).trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"'" + expression + "' names an unknown source; use path, query, header, body or form");
		}
		String name = expression.substring(colon + 1).trim();
		if (kind == Kind.BODY) {
			if (!name.startsWith("/")) {
				throw new IllegalArgumentException(
						"'" + expression + "': a body source is a JSON Pointer such as body:/toIban");
			}
			try {
				JsonPointer.compile(name);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("'" + expression
						+ "' is no JSON Pointer (RFC 6901): '~' must be followed by 0 or 1, as in body:/a~1b for the member a/b");
			}
		}
		return new ParameterSource(kind, name);
	}

	@Override
	public String toString() {
		return this.kind.name().toLowerCase(Locale.ROOT) + ":" + this.name;
	}

	/**
	 * The parts of a request a value can come from.
	 */
	public enum Kind {

		/** A path variable of the route's pattern. */
		PATH,

		/** A query parameter. */
		QUERY,

		/** A request header. */
		HEADER,

		/** A member of the JSON body, by JSON Pointer. */
		BODY,

		/** A field of a form body. */
		FORM

	}

}
