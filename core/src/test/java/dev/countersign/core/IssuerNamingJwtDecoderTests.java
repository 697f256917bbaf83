package dev.countersign.core;

import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IssuerNamingJwtDecoderTests {

	private static final String ISSUER = "http://localhost:9000";

	private final RSAKey key = generate("own");

	private final JwtDecoder decoder = decoder();

	@Test
	void decodeWhenTheDelegateAcceptsThenTheSameJwt() {
		assertThat(IssuerNamingJwtDecoder.ownTokens(this.decoder, ISSUER).decode(token(ISSUER, this.key)).getIssuer())
			.hasToString(ISSUER);
	}

	@Test
	void decodeWhenAnotherIssuersTokenThenNamesBothIssuers() {
		assertThatExceptionOfType(BadJwtException.class)
			.isThrownBy(() -> IssuerNamingJwtDecoder.trustedIssuer(this.decoder, ISSUER)
				.decode(token("https://idp.example", generate("idp"))))
			.withMessage("the bearer token was not issued by the issuer this API trusts (iss https://idp.example); "
					+ "this API accepts only the access tokens of " + ISSUER);
	}

	@Test
	void decodeWhenAnotherIssuerSignedWithTheRightKeyThenStillRefused() {
		// the validators refuse it; the wording names the issuer; nothing is accepted on
		// the unverified iss
		assertThatExceptionOfType(BadJwtException.class)
			.isThrownBy(() -> IssuerNamingJwtDecoder.ownTokens(this.decoder, ISSUER)
				.decode(token("https://idp.example", this.key)))
			.withMessageStartingWith("the bearer token was not issued by this server (iss https://idp.example)");
	}

	@Test
	void decodeWhenRightIssuerButAnotherKeyThenSaysTheSignatureFails() {
		assertThatExceptionOfType(BadJwtException.class)
			.isThrownBy(
					() -> IssuerNamingJwtDecoder.ownTokens(this.decoder, ISSUER).decode(token(ISSUER, generate("x"))))
			.withMessage("the bearer token's signature does not verify with any key of this server");
	}

	@Test
	void decodeWhenNoJwtThenTheDelegatesOwnRefusal() {
		assertThatExceptionOfType(BadJwtException.class)
			.isThrownBy(() -> IssuerNamingJwtDecoder.trustedIssuer(this.decoder, null).decode("not-a-jwt"))
			.withMessageContaining("Malformed");
	}

	private JwtDecoder decoder() {
		try {
			NimbusJwtDecoder nimbus = NimbusJwtDecoder.withPublicKey(this.key.toRSAPublicKey()).build();
			nimbus.setJwtValidator(new JwtIssuerValidator(ISSUER));
			return nimbus;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String token(String issuer, RSAKey signer) {
		try {
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt"))
						.keyID(signer.getKeyID())
						.build(),
					new JWTClaimsSet.Builder().issuer(issuer)
						.subject("alice")
						.expirationTime(Date.from(Instant.now().plusSeconds(60)))
						.build());
			jwt.sign(new RSASSASigner(signer));
			return jwt.serialize();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static RSAKey generate(String id) {
		try {
			return new RSAKeyGenerator(2048).keyID(id).generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
