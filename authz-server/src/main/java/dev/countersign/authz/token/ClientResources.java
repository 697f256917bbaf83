package dev.countersign.authz.token;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.util.StringUtils;

/**
 * The resource indicators (RFC 8707) a client may ask tokens for, kept in its
 * {@link ClientSettings} as one space-separated string so that the JDBC repository stores it
 * as is.
 */
public final class ClientResources {

	/** The client setting holding the allowed resource indicators. */
	public static final String SETTING_NAME = "settings.client.countersign.resources";

	private ClientResources() {
	}

	/**
	 * Adds the allowed resources to client settings.
	 * @param settings the builder
	 * @param resources the resource indicators
	 * @return the builder
	 */
	public static ClientSettings.Builder allow(ClientSettings.Builder settings, Collection<String> resources) {
		return settings.setting(SETTING_NAME, String.join(" ", resources));
	}

	/**
	 * The resources a client may ask for, in registration order.
	 * @param client the client
	 * @return the resource indicators, empty when none are registered
	 */
	public static Set<String> allowed(RegisteredClient client) {
		Object value = client.getClientSettings().getSetting(SETTING_NAME);
		Set<String> result = new LinkedHashSet<>();
		if (value instanceof String text) {
			for (String resource : StringUtils.tokenizeToStringArray(text, " ")) {
				result.add(resource);
			}
		}
		return result;
	}

}
