package dev.countersign.authz.token;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import dev.countersign.core.Messages;
import dev.countersign.core.ResourceIndicators;

/**
 * Decides the audience of an access token from the {@code resource} parameters of
 * <a href="https://www.rfc-editor.org/rfc/rfc8707">RFC 8707</a>: each must be an absolute
 * URI without fragment that the client is registered for; at the token endpoint they may
 * narrow, never widen, those of the authorization request; without any, the client's
 * registered resources are the audience.
 */
public final class ResourceIndicatorResolver {

	/** The RFC 8707 error code for a resource that is invalid or not allowed. */
	public static final String INVALID_TARGET = "invalid_target";

	private static final String ERROR_URI = "https://www.rfc-editor.org/rfc/rfc8707#section-2";

	private ResourceIndicatorResolver() {
	}

	/**
	 * Checks resources asked for at the authorization endpoint.
	 * @param client the client
	 * @param requested the parameter value: {@code null}, a string or a string array
	 * @return the error, or {@code null} when the request is acceptable
	 */
	public static @Nullable OAuth2Error validate(RegisteredClient client, @Nullable Object requested) {
		try {
			checkAllowed(client, parse(requested));
			return null;
		}
		catch (InvalidTargetException ex) {
			return ex.error;
		}
	}

	/**
	 * The audience of an access token.
	 * @param client the client
	 * @param atTokenEndpoint the {@code resource} parameter of the token request
	 * @param atAuthorization the {@code resource} parameter of the authorization request,
	 * when the grant has one
	 * @return the audience; empty to keep the default
	 * @throws InvalidTargetException when a resource is invalid or not allowed
	 */
	public static Set<String> resolve(RegisteredClient client, @Nullable Object atTokenEndpoint,
			@Nullable Object atAuthorization) {
		Set<String> original = checkAllowed(client, parse(atAuthorization));
		Set<String> requested = checkAllowed(client, parse(atTokenEndpoint));
		if (!original.isEmpty() && !original.containsAll(requested)) {
			throw new InvalidTargetException(
					"resource must be one of those of the authorization request, it may not widen them");
		}
		if (!requested.isEmpty()) {
			return requested;
		}
		return original.isEmpty() ? ClientMetadata.resources(client) : original;
	}

	private static Set<String> checkAllowed(RegisteredClient client, Set<String> requested) {
		Set<String> allowed = ClientMetadata.resources(client);
		for (String resource : requested) {
			if (!allowed.contains(resource)) {
				throw new InvalidTargetException("resource '" + resource + "' is not registered for this client");
			}
		}
		return requested;
	}

	private static Set<String> parse(@Nullable Object value) {
		List<String> values;
		if (value == null) {
			return Set.of();
		}
		if (value instanceof String text) {
			values = List.of(text);
		}
		else if (value instanceof String[] array) {
			values = Arrays.asList(array);
		}
		else if (value instanceof java.util.Collection<?> collection) {
			values = collection.stream().map(String::valueOf).toList();
		}
		else {
			throw new InvalidTargetException("resource is malformed");
		}
		try {
			return new LinkedHashSet<>(ResourceIndicators.requireValid(values));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidTargetException(Messages.of(ex));
		}
	}

	/**
	 * A resource that is invalid or not allowed.
	 */
	public static final class InvalidTargetException extends RuntimeException {

		private final OAuth2Error error;

		InvalidTargetException(String description) {
			super(description);
			this.error = new OAuth2Error(INVALID_TARGET, description, ERROR_URI);
		}

		public OAuth2Error getError() {
			return this.error;
		}

	}

}
