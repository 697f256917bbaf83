package dev.countersign.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Rules for resource indicators, the {@code resource} parameter of
 * <a href="https://www.rfc-editor.org/rfc/rfc8707#section-2">RFC 8707 section 2</a>: an
 * absolute URI without a fragment. A value is compared exactly, as a string, since it
 * becomes the token's {@code aud}.
 */
public final class ResourceIndicators {

	/** The request parameter that carries a resource indicator. */
	public static final String PARAMETER_NAME = "resource";

	private ResourceIndicators() {
	}

	/**
	 * Tells whether a value is a valid resource indicator.
	 * @param value the candidate
	 * @return {@code true} for an absolute URI without a fragment
	 */
	public static boolean isValid(String value) {
		if (value.isEmpty() || !value.strip().equals(value)) {
			return false;
		}
		try {
			URI uri = new URI(value);
			return uri.isAbsolute() && uri.getRawFragment() == null;
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	/**
	 * Checks every value and keeps them in order without repetition.
	 * @param values the requested resource indicators
	 * @return the distinct values
	 * @throws IllegalArgumentException naming the first invalid value
	 */
	public static Set<String> requireValid(Collection<String> values) {
		Set<String> result = new LinkedHashSet<>();
		for (String value : values) {
			if (!isValid(value)) {
				throw new IllegalArgumentException(
						"'" + value + "' is not a resource indicator: an absolute URI without a fragment is required");
			}
			result.add(value);
		}
		return result;
	}

}
