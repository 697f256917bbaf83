package dev.countersign.authz.federation;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.proc.BadJOSEException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.client.support.BasicAuthenticationInterceptor;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;
import org.springframework.security.oauth2.server.resource.introspection.SpringOpaqueTokenIntrospector;
import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The base-token decoder of one trusted issuer: its metadata and key set discovered from
 * its issuer identifier on first use (OpenID Connect Discovery, else RFC 8414), its key
 * set cached and read again on an unknown {@code kid}; a token checked for signature,
 * {@code iss}, lifetime (with the configured skew), an audience of the entry's, and the
 * RFC 9068 {@code typ} unless the entry waives it. An issuer that cannot be read is asked
 * again at most every retry interval; until then its tokens are refused with an
 * {@link IssuerUnavailableException}.
 */
final class TrustedIssuerDecoder implements JwtDecoder {

	private static final Log logger = LogFactory.getLog(TrustedIssuerDecoder.class);

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private final TrustedIssuer issuer;

	private final RestTemplate rest;

	private final Duration clockSkew;

	private final Duration retryInterval;

	private final Clock clock;

	private volatile @Nullable JwtDecoder decoder;

	private volatile @Nullable Map<String, Object> metadata;

	private volatile @Nullable SpringOpaqueTokenIntrospector introspector;

	/** Tokens the issuer said are active, by hash, until when that answer is kept. */
	private final Map<String, Instant> active = new java.util.concurrent.ConcurrentHashMap<>();

	private volatile Instant nextAttempt = Instant.EPOCH;

	private volatile String lastFailure = "";

	TrustedIssuerDecoder(TrustedIssuer issuer, RestTemplate rest, Duration clockSkew, Duration retryInterval,
			Clock clock) {
		Assert.notNull(issuer, "issuer cannot be null");
		Assert.notNull(rest, "rest cannot be null");
		this.issuer = issuer;
		this.rest = rest;
		this.clockSkew = clockSkew;
		this.retryInterval = retryInterval;
		this.clock = clock;
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		JwtDecoder ready = decoder();
		try {
			Jwt jwt = ready.decode(token);
			introspect(token);
			return jwt;
		}
		catch (BadJwtException ex) {
			if (ex.getCause() instanceof BadJOSEException) {
				throw new BadJwtException("signature: the token's signature does not verify with any key of "
						+ this.issuer.issuer() + ", whose key set was read again", ex);
			}
			throw ex;
		}
	}

	/**
	 * Asks the issuer whether a token whose signature and claims verified is still active
	 * (RFC 7662), when the entry says so; a yes is kept for the entry's cache time.
	 * @param token the token
	 * @throws BadJwtException when the issuer says it is not active
	 * @throws IssuerUnavailableException when the issuer cannot answer
	 */
	private void introspect(String token) {
		Duration cache = this.issuer.introspectionCache();
		String clientId = this.issuer.clientId();
		String clientSecret = this.issuer.clientSecret();
		if (cache == null || clientId == null || clientSecret == null) {
			return;
		}
		String key = dev.countersign.core.AccessTokenHash.of(token);
		Instant now = this.clock.instant();
		Instant known = this.active.get(key);
		if (known != null && now.isBefore(known)) {
			return;
		}
		SpringOpaqueTokenIntrospector introspector = this.introspector;
		if (introspector == null) {
			Object endpoint = discovered().get("introspection_endpoint");
			if (!(endpoint instanceof String uri) || uri.isBlank()) {
				throw new IssuerUnavailableException(
						"the trusted issuer " + this.issuer.issuer() + " names no introspection_endpoint");
			}
			RestTemplate client = new RestTemplate(this.rest.getRequestFactory());
			client.getInterceptors().add(new BasicAuthenticationInterceptor(clientId, clientSecret));
			introspector = new SpringOpaqueTokenIntrospector(uri, client);
			this.introspector = introspector;
		}
		try {
			introspector.introspect(token);
		}
		catch (BadOpaqueTokenException ex) {
			throw new BadJwtException("active: the issuer " + this.issuer.issuer()
					+ " says the token is not active (revoked, or not one of its own)", ex);
		}
		catch (OAuth2IntrospectionException ex) {
			throw unavailable("its introspection did not answer: " + ex.getMessage(), ex);
		}
		this.active.entrySet().removeIf((entry) -> !now.isBefore(entry.getValue()));
		this.active.put(key, now.plus(cache));
	}

	/**
	 * The issuer's metadata, read once.
	 * @return the metadata document
	 * @throws IssuerUnavailableException when the issuer cannot be read now
	 */
	Map<String, Object> discovered() {
		decoder();
		Map<String, Object> read = this.metadata;
		if (read == null) {
			throw unavailable("its metadata was not read", null);
		}
		return read;
	}

	/**
	 * Reads the issuer's metadata now, as at start-up, without failing.
	 * @return whether it answered
	 */
	boolean warmUp() {
		try {
			decoder();
			return true;
		}
		catch (IssuerUnavailableException ex) {
			return false;
		}
	}

	private JwtDecoder decoder() {
		JwtDecoder ready = this.decoder;
		if (ready != null) {
			return ready;
		}
		synchronized (this) {
			if (this.decoder != null) {
				return this.decoder;
			}
			Instant now = this.clock.instant();
			if (now.isBefore(this.nextAttempt)) {
				throw unavailable(this.lastFailure, null);
			}
			try {
				JwtDecoder built = build(jwkSetUri());
				this.decoder = built;
				return built;
			}
			catch (RestClientException | IllegalArgumentException | IllegalStateException ex) {
				this.nextAttempt = now.plus(this.retryInterval);
				this.lastFailure = String.valueOf(ex.getMessage());
				logger.warn("Trusted issuer " + this.issuer.name() + " (" + this.issuer.issuer()
						+ ") cannot be read; its tokens are refused with 503 until it answers: " + ex.getMessage());
				throw unavailable(this.lastFailure, ex);
			}
		}
	}

	private IssuerUnavailableException unavailable(String reason, @Nullable Throwable cause) {
		String message = "the trusted issuer " + this.issuer.issuer() + " cannot be reached now (" + reason
				+ "); try again";
		return (cause != null) ? new IssuerUnavailableException(message, cause)
				: new IssuerUnavailableException(message);
	}

	/**
	 * The key set's URL from the issuer's metadata, whose {@code issuer} must be the
	 * configured one (OpenID Connect Discovery section 4.3, RFC 8414 section 3.3).
	 * @return the key set's URL
	 */
	private String jwkSetUri() {
		Map<String, Object> metadata = metadata();
		this.metadata = metadata;
		if (!this.issuer.issuer().equals(metadata.get("issuer"))) {
			throw new IllegalStateException(
					"its metadata names issuer " + metadata.get("issuer") + ", not " + this.issuer.issuer());
		}
		Object jwks = metadata.get("jwks_uri");
		if (!(jwks instanceof String uri) || uri.isBlank()) {
			throw new IllegalStateException("its metadata has no jwks_uri");
		}
		return uri;
	}

	private Map<String, Object> metadata() {
		RestClient client = RestClient.create(this.rest);
		URI issuerUri = URI.create(this.issuer.issuer());
		List<URI> locations = new ArrayList<>();
		locations.add(UriComponentsBuilder.fromUri(issuerUri)
			.replacePath(issuerUri.getRawPath() + "/.well-known/openid-configuration")
			.build(true)
			.toUri());
		locations.add(UriComponentsBuilder.fromUri(issuerUri)
			.replacePath("/.well-known/oauth-authorization-server" + issuerUri.getRawPath())
			.build(true)
			.toUri());
		RestClientException failure = null;
		for (URI location : locations) {
			try {
				Map<String, Object> metadata = client.get().uri(location).retrieve().body(JSON_OBJECT);
				if (metadata != null) {
					return metadata;
				}
			}
			catch (RestClientException ex) {
				failure = ex;
			}
		}
		throw (failure != null) ? failure : new IllegalStateException("its metadata is empty");
	}

	private JwtDecoder build(String jwkSetUri) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri)
			.restOperations(this.rest)
			.jwsAlgorithms((algorithms) -> algorithms
				.addAll(List.of(SignatureAlgorithm.RS256, SignatureAlgorithm.RS384, SignatureAlgorithm.RS512,
						SignatureAlgorithm.PS256, SignatureAlgorithm.ES256, SignatureAlgorithm.ES384)))
			.build();
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		JwtTimestampValidator lifetime = new JwtTimestampValidator(this.clockSkew);
		lifetime.setClock(this.clock);
		validators.add(lifetime);
		validators.add(new JwtIssuerValidator(this.issuer.issuer()));
		validators.add(this::audience);
		validators.add(TrustedIssuerDecoder::accessTokenClaim);
		if (this.issuer.requireTypedTokens()) {
			validators.add(new JwtTypeValidator("at+jwt", "application/at+jwt"));
		}
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
		return decoder;
	}

	private OAuth2TokenValidatorResult audience(Jwt jwt) {
		List<String> audience = (jwt.getAudience() != null) ? jwt.getAudience() : List.of();
		if (audience.stream().anyMatch(this.issuer.audiences()::contains)) {
			return OAuth2TokenValidatorResult.success();
		}
		return OAuth2TokenValidatorResult
			.failure(new OAuth2Error("invalid_token", "aud: the token's audience " + audience + " names none of "
					+ this.issuer.audiences() + " (an ID token's audience is a client)", null));
	}

	/**
	 * A {@code typ} claim, as some identity providers put in every token, must say an
	 * access token: their ID and refresh tokens say {@code ID} and {@code Refresh}.
	 * @param jwt the token
	 * @return the result
	 */
	private static OAuth2TokenValidatorResult accessTokenClaim(Jwt jwt) {
		Object typ = jwt.getClaims().get("typ");
		if (typ == null || "Bearer".equals(typ) || "at+jwt".equals(typ)) {
			return OAuth2TokenValidatorResult.success();
		}
		return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
				"typ: the token's typ claim is " + typ + ", not an access token", null));
	}

}
