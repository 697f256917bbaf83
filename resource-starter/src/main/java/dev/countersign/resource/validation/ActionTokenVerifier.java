package dev.countersign.resource.validation;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import tools.jackson.databind.JsonNode;

import dev.countersign.core.AuthorizationDetail;
import dev.countersign.core.ClaimNames;
import dev.countersign.core.StrictJson;
import dev.countersign.core.TokenTypes;
import org.springframework.util.Assert;

/**
 * Verifies action tokens: a Nimbus {@link DefaultJWTProcessor} with the {@code typ} pinned to
 * {@code action+jwt} (RFC 8725 explicit typing, so an access token never passes) and the
 * algorithms pinned by configuration, keys from the authorization server's JWK set; then issuer,
 * audience and lifetime with a small clock skew, each check named when it fails. The
 * {@code authorization_details} are read again from the signed payload with
 * {@link StrictJson}, so decimals keep their exact value.
 */
public final class ActionTokenVerifier {

	/** The largest clock skew allowed. */
	public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(30);

	private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

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
		this.processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType(TokenTypes.ACTION_TOKEN)));
		this.processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
		// the claims are checked below, one by one, so that a refusal names the check
		this.processor.setJWTClaimsSetVerifier((claims, context) -> {
		});
		this.issuer = issuer;
		this.audience = audience;
	}

	/**
	 * The clock skew tolerated on {@code exp} and {@code nbf}: 10 s by default, at most 30 s
	 * (Spring Security's 60 s default would double a 60 s token's life).
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
		SignedJWT jwt;
		try {
			jwt = SignedJWT.parse(token);
		}
		catch (ParseException ex) {
			throw new ActionTokenException("signature", "the action token is not a signed JWT");
		}
		JOSEObjectType type = jwt.getHeader().getType();
		if (type == null || !TokenTypes.ACTION_TOKEN.equals(type.getType())) {
			throw new ActionTokenException("typ", "typ must be " + TokenTypes.ACTION_TOKEN + ", not " + type);
		}
		JWTClaimsSet claims;
		try {
			claims = this.processor.process(jwt, null);
		}
		catch (BadJWSException ex) {
			throw new ActionTokenException("signature", "the signature does not verify: " + ex.getMessage());
		}
		catch (BadJOSEException | com.nimbusds.jose.JOSEException ex) {
			throw new ActionTokenException("signature", "the token cannot be verified: " + ex.getMessage());
		}
		if (!this.issuer.equals(claims.getIssuer())) {
			throw new ActionTokenException("iss", "iss must be " + this.issuer);
		}
		if (claims.getAudience() == null || !claims.getAudience().contains(this.audience)) {
			throw new ActionTokenException("aud", "aud must include " + this.audience);
		}
		Instant now = this.clock.instant();
		Date expiration = claims.getExpirationTime();
		if (expiration == null || !now.isBefore(expiration.toInstant().plus(this.clockSkew))) {
			throw new ActionTokenException("exp", "the action token expired");
		}
		Date notBefore = claims.getNotBeforeTime();
		if (notBefore != null && now.isBefore(notBefore.toInstant().minus(this.clockSkew))) {
			throw new ActionTokenException("nbf", "the action token is not valid yet");
		}
		Detail detail = detail(jwt);
		return new VerifiedActionToken(required(claims, "jti", claims.getJWTID()),
				required(claims, "sub", claims.getSubject()), stringClaim(claims, ClaimNames.CLIENT_ID),
				stringClaim(claims, ClaimNames.ACCESS_TOKEN_HASH), stringClaim(claims, ClaimNames.APPROVAL_ID),
				expiration.toInstant(), detail.type(), detail.parameters(), detail.fields());
	}

	private static Detail detail(SignedJWT jwt) {
		JsonNode payload = StrictJson.read(jwt.getPayload().toString());
		JsonNode details = payload.get(ClaimNames.AUTHORIZATION_DETAILS);
		if (details == null || !details.isArray() || details.size() != 1 || !details.get(0).isObject()) {
			throw new ActionTokenException("authorization_details", "authorization_details must hold exactly one object");
		}
		JsonNode detail = details.get(0);
		JsonNode type = detail.get(AuthorizationDetail.TYPE);
		JsonNode parameters = detail.get(AuthorizationDetail.PARAMETERS);
		if (type == null || !type.isString() || parameters == null || !parameters.isObject()) {
			throw new ActionTokenException("authorization_details", "authorization_details needs type and parameters");
		}
		Map<String, JsonNode> values = new LinkedHashMap<>();
		parameters.properties().forEach((entry) -> values.put(entry.getKey(), entry.getValue()));
		List<String> fields = null;
		JsonNode fieldsNode = detail.get(AuthorizationDetail.FIELDS);
		if (fieldsNode != null) {
			fields = new ArrayList<>();
			for (JsonNode field : fieldsNode) {
				fields.add(field.asString());
			}
		}
		return new Detail(type.asString(), values, fields);
	}

	private static String stringClaim(JWTClaimsSet claims, String name) {
		try {
			return required(claims, name, claims.getStringClaim(name));
		}
		catch (ParseException ex) {
			throw new ActionTokenException(name, name + " must be a string");
		}
	}

	private static String required(JWTClaimsSet claims, String name, String value) {
		if (value == null || value.isEmpty()) {
			throw new ActionTokenException(name, name + " is missing");
		}
		return value;
	}

	private record Detail(String type, Map<String, JsonNode> parameters, List<String> fields) {
	}

}
