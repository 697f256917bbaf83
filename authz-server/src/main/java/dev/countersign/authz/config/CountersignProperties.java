package dev.countersign.authz.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the Countersign authorization server, under {@code countersign}.
 */
@ConfigurationProperties("countersign")
public class CountersignProperties {

	private final Keys keys = new Keys();

	private final EmbeddedDatabase embeddedDatabase = new EmbeddedDatabase();

	private final Bootstrap bootstrap = new Bootstrap();

	public Keys getKeys() {
		return this.keys;
	}

	public EmbeddedDatabase getEmbeddedDatabase() {
		return this.embeddedDatabase;
	}

	public Bootstrap getBootstrap() {
		return this.bootstrap;
	}

	/**
	 * Signing keys.
	 */
	public static class Keys {

		/**
		 * Base64 encoded 256-bit AES key that encrypts the private parts of the signing keys
		 * stored in the database (for example the output of {@code openssl rand -base64 32}).
		 * Required; keep it out of the database.
		 */
		private @Nullable String encryptionKey;

		/**
		 * JWS algorithm of new signing keys: RS256, RS384, RS512, PS256, ES256, ES384 or ES512.
		 */
		private String algorithm = "RS256";

		/**
		 * Modulus length of new RSA keys, in bits.
		 */
		private int rsaKeySize = 2048;

		/**
		 * How long an instance serves its cached copy of the key table before reading it again, so
		 * that a key added through another instance is seen.
		 */
		private Duration refreshInterval = Duration.ofSeconds(30);

		/**
		 * How long after a rotation the new key starts signing. It is published at once; the delay
		 * lets every instance and every resource server learn it before the first token signed with
		 * it arrives. Use at least the refresh interval when several instances run.
		 */
		private Duration activationDelay = Duration.ZERO;

		/**
		 * How long a replaced key keeps verifying after its successor starts signing. Use more than
		 * the longest token lifetime.
		 */
		private Duration retireAfter = Duration.ofDays(1);

		public @Nullable String getEncryptionKey() {
			return this.encryptionKey;
		}

		public void setEncryptionKey(@Nullable String encryptionKey) {
			this.encryptionKey = encryptionKey;
		}

		public String getAlgorithm() {
			return this.algorithm;
		}

		public void setAlgorithm(String algorithm) {
			this.algorithm = algorithm;
		}

		public int getRsaKeySize() {
			return this.rsaKeySize;
		}

		public void setRsaKeySize(int rsaKeySize) {
			if (rsaKeySize < 2048) {
				throw new IllegalArgumentException("countersign.keys.rsa-key-size must be at least 2048");
			}
			this.rsaKeySize = rsaKeySize;
		}

		public Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		public void setRefreshInterval(Duration refreshInterval) {
			this.refreshInterval = requireNotNegative(refreshInterval, "countersign.keys.refresh-interval");
		}

		public Duration getActivationDelay() {
			return this.activationDelay;
		}

		public void setActivationDelay(Duration activationDelay) {
			this.activationDelay = requireNotNegative(activationDelay, "countersign.keys.activation-delay");
		}

		public Duration getRetireAfter() {
			return this.retireAfter;
		}

		public void setRetireAfter(Duration retireAfter) {
			this.retireAfter = requireNotNegative(retireAfter, "countersign.keys.retire-after");
		}

	}

	/**
	 * An embedded PostgreSQL for the demo and for trying Countersign out. Never for production.
	 */
	public static class EmbeddedDatabase {

		/**
		 * Whether to start an embedded PostgreSQL and use it as the data source.
		 */
		private boolean enabled;

		/**
		 * Where the embedded PostgreSQL keeps its data; kept across restarts.
		 */
		private Path dataDirectory = Path.of(".demo-data", "postgres");

		/**
		 * Port of the embedded PostgreSQL on 127.0.0.1; 0 picks a free one.
		 */
		private int port;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Path getDataDirectory() {
			return this.dataDirectory;
		}

		public void setDataDirectory(Path dataDirectory) {
			this.dataDirectory = dataDirectory;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

	}

	/**
	 * Users and clients to create at start-up when they do not exist yet. Existing ones are never
	 * changed.
	 */
	public static class Bootstrap {

		/**
		 * Users by user name.
		 */
		private final Map<String, User> users = new LinkedHashMap<>();

		/**
		 * Clients by client id.
		 */
		private final Map<String, Client> clients = new LinkedHashMap<>();

		public Map<String, User> getUsers() {
			return this.users;
		}

		public Map<String, Client> getClients() {
			return this.clients;
		}

	}

	/**
	 * A user to create.
	 */
	public static class User {

		/**
		 * Password in clear text; stored as a BCrypt hash.
		 */
		private @Nullable String password;

		/**
		 * Roles, without the {@code ROLE_} prefix.
		 */
		private List<String> roles = new ArrayList<>(List.of("USER"));

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		public List<String> getRoles() {
			return this.roles;
		}

		public void setRoles(List<String> roles) {
			this.roles = roles;
		}

	}

	/**
	 * A client to register.
	 */
	public static class Client {

		/**
		 * Client secret in clear text; stored as a BCrypt hash. Empty for a public client.
		 */
		private @Nullable String secret;

		/**
		 * Name shown to users.
		 */
		private @Nullable String name;

		/**
		 * Grant types: authorization_code, refresh_token, client_credentials.
		 */
		private List<String> grantTypes = new ArrayList<>();

		/**
		 * Redirect URIs, compared exactly.
		 */
		private List<String> redirectUris = new ArrayList<>();

		/**
		 * Scopes the client may ask for.
		 */
		private List<String> scopes = new ArrayList<>();

		/**
		 * Resource indicators (RFC 8707) the client may ask tokens for; the first ones become the
		 * audience of tokens requested without a resource parameter.
		 */
		private List<String> resources = new ArrayList<>();

		/**
		 * Whether the user must consent to the requested scopes.
		 */
		private boolean requireConsent;

		/**
		 * Whether the authorization code flow requires PKCE.
		 */
		private boolean requirePkce = true;

		/**
		 * Lifetime of access tokens.
		 */
		private Duration accessTokenTimeToLive = Duration.ofMinutes(5);

		/**
		 * Lifetime of refresh tokens.
		 */
		private Duration refreshTokenTimeToLive = Duration.ofHours(8);

		public @Nullable String getSecret() {
			return this.secret;
		}

		public void setSecret(@Nullable String secret) {
			this.secret = secret;
		}

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public List<String> getGrantTypes() {
			return this.grantTypes;
		}

		public void setGrantTypes(List<String> grantTypes) {
			this.grantTypes = grantTypes;
		}

		public List<String> getRedirectUris() {
			return this.redirectUris;
		}

		public void setRedirectUris(List<String> redirectUris) {
			this.redirectUris = redirectUris;
		}

		public List<String> getScopes() {
			return this.scopes;
		}

		public void setScopes(List<String> scopes) {
			this.scopes = scopes;
		}

		public List<String> getResources() {
			return this.resources;
		}

		public void setResources(List<String> resources) {
			this.resources = resources;
		}

		public boolean isRequireConsent() {
			return this.requireConsent;
		}

		public void setRequireConsent(boolean requireConsent) {
			this.requireConsent = requireConsent;
		}

		public boolean isRequirePkce() {
			return this.requirePkce;
		}

		public void setRequirePkce(boolean requirePkce) {
			this.requirePkce = requirePkce;
		}

		public Duration getAccessTokenTimeToLive() {
			return this.accessTokenTimeToLive;
		}

		public void setAccessTokenTimeToLive(Duration accessTokenTimeToLive) {
			this.accessTokenTimeToLive = accessTokenTimeToLive;
		}

		public Duration getRefreshTokenTimeToLive() {
			return this.refreshTokenTimeToLive;
		}

		public void setRefreshTokenTimeToLive(Duration refreshTokenTimeToLive) {
			this.refreshTokenTimeToLive = refreshTokenTimeToLive;
		}

	}

	private static Duration requireNotNegative(Duration value, String name) {
		if (value.isNegative()) {
			throw new IllegalArgumentException(name + " must not be negative");
		}
		return value;
	}

}
