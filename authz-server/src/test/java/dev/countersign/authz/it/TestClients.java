package dev.countersign.authz.it;

import java.util.List;
import java.util.UUID;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;

import dev.countersign.authz.token.ClientMetadata;
import dev.countersign.test.CodeFlow;

/**
 * Clients that some tests register beside the demo profile's.
 */
final class TestClients {

	/** A client registered for the authorization details type records.read only. */
	static final String RECORDS_ONLY = "records-only-client";

	/** A resource server client of another API, https://other.example. */
	static final String OTHER_API = "other-api";

	private TestClients() {
	}

	static void registerOtherApi(RegisteredClientRepository clients) {
		if (clients.findByClientId(OTHER_API) != null) {
			return;
		}
		clients.save(RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(OTHER_API)
			.clientSecret("{noop}other-api-secret")
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("approvals.consume")
			.clientSettings(ClientMetadata
				.with(ClientSettings.builder(), ClientMetadata.SERVED_RESOURCES, List.of("https://other.example"))
				.build())
			.build());
	}

	static void registerRecordsOnly(RegisteredClientRepository clients) {
		if (clients.findByClientId(RECORDS_ONLY) != null) {
			return;
		}
		clients.save(RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(RECORDS_ONLY)
			.clientSecret("{noop}records-only-secret")
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.redirectUri(CodeFlow.REDIRECT_URI)
			.scope("accounts.read")
			.clientSettings(ClientMetadata
				.with(ClientSettings.builder().requireProofKey(true), ClientMetadata.AUTHORIZATION_DETAILS_TYPES,
						List.of("records.read"))
				.build())
			.build());
	}

}
