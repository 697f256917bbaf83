package dev.countersign.core.problem;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A {@code WWW-Authenticate} challenge of the {@code Bearer} scheme (RFC 6750 section 3):
 * its auth-params in the order given, each a quoted string. A double quote or backslash
 * in a value is written as an apostrophe or slash, so a description can never end the
 * quoted string early.
 */
public final class BearerChallenge {

	private final Map<String, String> parameters = new LinkedHashMap<>();

	private BearerChallenge() {
	}

	/**
	 * A challenge without parameters yet.
	 * @return the challenge
	 */
	public static BearerChallenge bearer() {
		return new BearerChallenge();
	}

	/**
	 * Adds a parameter; a {@code null} value adds nothing.
	 * @param name the auth-param name, such as {@code error} or {@code resource_metadata}
	 * @param value its value, or {@code null}
	 * @return this challenge
	 */
	public BearerChallenge parameter(String name, @Nullable String value) {
		Objects.requireNonNull(name, "name cannot be null");
		if (value != null) {
			this.parameters.put(name, value.replace('"', '\'').replace('\\', '/'));
		}
		return this;
	}

	/**
	 * The header value.
	 * @return such as {@code Bearer error="invalid_token", error_description="…"}
	 */
	@Override
	public String toString() {
		StringBuilder challenge = new StringBuilder("Bearer");
		String separator = " ";
		for (Map.Entry<String, String> parameter : this.parameters.entrySet()) {
			challenge.append(separator)
				.append(parameter.getKey())
				.append("=\"")
				.append(parameter.getValue())
				.append('"');
			separator = ", ";
		}
		return challenge.toString();
	}

}
