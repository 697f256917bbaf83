package dev.countersign.authz.bootstrap;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A client registered, or updated, at start-up
 * ({@code countersign.bootstrap.clients.<id>}).
 *
 * @param secret the client secret, stored as a BCrypt hash; {@code null} for a public
 * client
 * @param name the display name
 * @param grantTypes the grants
 * @param redirectUris the redirect URIs
 * @param scopes the scopes
 * @param resources the resource indicators it may ask tokens for
 * @param authorizationDetailsTypes the authorization details types it may ask for
 * @param servedResources the resources it serves as a resource server
 * @param clientCredentialsAuthorizationDetails the JSON array of what it may carry by
 * client credentials, or {@code null}
 * @param applicationType {@code web} or {@code native}
 * @param requireConsent whether users consent to its requests
 * @param requirePkce whether its authorization requests need PKCE
 * @param accessTokenTimeToLive the access tokens' lifetime
 * @param refreshTokenTimeToLive the refresh tokens' lifetime
 * @param jwkSetUri where its public keys are, for {@code private_key_jwt} client
 * authentication (RFC 7523); {@code null} for none
 * @param backchannelTokenDeliveryMode {@code poll} or {@code ping} for a client of the
 * OpenID CIBA grant, else {@code null}
 * @param backchannelClientNotificationEndpoint where a {@code ping} client is notified,
 * else {@code null}
 */
public record BootstrapClient(@Nullable String secret, @Nullable String name, List<String> grantTypes,
		List<String> redirectUris, List<String> scopes, List<String> resources, List<String> authorizationDetailsTypes,
		List<String> servedResources, @Nullable String clientCredentialsAuthorizationDetails, String applicationType,
		boolean requireConsent, boolean requirePkce, Duration accessTokenTimeToLive, Duration refreshTokenTimeToLive,
		@Nullable String jwkSetUri, @Nullable String backchannelTokenDeliveryMode,
		@Nullable String backchannelClientNotificationEndpoint) {

	public BootstrapClient {
		grantTypes = List.copyOf(grantTypes);
		redirectUris = List.copyOf(redirectUris);
		scopes = List.copyOf(scopes);
		resources = List.copyOf(resources);
		authorizationDetailsTypes = List.copyOf(authorizationDetailsTypes);
		servedResources = List.copyOf(servedResources);
	}

}
