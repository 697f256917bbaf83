package dev.countersign.resource.validation;

import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;
import tools.jackson.databind.JsonNode;

import dev.countersign.core.AuthorizationDetail;
import dev.countersign.core.ClaimNames;
import dev.countersign.core.StrictJson;
import dev.countersign.core.TokenTypes;

/**
 * Verifies action tokens: {@code typ} pinned to {@code action+jwt} (RFC 8725 explicit
 * typing, so an access token never passes), the algorithm pinned by configuration (never
 * the header's choice alone), the signature against the authorization server's JWK set;
 * then issuer, audience and lifetime with a small clock skew, each check named when it
 * fails.
 * <p>
 * This is what Nimbus's {@code DefaultJWTProcessor} does, done directly for speed on the
 * request path: the payload is decoded and read once, with {@link StrictJson} so that
 * decimals keep their exact value, and the verifier of each key is built once.
 */
public final class ActionTokenVerifier {

	/** The largest clock skew allowed. */
	public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(30);

	private final JWSKeySelector<SecurityContext> keys;

	private final Set<JWSAlgorithm> algorithms;

	private final CachingJwsVerifierFactory verifiers = new CachingJwsVerifierFactory();

	private final String issuer;

	private final String audience;

	private Duration clockSkew = Duration.ofSeconds(10);

	private Clock clock = Clock.systemUTC();

	public ActionTokenVerifier(JWKSource<SecurityContext> keys, Set<JWSAlgorithm> algorithms, String issuer,
			String audience) {
		Assert.notNull(keys, "keys cannot be null");
		Assert.notEmpty(algorithms, "algorithms cannot be empty");
		Assert.hasText(issuer, "issuer cannot be empty");
		Assert.hasText(audience, "audience cannot be empty");
		this.keys = new CachingJwsKeySelector(algorithms, keys);
		this.algorithms = Set.copyOf(algorithms);
		this.issuer = issuer;
		this.audience = audience;
	}

	/**
	 * The clock skew tolerated on {@code exp} and {@code nbf}: 10 s by default, at most
	 * 30 s (Spring Security's 60 s default would double a 60 s token's life).
	 * @param clockSkew the skew
	 */
	public void setClockSkew(Duration clockSkew) {
		Assert.notNull(clockSkew, "clockSkew cannot be null");
		Assert.isTrue(!clockSkew.isNegative() && clockSkew.compareTo(MAX_CLOCK_SKEW) <= 0,
				"clockSkew must be between 0 and 30 seconds");
		this.clockSkew = clockSkew;
	}

	public Duration getClockSkew() {
		return this.clockSkew;
	}

	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Verifies a token.
	 * @param token the compact JWS
	 * @return the verified token
	 * @throws ActionTokenException naming the failed check
	 */
	public VerifiedActionToken verify(String token) {
		SignedJWT jwt = parse(token, "action token");
		JWSHeader header = jwt.getHeader();
		JOSEObjectType type = header.getType();
		if (type == null || !TokenTypes.ACTION_TOKEN.equals(type.getType())) {
			throw new ActionTokenException("typ", "typ must be " + TokenTypes.ACTION_TOKEN + ", not " + type);
		}
		if (!this.algorithms.contains(header.getAlgorithm())) {
			throw new ActionTokenException("signature", "algorithm " + header.getAlgorithm() + " is not accepted");
		}
		verifySignature(jwt, header);
		JsonNode claims = readClaims(jwt);
		Instant expiration = checkIssuerAudienceLifetime(claims, "action token");
		Detail detail = detail(claims);
		return new VerifiedActionToken(required(claims, "jti"), required(claims, "sub"),
				required(claims, ClaimNames.CLIENT_ID), required(claims, ClaimNames.ACCESS_TOKEN_HASH),
				required(claims, ClaimNames.APPROVAL_ID), expiration, detail.type(), detail.parameters(),
				detail.fields());
	}

	/**
	 * Reads a transaction access token (an RFC 9068 access token with {@code txn}) that
	 * the application's JWT decoder verified as its bearer token: checked again here are
	 * the issuer (this authorization server's, whichever issuers the application accepts
	 * base tokens from), the audience and the lifetime, then its {@code txn}, {@code jti}
	 * and its one {@code authorization_details} entry are read with the exact values of
	 * the payload.
	 * @param token the verified compact JWS
	 * @return the token, its {@code txn} as the approval
	 * @throws ActionTokenException naming the failed check
	 */
	public VerifiedActionToken readTransactionToken(String token) {
		SignedJWT jwt = parse(token, "transaction access token");
		JsonNode claims = readClaims(jwt);
		Instant expiration = checkIssuerAudienceLifetime(claims, "transaction access token");
		Detail detail = detail(claims);
		String subject = required(claims, "sub");
		return new VerifiedActionToken(required(claims, "jti"), subject, required(claims, ClaimNames.CLIENT_ID), "",
				required(claims, ClaimNames.TRANSACTION), expiration, detail.type(), detail.parameters(),
				detail.fields());
	}

	private static SignedJWT parse(String token, String what) {
		try {
			return SignedJWT.parse(token);
		}
		catch (ParseException ex) {
			throw new ActionTokenException("signature", "the " + what + " is not a signed JWT");
		}
	}

	/**
	 * The claims every token of this verifier must have right: this issuer, this
	 * audience, a lifetime that holds now within the clock skew.
	 * @param claims the payload
	 * @param what the kind of token, for the refusals
	 * @return its expiry
	 */
	private Instant checkIssuerAudienceLifetime(JsonNode claims, String what) {
		if (!this.issuer.equals(text(claims, "iss"))) {
			throw new ActionTokenException("iss", "iss must be " + this.issuer);
		}
		if (!audiences(claims).contains(this.audience)) {
			throw new ActionTokenException("aud", "aud must include " + this.audience);
		}
		Instant now = this.clock.instant();
		Instant expiration = instant(claims, "exp");
		if (expiration == null || !now.isBefore(expiration.plus(this.clockSkew))) {
			throw new ActionTokenException("exp", "the " + what + " expired");
		}
		Instant notBefore = instant(claims, "nbf");
		if (notBefore != null && now.isBefore(notBefore.minus(this.clockSkew))) {
			throw new ActionTokenException("nbf", "the " + what + " is not valid yet");
		}
		return expiration;
	}

	private void verifySignature(SignedJWT jwt, JWSHeader header) {
		List<? extends Key> candidates;
		try {
			candidates = this.keys.selectJWSKeys(header, null);
		}
		catch (KeySourceException ex) {
			throw new ActionTokenException("signature",
					"the authorization server's keys cannot be fetched: " + ex.getMessage());
		}
		for (Key key : candidates) {
			try {
				// the header's algorithm was checked above; a key of another family is
				// refused by the factory
				if (jwt.verify(this.verifiers.createJWSVerifier(header, key))) {
					return;
				}
			}
			catch (JOSEException ex) {
				// try the next key
			}
		}
		throw new ActionTokenException("signature", candidates.isEmpty()
				? "no key of the authorization server matches the token" : "the signature does not verify");
	}

	private static JsonNode readClaims(SignedJWT jwt) {
		try {
			// the JDK's decoder: several times faster than Nimbus's own codec on the
			// request path
			JsonNode claims = StrictJson.read(Base64.getUrlDecoder().decode(jwt.getParsedParts()[1].toString()));
			if (claims == null || !claims.isObject()) {
				throw new ActionTokenException("signature", "the payload is not a JSON object");
			}
			return claims;
		}
		catch (IllegalArgumentException ex) {
			throw new ActionTokenException("signature", "the payload is not base64url JSON: " + ex.getMessage());
		}
	}

	private static Set<String> audiences(JsonNode claims) {
		JsonNode aud = claims.get("aud");
		if (aud == null) {
			return Set.of();
		}
		if (aud.isString()) {
			return Set.of(aud.asString());
		}
		java.util.Set<String> values = new java.util.HashSet<>();
		for (JsonNode value : aud) {
			if (value.isString()) {
				values.add(value.asString());
			}
		}
		return values;
	}

	private static @Nullable Instant instant(JsonNode claims, String name) {
		JsonNode value = claims.get(name);
		if (value == null) {
			return null;
		}
		if (!value.isNumber()) {
			throw new ActionTokenException(name, name + " must be a number");
		}
		return Instant.ofEpochSecond(value.asLong());
	}

	private static @Nullable String text(JsonNode claims, String name) {
		JsonNode value = claims.get(name);
		return (value != null && value.isString()) ? value.asString() : null;
	}

	private static String required(JsonNode claims, String name) {
		String value = text(claims, name);
		if (value == null || value.isEmpty()) {
			throw new ActionTokenException(name, name + " is missing");
		}
		return value;
	}

	private static Detail detail(JsonNode claims) {
		JsonNode details = claims.get(ClaimNames.AUTHORIZATION_DETAILS);
		if (details == null || !details.isArray() || details.size() != 1 || !details.get(0).isObject()) {
			throw new ActionTokenException("authorization_details",
					"authorization_details must hold exactly one object");
		}
		JsonNode detail = details.get(0);
		JsonNode type = detail.get(AuthorizationDetail.TYPE);
		JsonNode parameters = detail.get(AuthorizationDetail.PARAMETERS);
		if (type == null || !type.isString() || parameters == null || !parameters.isObject()) {
			throw new ActionTokenException("authorization_details", "authorization_details needs type and parameters");
		}
		Map<String, JsonNode> values = new LinkedHashMap<>();
		parameters.properties().forEach((entry) -> values.put(entry.getKey(), entry.getValue()));
		List<String> fields = AuthorizationDetail.fieldsOf(detail);
		return new Detail(type.asString(), values, fields);
	}

	private record Detail(String type, Map<String, JsonNode> parameters, @Nullable List<String> fields) {
	}

}
