package dev.countersign.authz.approval.authentication;

import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.JsonNode;

import dev.countersign.authz.catalog.ActionCatalog;
import dev.countersign.core.StrictJson;

/**
 * Verifies transaction authorization challenges (draft-rosomakho-oauth-txn-challenge-00
 * section 3.6) before anything is stored: {@code typ} {@code txn-authz-challenge+jwt}, an
 * asymmetric algorithm the resource publishes, the signature against the keys of the
 * resource's protected resource metadata ({@code txn_challenge_jwks_uri}, read only for
 * resources the catalog knows, on the origin of that metadata), {@code aud} this server,
 * {@code iat} and {@code exp} (a lifetime of at most ten minutes, not expired), and the
 * claims the flow needs. Each refusal names the check.
 */
public final class TransactionChallenges {

	/** The {@code typ} of a challenge. */
	public static final String TYPE = "txn-authz-challenge+jwt";

	private static final Duration MAX_LIFETIME = Duration.ofMinutes(10);

	private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

	private final ActionCatalog catalog;

	private final String issuer;

	private final RestClient rest;

	private final Map<String, Keys> resources = new ConcurrentHashMap<>();

	private Map<String, String> metadataLocations = Map.of();

	private Clock clock = Clock.systemUTC();

	/**
	 * Creates the verifier.
	 * @param catalog the catalog, whose resources may challenge
	 * @param issuer this server's issuer identifier, a challenge's {@code aud}
	 * @param rest the HTTP client that reads the resources' metadata, with its timeouts
	 */
	public TransactionChallenges(ActionCatalog catalog, String issuer, RestClient rest) {
		Assert.notNull(catalog, "catalog cannot be null");
		Assert.hasText(issuer, "issuer cannot be empty");
		Assert.notNull(rest, "rest cannot be null");
		this.catalog = catalog;
		this.issuer = issuer;
		this.rest = rest;
	}

	/**
	 * Where to read the metadata of resources whose identifier is not their address
	 * (behind a gateway, say); by default the well-known URL of the identifier (RFC 9728
	 * section 3.1).
	 * @param metadataLocations metadata URLs by resource identifier
	 */
	public void setMetadataLocations(Map<String, String> metadataLocations) {
		this.metadataLocations = Map.copyOf(metadataLocations);
	}

	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Verifies a challenge.
	 * @param challenge the JWS compact serialization
	 * @return the verified challenge
	 * @throws org.springframework.security.oauth2.core.OAuth2AuthenticationException
	 * {@code 400 invalid_request} naming the failed check
	 */
	public Verified verify(String challenge) {
		SignedJWT jwt;
		try {
			jwt = SignedJWT.parse(challenge);
		}
		catch (ParseException ex) {
			throw refused("transaction_challenge is not a signed JWT");
		}
		JWSHeader header = jwt.getHeader();
		if (header.getType() == null || !TYPE.equals(header.getType().getType())) {
			throw refused("typ must be " + TYPE);
		}
		if (!JWSAlgorithm.Family.SIGNATURE.contains(header.getAlgorithm())) {
			throw refused("alg must be an asymmetric signature algorithm, not " + header.getAlgorithm());
		}
		JsonNode claims = claims(jwt);
		String resource = text(claims, "iss");
		if (resource == null || !this.catalog.resources().contains(resource)) {
			throw refused("iss " + resource + " is not a resource of this server's catalog");
		}
		Keys keys = this.resources.computeIfAbsent(resource, this::discover);
		if (!keys.algorithms().contains(header.getAlgorithm())) {
			throw refused("alg " + header.getAlgorithm() + " is not in the resource's "
					+ "txn_challenge_signing_alg_values_supported");
		}
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType(TYPE)));
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(header.getAlgorithm(), keys.source()));
		processor.setJWTClaimsSetVerifier((claimsSet, context) -> {
		});
		try {
			processor.process(jwt, null);
		}
		catch (BadJOSEException | JOSEException ex) {
			// the keys may have changed: read the metadata again next time
			this.resources.remove(resource);
			throw refused("signature: the challenge does not verify with the keys of " + resource);
		}
		if (!audience(claims).contains(this.issuer)) {
			throw refused("aud must be " + this.issuer);
		}
		Instant now = this.clock.instant();
		Instant issuedAt = instant(claims, "iat");
		Instant expiresAt = instant(claims, "exp");
		if (issuedAt.isAfter(now.plus(CLOCK_SKEW))) {
			throw refused("iat is in the future");
		}
		if (!now.isBefore(expiresAt.plus(CLOCK_SKEW))) {
			throw refused("exp: the challenge expired");
		}
		if (Duration.between(issuedAt, expiresAt).compareTo(MAX_LIFETIME) > 0) {
			throw refused("exp: a challenge may live at most " + MAX_LIFETIME.toMinutes() + " minutes");
		}
		String jti = required(claims, "jti");
		String txn = required(claims, "txn");
		String reason = required(claims, "reason");
		String subject = required(claims, "sub");
		JsonNode details = claims.get("authorization_details");
		if (details == null) {
			throw refused("authorization_details is missing");
		}
		return new Verified(resource, jti, txn, expiresAt, details, reason, subject, text(claims, "sub_iss"));
	}

	/**
	 * Reads the keys a resource signs challenges with, from its protected resource
	 * metadata (RFC 9728) on its own origin.
	 * @param resource the resource identifier
	 * @return its keys
	 */
	private Keys discover(String resource) {
		String metadataUri = this.metadataLocations.getOrDefault(resource, metadataUri(resource));
		JsonNode metadata;
		try {
			String body = this.rest.get().uri(metadataUri).retrieve().body(String.class);
			metadata = StrictJson.read((body != null) ? body : "");
		}
		catch (RestClientException | IllegalArgumentException ex) {
			throw refused("the metadata of " + resource + " cannot be read: " + ex.getMessage());
		}
		String jwksUri = text(metadata, "txn_challenge_jwks_uri");
		if (jwksUri == null || !sameOrigin(jwksUri, metadataUri)) {
			throw refused("the metadata of " + resource + " names no txn_challenge_jwks_uri on its own origin");
		}
		Set<JWSAlgorithm> algorithms = new HashSet<>();
		JsonNode names = metadata.get("txn_challenge_signing_alg_values_supported");
		if (names != null && names.isArray()) {
			names.forEach((name) -> algorithms.add(JWSAlgorithm.parse(name.asString())));
		}
		algorithms.retainAll(JWSAlgorithm.Family.SIGNATURE);
		try {
			JWKSource<SecurityContext> source = JWKSourceBuilder.create(URI.create(jwksUri).toURL())
				.retrying(false)
				.build();
			return new Keys(source, algorithms);
		}
		catch (MalformedURLException ex) {
			throw refused("txn_challenge_jwks_uri of " + resource + " is not a URL");
		}
	}

	private static String metadataUri(String resource) {
		URI uri = URI.create(resource);
		String path = (uri.getRawPath() != null) ? uri.getRawPath() : "";
		if (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		return uri.getScheme() + "://" + uri.getRawAuthority() + "/.well-known/oauth-protected-resource" + path;
	}

	private static boolean sameOrigin(String uri, String resource) {
		try {
			URI a = URI.create(uri);
			URI b = URI.create(resource);
			return a.getScheme() != null && a.getScheme().equals(b.getScheme()) && a.getRawAuthority() != null
					&& a.getRawAuthority().equals(b.getRawAuthority());
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static JsonNode claims(SignedJWT jwt) {
		try {
			// the exact values of the payload: decimals are compared by value later
			JsonNode claims = StrictJson.read(Base64.getUrlDecoder().decode(jwt.getParsedParts()[1].toString()));
			if (!claims.isObject()) {
				throw refused("the challenge's payload is not a JSON object");
			}
			return claims;
		}
		catch (IllegalArgumentException ex) {
			throw refused("the challenge's payload is not base64url JSON");
		}
	}

	private static Set<String> audience(JsonNode claims) {
		JsonNode aud = claims.get("aud");
		Set<String> values = new HashSet<>();
		if (aud != null && aud.isString()) {
			values.add(aud.asString());
		}
		else if (aud != null && aud.isArray()) {
			aud.forEach((value) -> values.add(value.asString()));
		}
		return values;
	}

	private static Instant instant(JsonNode claims, String name) {
		JsonNode value = claims.get(name);
		if (value == null || !value.isIntegralNumber()) {
			throw refused(name + " is required, in seconds since the epoch");
		}
		return Instant.ofEpochSecond(value.asLong());
	}

	private static @Nullable String text(JsonNode claims, String name) {
		JsonNode value = claims.get(name);
		return (value != null && value.isString()) ? value.asString() : null;
	}

	private static String required(JsonNode claims, String name) {
		String value = text(claims, name);
		if (value == null || value.isBlank() || value.length() > 200) {
			throw refused(name + " is required, a string of at most 200 characters");
		}
		return value;
	}

	private static org.springframework.security.oauth2.core.OAuth2AuthenticationException refused(String description) {
		return ApprovalError.badRequest("invalid_request", "transaction_challenge: " + description);
	}

	/**
	 * A resource's challenge keys.
	 */
	private record Keys(JWKSource<SecurityContext> source, Set<JWSAlgorithm> algorithms) {
	}

	/**
	 * A verified challenge.
	 *
	 * @param resource its issuer: the resource, the token's audience
	 * @param jti its identifier, used once
	 * @param txn its transaction identifier
	 * @param expiresAt when it expires
	 * @param authorizationDetails what it asks for, as sent
	 * @param reason why, for the user
	 * @param subject the subject of the base token of the challenged request
	 * @param subjectIssuer the issuer of that base token, or {@code null} for this server
	 */
	public record Verified(String resource, String jti, String txn, Instant expiresAt, JsonNode authorizationDetails,
			String reason, String subject, @Nullable String subjectIssuer) {
	}

}
