package dev.countersign.resource.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.factories.DefaultJWSSignerFactory;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * Signs the transaction authorization challenges of this resource server
 * (draft-rosomakho-oauth-txn-challenge-00 section 3): a JWS typed
 * {@code txn-authz-challenge+jwt}, signed with the resource server's own key (RS256 for
 * an RSA key, ES256 or ES384 for an EC key), carrying {@code iss} (this resource),
 * {@code aud} (the Countersign issuer), {@code iat}, {@code exp}, {@code jti}, a fresh
 * {@code txn}, the {@code authorization_details} the call needs, the {@code reason}, and,
 * binding the challenge to the challenged request, the base token's {@code sub} and its
 * issuer as {@code sub_iss}: only that user can approve it.
 */
public final class TransactionChallengeIssuer {

	/** The {@code typ} of a challenge. */
	public static final String TYPE = "txn-authz-challenge+jwt";

	private final JWK key;

	private final JWSAlgorithm algorithm;

	private final JWSSigner signer;

	private final String resource;

	private final String authorizationServer;

	private Duration lifetime = Duration.ofMinutes(5);

	private Clock clock = Clock.systemUTC();

	/**
	 * Creates the issuer.
	 * @param key the private signing key, with its {@code kid}
	 * @param resource this resource's identifier, the challenges' {@code iss}
	 * @param authorizationServer the Countersign issuer, their {@code aud}
	 */
	public TransactionChallengeIssuer(JWK key, String resource, String authorizationServer) {
		Assert.notNull(key, "key cannot be null");
		Assert.isTrue(key.isPrivate(), "the challenge signing key must hold its private part");
		Assert.hasText(key.getKeyID(), "the challenge signing key needs a kid");
		Assert.hasText(resource, "resource cannot be empty");
		Assert.hasText(authorizationServer, "authorizationServer cannot be empty");
		this.key = key;
		this.algorithm = algorithmOf(key);
		try {
			this.signer = new DefaultJWSSignerFactory().createJWSSigner(key, this.algorithm);
		}
		catch (JOSEException ex) {
			throw new IllegalArgumentException("the challenge signing key cannot sign: " + ex.getMessage(), ex);
		}
		this.resource = resource;
		this.authorizationServer = authorizationServer;
	}

	/**
	 * The algorithm of a key: RS256 for RSA, ES256 for P-256, ES384 for P-384.
	 * @param key the key
	 * @return the algorithm
	 * @throws IllegalArgumentException for any other key
	 */
	public static JWSAlgorithm algorithmOf(JWK key) {
		if (key instanceof RSAKey) {
			return JWSAlgorithm.RS256;
		}
		if (key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
			return JWSAlgorithm.ES256;
		}
		if (key instanceof ECKey ec && Curve.P_384.equals(ec.getCurve())) {
			return JWSAlgorithm.ES384;
		}
		throw new IllegalArgumentException("the challenge signing key must be RSA, or EC on P-256 or P-384");
	}

	public void setLifetime(Duration lifetime) {
		Assert.isTrue(!lifetime.isNegative() && !lifetime.isZero() && lifetime.compareTo(Duration.ofMinutes(10)) <= 0,
				"the challenge lifetime must be positive and at most 10 minutes");
		this.lifetime = lifetime;
	}

	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	public JWSAlgorithm algorithm() {
		return this.algorithm;
	}

	/**
	 * The public JWK Set that verifies the challenges.
	 * @return the JSON document
	 */
	public String publicJwkSet() {
		return new JWKSet(this.key.toPublicJWK()).toString();
	}

	/**
	 * A challenge for one call.
	 * @param subject the base token's subject
	 * @param subjectIssuer the base token's issuer, or {@code null}
	 * @param authorizationDetails what the call needs, in canonical form
	 * @param reason why, for the user
	 * @return the JWS compact serialization
	 */
	public String challenge(String subject, @Nullable String subjectIssuer,
			List<Map<String, Object>> authorizationDetails, String reason) {
		Instant now = this.clock.instant();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(this.resource)
			.audience(this.authorizationServer)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(this.lifetime)))
			.jwtID(UUID.randomUUID().toString())
			.claim("txn", UUID.randomUUID().toString())
			.claim("authorization_details", authorizationDetails)
			.claim("reason", reason)
			.subject(subject);
		if (subjectIssuer != null) {
			claims.claim("sub_iss", subjectIssuer);
		}
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(this.algorithm).type(new JOSEObjectType(TYPE)).keyID(this.key.getKeyID()).build(),
				claims.build());
		try {
			jwt.sign(this.signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("the challenge could not be signed", ex);
		}
		return jwt.serialize();
	}

}
