package dev.countersign.resource.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

import dev.countersign.resource.web.ActionMode;

/**
 * Settings of the Countersign resource-server starter, under
 * {@code countersign.resource}.
 */
@ConfigurationProperties("countersign.resource")
public class CountersignResourceProperties {

	/**
	 * Whether bound routes are checked. Off: the filter is not registered at all.
	 */
	private boolean enabled = true;

	/**
	 * Issuer of action tokens: the Countersign authorization server. Defaults to
	 * spring.security.oauth2.resourceserver.jwt.issuer-uri (base tokens from Countersign
	 * too).
	 */
	private @Nullable String issuerUri;

	/**
	 * JWK set of the Countersign authorization server, whose keys sign action tokens.
	 * Defaults to spring.security.oauth2.resourceserver.jwt.jwk-set-uri when both name
	 * the same issuer, else issuer-uri + /oauth2/jwks. Start-up is refused when
	 * issuer-uri names another issuer than Spring's and Spring's jwk-set-uri is set: that
	 * key set is the base tokens' issuer's.
	 */
	private @Nullable String jwkSetUri;

	/**
	 * This API's resource indicator, the action tokens' required audience. Defaults to
	 * spring.security.oauth2.resourceserver.jwt.audiences when it names exactly one.
	 */
	private @Nullable String audience;

	/**
	 * The typ header values Spring Boot's JWT decoder accepts for base access tokens (RFC
	 * 9068 section 4); Spring Security alone accepts only JWT. Not applied when the
	 * application declares its own JwtTypeValidator bean.
	 */
	private List<String> accessTokenTypes = new ArrayList<>(List.of("at+jwt", "application/at+jwt"));

	/**
	 * Whether the refusals of Spring Boot's auto-configured JWT decoder name the token's
	 * issuer and the trusted one instead of the JOSE library's words. Only the wording
	 * changes.
	 */
	private boolean describeBearerRefusals = true;

	/**
	 * Whether the check joins every security filter chain built from Spring Security's
	 * HttpSecurity, after its AuthorizationFilter. Off, apply it to a chain with
	 * http.with(CountersignConfigurer.countersign(), Customizer.withDefaults()); a bound
	 * route that no chain with the check serves is refused with 500.
	 */
	private boolean joinSecurityFilterChains = true;

	/**
	 * The base token's claim that names the user, which the action token's sub must
	 * equal: the authorization server's subject-claim for the issuer of the base tokens.
	 */
	private String baseTokenSubjectClaim = "sub";

	/**
	 * The base token's claim that names the client, which the action token's client_id
	 * must equal; when unset, client_id, else azp (as Keycloak and Entra ID send).
	 */
	private @Nullable String baseTokenClientClaim;

	/**
	 * Clock skew tolerated on the action token's exp and nbf; at most 30 s.
	 */
	private Duration clockSkew = Duration.ofSeconds(10);

	/**
	 * JWS algorithms accepted for action tokens.
	 */
	private List<String> algorithms = new ArrayList<>(List.of("RS256"));

	/**
	 * Largest request body a bound route accepts, in bytes.
	 */
	private int maxBodySize = 65536;

	/**
	 * Where used action tokens are remembered.
	 */
	private ReplayStoreType replayStore = ReplayStoreType.AUTHORIZATION_SERVER;

	private final Consume consume = new Consume();

	private final Catalog catalog = new Catalog();

	private final Metadata metadata = new Metadata();

	private final TransactionChallenge transactionChallenge = new TransactionChallenge();

	/**
	 * Routes bound to action types, besides those annotated with @RequiresApproval.
	 */
	private List<Route> routes = new ArrayList<>();

	public List<String> getAccessTokenTypes() {
		return this.accessTokenTypes;
	}

	public void setAccessTokenTypes(List<String> accessTokenTypes) {
		this.accessTokenTypes = accessTokenTypes;
	}

	public String getBaseTokenSubjectClaim() {
		return this.baseTokenSubjectClaim;
	}

	public void setBaseTokenSubjectClaim(String baseTokenSubjectClaim) {
		if (baseTokenSubjectClaim == null || baseTokenSubjectClaim.isBlank()) {
			throw new IllegalArgumentException("countersign.resource.base-token-subject-claim must name a claim");
		}
		this.baseTokenSubjectClaim = baseTokenSubjectClaim;
	}

	public @Nullable String getBaseTokenClientClaim() {
		return this.baseTokenClientClaim;
	}

	public void setBaseTokenClientClaim(@Nullable String baseTokenClientClaim) {
		this.baseTokenClientClaim = (baseTokenClientClaim != null && !baseTokenClientClaim.isBlank())
				? baseTokenClientClaim : null;
	}

	public boolean isDescribeBearerRefusals() {
		return this.describeBearerRefusals;
	}

	public void setDescribeBearerRefusals(boolean describeBearerRefusals) {
		this.describeBearerRefusals = describeBearerRefusals;
	}

	public boolean isJoinSecurityFilterChains() {
		return this.joinSecurityFilterChains;
	}

	public void setJoinSecurityFilterChains(boolean joinSecurityFilterChains) {
		this.joinSecurityFilterChains = joinSecurityFilterChains;
	}

	public Metadata getMetadata() {
		return this.metadata;
	}

	public TransactionChallenge getTransactionChallenge() {
		return this.transactionChallenge;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getIssuerUri() {
		return this.issuerUri;
	}

	public void setIssuerUri(@Nullable String issuerUri) {
		this.issuerUri = issuerUri;
	}

	public @Nullable String getJwkSetUri() {
		return this.jwkSetUri;
	}

	public void setJwkSetUri(@Nullable String jwkSetUri) {
		this.jwkSetUri = jwkSetUri;
	}

	public @Nullable String getAudience() {
		return this.audience;
	}

	public void setAudience(@Nullable String audience) {
		this.audience = audience;
	}

	public Duration getClockSkew() {
		return this.clockSkew;
	}

	public void setClockSkew(Duration clockSkew) {
		if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofSeconds(30)) > 0) {
			throw new IllegalArgumentException("countersign.resource.clock-skew must be between 0 and 30 seconds");
		}
		this.clockSkew = clockSkew;
	}

	public List<String> getAlgorithms() {
		return this.algorithms;
	}

	public void setAlgorithms(List<String> algorithms) {
		this.algorithms = algorithms;
	}

	public int getMaxBodySize() {
		return this.maxBodySize;
	}

	public void setMaxBodySize(int maxBodySize) {
		if (maxBodySize < 1) {
			throw new IllegalArgumentException("countersign.resource.max-body-size must be a positive number of bytes");
		}
		this.maxBodySize = maxBodySize;
	}

	public ReplayStoreType getReplayStore() {
		return this.replayStore;
	}

	public void setReplayStore(ReplayStoreType replayStore) {
		this.replayStore = replayStore;
	}

	public Consume getConsume() {
		return this.consume;
	}

	public Catalog getCatalog() {
		return this.catalog;
	}

	public List<Route> getRoutes() {
		return this.routes;
	}

	public void setRoutes(List<Route> routes) {
		this.routes = routes;
	}

	/**
	 * The replay stores.
	 */
	public enum ReplayStoreType {

		/** The authorization server's consume endpoint: authoritative and audited. */
		AUTHORIZATION_SERVER,

		/** A table of the API's own database (PostgreSQL), shared by its instances. */
		JDBC,

		/** Redis, shared by the API's instances. */
		REDIS,

		/** This JVM's memory: correct for a single instance only. */
		IN_MEMORY

	}

	/**
	 * How long a call to the authorization server may wait; past either time the request
	 * is refused with 503 (fail closed).
	 */
	public abstract static class Connection {

		/**
		 * How long to wait for a connection to the authorization server; past it the
		 * request is refused with 503 (fail closed).
		 */
		private Duration connectTimeout = Duration.ofSeconds(2);

		/**
		 * How long to wait for the authorization server's answer; past it the request is
		 * refused with 503 (fail closed).
		 */
		private Duration readTimeout = Duration.ofSeconds(5);

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

	}

	/**
	 * Where the authorization server's catalog is read, whose types and limits every
	 * bound value must fit.
	 */
	public static class Catalog extends Connection {

		/**
		 * The authorization details types metadata endpoint. Defaults to issuer-uri +
		 * /authorization-details-types.
		 */
		private @Nullable String uri;

		/**
		 * How long the catalog read is used before it is read again.
		 */
		private Duration refreshInterval = Duration.ofMinutes(5);

		public @Nullable String getUri() {
			return this.uri;
		}

		public void setUri(@Nullable String uri) {
			this.uri = uri;
		}

		public Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		public void setRefreshInterval(Duration refreshInterval) {
			this.refreshInterval = refreshInterval;
		}

	}

	/**
	 * The authorization server's consume endpoint and the client credentials to call it.
	 */
	public static class Consume extends Connection {

		/**
		 * The consume endpoint. Defaults to issuer-uri + /approvals/consume.
		 */
		private @Nullable String endpoint;

		/**
		 * The token endpoint for the client-credentials token. Defaults to issuer-uri +
		 * /oauth2/token.
		 */
		private @Nullable String tokenEndpoint;

		/**
		 * Client id of this resource server, registered with scope approvals.consume.
		 */
		private @Nullable String clientId;

		/**
		 * Its client secret.
		 */
		private @Nullable String clientSecret;

		/**
		 * How long before its expiry the consume token is replaced.
		 */
		private Duration refreshBefore = Duration.ofSeconds(30);

		/**
		 * Whether action tokens refused after their signature verified are reported to
		 * the authorization server, which audits them as "rejected". Needs client-id and
		 * client-secret.
		 */
		private boolean reportRejections = true;

		/**
		 * The rejection endpoint. Defaults to issuer-uri + /approvals/rejections.
		 */
		private @Nullable String rejectionsEndpoint;

		/**
		 * How many rejection reports may wait for delivery; past it they are dropped and
		 * counted, never making a request wait.
		 */
		private int reportQueueCapacity = 1000;

		public @Nullable String getEndpoint() {
			return this.endpoint;
		}

		public void setEndpoint(@Nullable String endpoint) {
			this.endpoint = endpoint;
		}

		public boolean isReportRejections() {
			return this.reportRejections;
		}

		public void setReportRejections(boolean reportRejections) {
			this.reportRejections = reportRejections;
		}

		public @Nullable String getRejectionsEndpoint() {
			return this.rejectionsEndpoint;
		}

		public void setRejectionsEndpoint(@Nullable String rejectionsEndpoint) {
			this.rejectionsEndpoint = rejectionsEndpoint;
		}

		public int getReportQueueCapacity() {
			return this.reportQueueCapacity;
		}

		public void setReportQueueCapacity(int reportQueueCapacity) {
			if (reportQueueCapacity < 1) {
				throw new IllegalArgumentException(
						"countersign.resource.consume.report-queue-capacity must be positive");
			}
			this.reportQueueCapacity = reportQueueCapacity;
		}

		public @Nullable String getTokenEndpoint() {
			return this.tokenEndpoint;
		}

		public void setTokenEndpoint(@Nullable String tokenEndpoint) {
			this.tokenEndpoint = tokenEndpoint;
		}

		public @Nullable String getClientId() {
			return this.clientId;
		}

		public void setClientId(@Nullable String clientId) {
			this.clientId = clientId;
		}

		public @Nullable String getClientSecret() {
			return this.clientSecret;
		}

		public void setClientSecret(@Nullable String clientSecret) {
			this.clientSecret = clientSecret;
		}

		public Duration getRefreshBefore() {
			return this.refreshBefore;
		}

		public void setRefreshBefore(Duration refreshBefore) {
			this.refreshBefore = refreshBefore;
		}

	}

	/**
	 * The protected resource metadata (RFC 9728) served at
	 * /.well-known/oauth-protected-resource, named in every challenge of the starter.
	 */
	/**
	 * Transaction authorization challenges (draft-rosomakho-oauth-txn-challenge-00): the
	 * answer to a jit request without approval whose agent sends Accept-Txn-Challenge:
	 * ?1.
	 */
	public static class TransactionChallenge {

		/**
		 * Whether such requests get a signed challenge (else 403 approval_required as any
		 * other).
		 */
		private boolean enabled = true;

		/**
		 * The private signing key as a JWK (JSON, with kid; RSA, or EC on P-256 or
		 * P-384), the same on every instance of this API. With neither it nor key-store,
		 * a key is generated for this instance when unset.
		 */
		private @Nullable String jwk;

		/**
		 * Or a PKCS #12 key store holding it; not used when unset.
		 */
		private @Nullable Resource keyStore;

		/**
		 * The key store's password; empty when unset.
		 */
		private @Nullable String keyStorePassword;

		/**
		 * The key's alias in the key store; its kid. Required with key-store.
		 */
		private @Nullable String keyAlias;

		/**
		 * Where the public key is served and published (txn_challenge_jwks_uri). Defaults
		 * to /.well-known/txn-challenge-jwks at the origin of the audience.
		 */
		private @Nullable String jwksUri;

		/**
		 * How long a challenge may be presented; at most 10 minutes.
		 */
		private Duration lifetime = Duration.ofMinutes(5);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getJwk() {
			return this.jwk;
		}

		public void setJwk(@Nullable String jwk) {
			this.jwk = jwk;
		}

		public @Nullable Resource getKeyStore() {
			return this.keyStore;
		}

		public void setKeyStore(@Nullable Resource keyStore) {
			this.keyStore = keyStore;
		}

		public @Nullable String getKeyStorePassword() {
			return this.keyStorePassword;
		}

		public void setKeyStorePassword(@Nullable String keyStorePassword) {
			this.keyStorePassword = keyStorePassword;
		}

		public @Nullable String getKeyAlias() {
			return this.keyAlias;
		}

		public void setKeyAlias(@Nullable String keyAlias) {
			this.keyAlias = keyAlias;
		}

		public @Nullable String getJwksUri() {
			return this.jwksUri;
		}

		public void setJwksUri(@Nullable String jwksUri) {
			this.jwksUri = jwksUri;
		}

		public Duration getLifetime() {
			return this.lifetime;
		}

		public void setLifetime(Duration lifetime) {
			this.lifetime = lifetime;
		}

	}

	public static class Metadata {

		/**
		 * Whether the starter serves the protected resource metadata.
		 */
		private boolean enabled = true;

		/**
		 * Human-readable name of this API (resource_name). Defaults to
		 * spring.application.name.
		 */
		private @Nullable String resourceName;

		/**
		 * Issuers whose tokens this API accepts (authorization_servers). Defaults to the
		 * base tokens' issuer (spring.security.oauth2.resourceserver.jwt.issuer-uri) and
		 * the Countersign issuer.
		 */
		private List<String> authorizationServers = new ArrayList<>();

		/**
		 * Where clients find the metadata (resource_metadata of every challenge), when
		 * the audience is not this API's address (behind a gateway, say). Defaults to the
		 * well-known URL of the audience.
		 */
		private @Nullable String uri;

		public @Nullable String getUri() {
			return this.uri;
		}

		public void setUri(@Nullable String uri) {
			this.uri = uri;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getResourceName() {
			return this.resourceName;
		}

		public void setResourceName(@Nullable String resourceName) {
			this.resourceName = resourceName;
		}

		public List<String> getAuthorizationServers() {
			return this.authorizationServers;
		}

		public void setAuthorizationServers(List<String> authorizationServers) {
			this.authorizationServers = authorizationServers;
		}

	}

	/**
	 * A route bound in properties.
	 */
	public static class Route {

		/**
		 * HTTP method; any when unset.
		 */
		private @Nullable String method;

		/**
		 * Path pattern, as in @RequestMapping, such as /accounts/{accountId}/transfers.
		 */
		private @Nullable String path;

		/**
		 * Action type.
		 */
		private @Nullable String type;

		/**
		 * jit (an Action-Token for each call) or grant (the base token's
		 * authorization_details); jit when unset.
		 */
		private ActionMode mode = ActionMode.JIT;

		/**
		 * Parameter sources by parameter name of the action type: path:variable (a
		 * variable of path), query:name, header:name, body:/json/pointer or form:field.
		 */
		private Map<String, String> parameters = new LinkedHashMap<>();

		public @Nullable String getMethod() {
			return this.method;
		}

		public void setMethod(@Nullable String method) {
			this.method = method;
		}

		public @Nullable String getPath() {
			return this.path;
		}

		public void setPath(@Nullable String path) {
			this.path = path;
		}

		public @Nullable String getType() {
			return this.type;
		}

		public void setType(@Nullable String type) {
			this.type = type;
		}

		public ActionMode getMode() {
			return this.mode;
		}

		public void setMode(ActionMode mode) {
			this.mode = mode;
		}

		public Map<String, String> getParameters() {
			return this.parameters;
		}

		public void setParameters(Map<String, String> parameters) {
			this.parameters = parameters;
		}

	}

}
