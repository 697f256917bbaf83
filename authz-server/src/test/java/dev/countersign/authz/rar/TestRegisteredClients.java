package dev.countersign.authz.rar;

import java.util.List;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import dev.countersign.authz.token.ClientMetadata;

/**
 * Clients for the {@code rar} tests, as Spring Authorization Server's
 * {@code TestRegisteredClients}.
 */
final class TestRegisteredClients {

	static final String REDIRECT_URI = "http://127.0.0.1:8081/callback";

	private TestRegisteredClients() {
	}

	/**
	 * {@code demo-client} (id {@code client-1}): the code grant and client credentials,
	 * registered for {@code records.read}.
	 * @return its builder
	 */
	static RegisteredClient.Builder demoClient() {
		return RegisteredClient.withId("client-1")
			.clientId("demo-client")
			.clientName("Demo client")
			.clientSecret("{noop}secret")
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.redirectUri(REDIRECT_URI)
			.clientSettings(ClientMetadata
				.with(ClientSettings.builder(), ClientMetadata.AUTHORIZATION_DETAILS_TYPES, List.of("records.read"))
				.build());
	}

}
