package dev.countersign.authz.bootstrap;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.provisioning.UserDetailsManager;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

import dev.countersign.authz.catalog.InvalidAuthorizationDetailsException;
import dev.countersign.authz.settings.InvalidSettingException;
import dev.countersign.authz.token.ClientMetadata;
import dev.countersign.core.Messages;
import dev.countersign.core.ResourceIndicators;

/**
 * Creates the users and clients of {@code countersign.bootstrap} that do not exist yet,
 * before the server takes requests. Existing users are left as they are, so a changed
 * password in the database survives a restart; an existing client follows its
 * configuration (grant types, redirect URIs, scopes, Countersign's settings) but keeps
 * its stored secret, so a setting added in a new version reaches clients registered by an
 * older one.
 */
public final class BootstrapData implements SmartInitializingSingleton {

	/**
	 * The grants a client can be registered for, and so the only ones the metadata
	 * advertises.
	 */
	public static final List<String> GRANT_TYPES = List.of("authorization_code", "refresh_token", "client_credentials",
			BootstrapData.CIBA);

	/** The OpenID CIBA grant (CIBA Core 1.0 section 4). */
	public static final String CIBA = "urn:openid:params:grant-type:ciba";

	private static final Log logger = LogFactory.getLog(BootstrapData.class);

	private final BootstrapSettings bootstrap;

	private final UserDetailsManager users;

	private final RegisteredClientRepository clients;

	private final PasswordEncoder passwordEncoder;

	private final Set<String> actionTypes;

	private final Consumer<String> clientCredentialsPolicy;

	private java.util.function.BiConsumer<String, String> emails = (username, email) -> {
	};

	/**
	 * Create a new {@code BootstrapData}.
	 * @param bootstrap the users and clients to create
	 * @param users where users live
	 * @param clients where clients live
	 * @param passwordEncoder hashes passwords and secrets
	 * @param actionTypes the catalog's types
	 * @param clientCredentialsPolicy checks a client's client-credentials policy,
	 * throwing {@link dev.countersign.authz.catalog.InvalidAuthorizationDetailsException}
	 * naming what is wrong
	 */
	public BootstrapData(BootstrapSettings bootstrap, UserDetailsManager users, RegisteredClientRepository clients,
			PasswordEncoder passwordEncoder, Set<String> actionTypes, Consumer<String> clientCredentialsPolicy) {
		Assert.notNull(bootstrap, "bootstrap cannot be null");
		Assert.notNull(users, "users cannot be null");
		Assert.notNull(clients, "clients cannot be null");
		Assert.notNull(passwordEncoder, "passwordEncoder cannot be null");
		this.bootstrap = bootstrap;
		this.users = users;
		this.clients = clients;
		this.passwordEncoder = passwordEncoder;
		this.actionTypes = Set.copyOf(actionTypes);
		this.clientCredentialsPolicy = clientCredentialsPolicy;
	}

	/**
	 * Sets where the users' configured e-mail addresses are kept (for notifications).
	 * @param emails takes a user name and an address
	 */
	public void setEmailStore(java.util.function.BiConsumer<String, String> emails) {
		Assert.notNull(emails, "emails cannot be null");
		this.emails = emails;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.bootstrap.users().forEach(this::createUserIfAbsent);
		this.bootstrap.users().forEach((username, user) -> {
			String email = user.email();
			if (email == null) {
				return;
			}
			if (!dev.countersign.authz.notification.SubjectEmails.isAddress(email)) {
				throw new InvalidSettingException("countersign.bootstrap.users." + username + ".email",
						"is '" + email + "'", "Give a plain address such as alice@example.com.");
			}
			this.emails.accept(username, email);
		});
		for (Map.Entry<String, BootstrapClient> entry : this.bootstrap.clients().entrySet()) {
			for (String type : entry.getValue().authorizationDetailsTypes()) {
				if (!this.actionTypes.contains(type)) {
					throw new InvalidSettingException(
							"countersign.bootstrap.clients." + entry.getKey() + ".authorization-details-types",
							"names '" + type + "', which is not in the action catalog",
							"Name types of countersign.actions, or add the type there.");
				}
			}
			String policy = entry.getValue().clientCredentialsAuthorizationDetails();
			if (StringUtils.hasText(policy)) {
				try {
					this.clientCredentialsPolicy.accept(policy);
				}
				catch (InvalidAuthorizationDetailsException ex) {
					throw new InvalidSettingException(
							"countersign.bootstrap.clients." + entry.getKey()
									+ ".client-credentials-authorization-details",
							Messages.of(ex), "Give a JSON array of entries such as "
									+ "[{\"type\":\"records.read\",\"parameters\":{\"customerId\":{\"in\":[42]}}}].");
				}
			}
			RegisteredClient existing = this.clients.findByClientId(entry.getKey());
			if (existing == null) {
				this.clients.save(toRegisteredClient(entry.getKey(), entry.getValue(), this.passwordEncoder));
				logger.info("Registered client " + entry.getKey());
			}
			else {
				RegisteredClient configured = toRegisteredClient(entry.getKey(), entry.getValue(), existing,
						this.passwordEncoder);
				if (!configured.equals(existing)) {
					this.clients.save(configured);
					logger.info("Updated client " + entry.getKey() + " from its configuration");
				}
			}
		}
	}

	private void createUserIfAbsent(String username, BootstrapUser user) {
		if (this.users.userExists(username)) {
			return;
		}
		String password = user.password();
		if (!StringUtils.hasText(password)) {
			throw new InvalidSettingException("countersign.bootstrap.users." + username + ".password", "is not set",
					"Give every bootstrap user a password.");
		}
		this.users.createUser(User.withUsername(username)
			.password(this.passwordEncoder.encode(password))
			.roles(user.roles().toArray(String[]::new))
			.build());
		logger.info("Created user " + username);
	}

	/**
	 * Checks and keeps a client's OpenID CIBA registration (CIBA Core 1.0 section 4).
	 * @param prefix the client's settings prefix
	 * @param client the client
	 * @param settings its settings
	 */
	private static void backchannel(String prefix, BootstrapClient client, ClientSettings.Builder settings) {
		String mode = client.backchannelTokenDeliveryMode();
		String endpoint = client.backchannelClientNotificationEndpoint();
		boolean ciba = client.grantTypes().contains(CIBA);
		if (!ciba) {
			if (mode != null || endpoint != null) {
				throw new InvalidSettingException(prefix + "backchannel-token-delivery-mode",
						"is set for a client without the CIBA grant", "Add " + CIBA + " to its grant-types.");
			}
			return;
		}
		if (!"poll".equals(mode) && !"ping".equals(mode)) {
			throw new InvalidSettingException(prefix + "backchannel-token-delivery-mode", "is '" + mode + "'",
					"A CIBA client is registered for poll or ping (push is not supported).");
		}
		if ("ping".equals(mode) && (endpoint == null || !isHttpUrl(endpoint))) {
			throw new InvalidSettingException(prefix + "backchannel-client-notification-endpoint",
					"is '" + endpoint + "'", "A ping client needs the https (or loopback http) URL it is notified at.");
		}
		if ("poll".equals(mode) && endpoint != null) {
			throw new InvalidSettingException(prefix + "backchannel-client-notification-endpoint",
					"is set for a poll client", "Remove it, or register the client for ping.");
		}
		settings.setting(ClientMetadata.BACKCHANNEL_TOKEN_DELIVERY_MODE, java.util.Objects.requireNonNull(mode));
		if (endpoint != null) {
			settings.setting(ClientMetadata.BACKCHANNEL_CLIENT_NOTIFICATION_ENDPOINT, endpoint);
		}
	}

	/**
	 * Whether a URL is fit to be called by the server: https, or http to a loopback host.
	 * @param value the URL
	 * @return {@code true} when it is
	 */
	public static boolean isHttpUrl(String value) {
		try {
			java.net.URI uri = new java.net.URI(value);
			String host = uri.getHost();
			if (host == null || uri.getFragment() != null) {
				return false;
			}
			return "https".equals(uri.getScheme()) || ("http".equals(uri.getScheme())
					&& (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]")));
		}
		catch (java.net.URISyntaxException ex) {
			return false;
		}
	}

	/**
	 * Turns a client of the configuration into a registration.
	 * @param clientId the client id
	 * @param client its settings
	 * @param passwordEncoder hashes the secret
	 * @return the registration
	 * @throws InvalidSettingException naming the first bad setting
	 */
	static RegisteredClient toRegisteredClient(String clientId, BootstrapClient client,
			PasswordEncoder passwordEncoder) {
		return toRegisteredClient(clientId, client, null, passwordEncoder);
	}

	/**
	 * Turns a client of the configuration into a registration, keeping the id, issue time
	 * and stored secret of an existing registration.
	 * @param clientId the client id
	 * @param client the client
	 * @param existing the existing
	 * @param passwordEncoder the password encoder
	 * @return the registered client
	 */
	private static RegisteredClient toRegisteredClient(String clientId, BootstrapClient client,
			@Nullable RegisteredClient existing, PasswordEncoder passwordEncoder) {
		String prefix = "countersign.bootstrap.clients." + clientId + ".";
		if (client.grantTypes().isEmpty()) {
			throw new InvalidSettingException(prefix + "grant-types", "is empty",
					"List at least one of authorization_code, refresh_token, client_credentials.");
		}
		for (String resource : client.resources()) {
			if (!ResourceIndicators.isValid(resource)) {
				throw new InvalidSettingException(prefix + "resources", "contains '" + resource + "'",
						"Resource indicators are absolute URIs without a fragment (RFC 8707).");
			}
		}
		for (String resource : client.servedResources()) {
			if (!ResourceIndicators.isValid(resource)) {
				throw new InvalidSettingException(prefix + "served-resources", "contains '" + resource + "'",
						"Resource indicators are absolute URIs without a fragment (RFC 8707).");
			}
		}
		RegisteredClient.Builder builder = RegisteredClient
			.withId((existing != null) ? existing.getId() : UUID.randomUUID().toString())
			.clientId(clientId)
			.clientName(StringUtils.hasText(client.name()) ? client.name() : clientId);
		if (existing != null && existing.getClientIdIssuedAt() != null) {
			builder.clientIdIssuedAt(existing.getClientIdIssuedAt());
		}
		String secret = client.secret();
		String jwkSetUri = client.jwkSetUri();
		if (StringUtils.hasText(jwkSetUri)) {
			if (!isHttpUrl(jwkSetUri)) {
				throw new InvalidSettingException(prefix + "jwk-set-uri", "is '" + jwkSetUri + "'",
						"Give the https (or loopback http) URL of the client's JWK Set.");
			}
			builder.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
		}
		if (StringUtils.hasText(secret)) {
			String kept = (existing != null) ? existing.getClientSecret() : null;
			builder.clientSecret(StringUtils.hasText(kept) ? kept : passwordEncoder.encode(secret))
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
		}
		else if (!StringUtils.hasText(jwkSetUri)) {
			builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
		}
		for (String grantType : client.grantTypes()) {
			if (!GRANT_TYPES.contains(grantType)) {
				throw new InvalidSettingException(prefix + "grant-types", "contains '" + grantType + "'",
						"Use authorization_code, refresh_token, client_credentials or " + CIBA + ".");
			}
			builder.authorizationGrantType(new AuthorizationGrantType(grantType));
		}
		if (client.grantTypes().contains("authorization_code") && client.redirectUris().isEmpty()) {
			throw new InvalidSettingException(prefix + "redirect-uris", "is empty",
					"A client of the authorization code grant needs at least one redirect URI.");
		}
		if (client.grantTypes().contains(CIBA) && !StringUtils.hasText(secret) && !StringUtils.hasText(jwkSetUri)) {
			throw new InvalidSettingException(prefix + "grant-types", "names " + CIBA + " for a public client",
					"A CIBA client authenticates (CIBA Core 1.0 section 7.1): give it a secret or a jwk-set-uri.");
		}
		client.redirectUris().forEach(builder::redirectUri);
		client.scopes().forEach(builder::scope);
		ClientSettings.Builder settings = ClientSettings.builder()
			.requireAuthorizationConsent(client.requireConsent())
			.requireProofKey(client.requirePkce() || (!StringUtils.hasText(secret) && !StringUtils.hasText(jwkSetUri)));
		if (StringUtils.hasText(jwkSetUri)) {
			settings.jwkSetUrl(jwkSetUri).tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS256);
		}
		backchannel(prefix, client, settings);
		if (!client.resources().isEmpty()) {
			ClientMetadata.with(settings, ClientMetadata.RESOURCES, client.resources());
		}
		if (!client.authorizationDetailsTypes().isEmpty()) {
			ClientMetadata.with(settings, ClientMetadata.AUTHORIZATION_DETAILS_TYPES,
					client.authorizationDetailsTypes());
		}
		if (!client.servedResources().isEmpty()) {
			ClientMetadata.with(settings, ClientMetadata.SERVED_RESOURCES, client.servedResources());
		}
		if (StringUtils.hasText(client.clientCredentialsAuthorizationDetails())) {
			settings.setting(ClientMetadata.CLIENT_CREDENTIALS_AUTHORIZATION_DETAILS,
					client.clientCredentialsAuthorizationDetails().strip());
		}
		if (client.applicationType().equals("native")) {
			settings.setting(ClientMetadata.APPLICATION_TYPE, "native");
		}
		return builder.clientSettings(settings.build())
			.tokenSettings(TokenSettings.builder()
				.accessTokenTimeToLive(client.accessTokenTimeToLive())
				.refreshTokenTimeToLive(client.refreshTokenTimeToLive())
				.reuseRefreshTokens(false)
				.build())
			.build();
	}

}
