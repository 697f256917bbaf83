package dev.countersign.authz.token;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.util.StringUtils;

/**
 * Countersign's client metadata, kept in a client's {@link ClientSettings} as
 * space-separated strings so that the JDBC repository stores them as they are:
 * <ul>
 * <li>the resource indicators (RFC 8707) the client may ask tokens for;</li>
 * <li>the {@code authorization_details_types} (RFC 9396 section 10) the client may ask
 * for;</li>
 * <li>the resource indicators a resource server client serves: only such a client may
 * introspect tokens (and only those whose audience it serves) and mark action tokens of
 * those resources used;</li>
 * <li>the {@code authorization_details} a client may carry in its own tokens, by client
 * credentials (a JSON array);</li>
 * <li>the application type, {@code web} or {@code native} (OpenID Connect Dynamic Client
 * Registration 1.0, {@code application_type});</li>
 * <li>the OpenID CIBA registration: {@code backchannel_token_delivery_mode} and
 * {@code backchannel_client_notification_endpoint} (CIBA Core 1.0 section 4).</li>
 * </ul>
 */
public final class ClientMetadata {

	/** The client setting holding the allowed resource indicators. */
	public static final String RESOURCES = "settings.client.countersign.resources";

	/** The client setting holding the allowed authorization details types. */
	public static final String AUTHORIZATION_DETAILS_TYPES = "settings.client.countersign.authorization-details-types";

	/** The client setting holding the resources a resource server client serves. */
	public static final String SERVED_RESOURCES = "settings.client.countersign.served-resources";

	/** The client setting holding what client credentials may carry (a JSON array). */
	public static final String CLIENT_CREDENTIALS_AUTHORIZATION_DETAILS = "settings.client.countersign.client-credentials-authorization-details";

	/** The client setting holding the application type. */
	public static final String APPLICATION_TYPE = "settings.client.countersign.application-type";

	/** The client setting holding the OpenID CIBA token delivery mode. */
	public static final String BACKCHANNEL_TOKEN_DELIVERY_MODE = "settings.client.countersign.backchannel-token-delivery-mode";

	/** The client setting holding the OpenID CIBA client notification endpoint. */
	public static final String BACKCHANNEL_CLIENT_NOTIFICATION_ENDPOINT = "settings.client.countersign.backchannel-client-notification-endpoint";

	private ClientMetadata() {
	}

	/**
	 * Adds a list-valued setting to client settings.
	 * @param settings the builder
	 * @param name {@link #RESOURCES}, {@link #AUTHORIZATION_DETAILS_TYPES} or
	 * {@link #SERVED_RESOURCES}
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

	/**
	 * The resources a resource server client serves.
	 * @param client the client
	 * @return the resource indicators, empty for a client that is no resource server
	 */
	public static Set<String> servedResources(RegisteredClient client) {
		return values(client, SERVED_RESOURCES);
	}

	/**
	 * What the client may carry in its own tokens, by client credentials.
	 * @param client the client
	 * @return the JSON array, or {@code null} when nothing
	 */
	public static @Nullable String clientCredentialsAuthorizationDetails(RegisteredClient client) {
		Object value = client.getClientSettings().getSetting(CLIENT_CREDENTIALS_AUTHORIZATION_DETAILS);
		return (value instanceof String text && StringUtils.hasText(text)) ? text : null;
	}

	/**
	 * Whether the client is a native app (RFC 8252).
	 * @param client the client
	 * @return {@code true} when registered with application type {@code native}
	 */
	public static boolean isNativeApplication(RegisteredClient client) {
		return "native".equals(client.getClientSettings().getSetting(APPLICATION_TYPE));
	}

	/**
	 * The OpenID CIBA token delivery mode the client is registered for.
	 * @param client the client
	 * @return {@code poll} or {@code ping}, or {@code null} when none
	 */
	public static @Nullable String backchannelTokenDeliveryMode(RegisteredClient client) {
		Object value = client.getClientSettings().getSetting(BACKCHANNEL_TOKEN_DELIVERY_MODE);
		return (value instanceof String text && StringUtils.hasText(text)) ? text : null;
	}

	/**
	 * Where a CIBA client in ping mode is notified.
	 * @param client the client
	 * @return the endpoint, or {@code null} when none
	 */
	public static @Nullable String backchannelClientNotificationEndpoint(RegisteredClient client) {
		Object value = client.getClientSettings().getSetting(BACKCHANNEL_CLIENT_NOTIFICATION_ENDPOINT);
		return (value instanceof String text && StringUtils.hasText(text)) ? text : null;
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
