package dev.countersign.authz.token;

import java.util.List;
import java.util.UUID;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

/**
 * Registered clients for unit tests.
 */
public final class TestRegisteredClients {

	private TestRegisteredClients() {
	}

	/**
	 * A confidential client.
	 * @param resources the resource indicators it may ask for
	 * @return the registration
	 */
	public static RegisteredClient client(String... resources) {
		ClientSettings.Builder settings = ClientSettings.builder();
		if (resources.length > 0) {
			ClientMetadata.with(settings, ClientMetadata.RESOURCES, List.of(resources));
		}
		return RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId("client-1")
			.clientSecret("{noop}secret")
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.redirectUri("https://client.example/callback")
			.scope("accounts.read")
			.clientSettings(settings.build())
			.build();
	}

}
