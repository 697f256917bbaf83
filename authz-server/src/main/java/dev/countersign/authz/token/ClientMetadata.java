package dev.countersign.authz.token;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.util.StringUtils;

/**
 * Countersign's client metadata, kept in a client's {@link ClientSettings} as space-separated
 * strings so that the JDBC repository stores them as they are:
 * <ul>
 * <li>the resource indicators (RFC 8707) the client may ask tokens for;</li>
 * <li>the {@code authorization_details_types} (RFC 9396 section 10) the client may ask for.</li>
 * </ul>
 */
public final class ClientMetadata {

	/** The client setting holding the allowed resource indicators. */
	public static final String RESOURCES = "settings.client.countersign.resources";

	/** The client setting holding the allowed authorization details types. */
	public static final String AUTHORIZATION_DETAILS_TYPES = "settings.client.countersign.authorization-details-types";

	private ClientMetadata() {
	}

	/**
	 * Adds a list-valued setting to client settings.
	 * @param settings the builder
	 * @param name {@link #RESOURCES} or {@link #AUTHORIZATION_DETAILS_TYPES}
	 * @param values the values
	 * @return the builder
	 */
	public static ClientSettings.Builder with(ClientSettings.Builder settings, String name, Collection<String> values) {
		return settings.setting(name, String.join(" ", values));
	}

	/**
	 * The resources a client may ask for, in registration order.
	 * @param client the client
	 * @return the resource indicators, empty when none are registered
	 */
	public static Set<String> resources(RegisteredClient client) {
		return values(client, RESOURCES);
	}

	/**
	 * The authorization details types a client may ask for.
	 * @param client the client
	 * @return the types, empty when none are registered
	 */
	public static Set<String> authorizationDetailsTypes(RegisteredClient client) {
		return values(client, AUTHORIZATION_DETAILS_TYPES);
	}

	private static Set<String> values(RegisteredClient client, String name) {
		Object value = client.getClientSettings().getSetting(name);
		Set<String> result = new LinkedHashSet<>();
		if (value instanceof String text) {
			for (String word : StringUtils.tokenizeToStringArray(text, " ")) {
				result.add(word);
			}
		}
		return result;
	}

}
