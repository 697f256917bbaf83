package dev.countersign.resource.validation;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ActionTokenVerifierTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private static RSAKey key;

	private static RSAKey otherKey;

	private static ActionTokenVerifier verifier;

	@BeforeAll
	static void keys() throws Exception {
		key = new RSAKeyGenerator(2048).keyID("k1").generate();
		otherKey = new RSAKeyGenerator(2048).keyID("k1").generate();
		verifier = new ActionTokenVerifier(new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())),
				Set.of(JWSAlgorithm.RS256), "http://localhost:9000", "http://localhost:8080");
		verifier.setClock(Clock.fixed(NOW, ZoneOffset.UTC));
	}

	@Test
	void verifyWhenValidThenClaimsAndExactParameters() throws Exception {
		VerifiedActionToken token = verifier.verify(token("action+jwt", key, (claims) -> {
		}));
		assertThat(token.subject()).isEqualTo("alice");
		assertThat(token.clientId()).isEqualTo("demo-client");
		assertThat(token.accessTokenHash()).isEqualTo("ath-value");
		assertThat(token.type()).isEqualTo("payments.transfer");
		assertThat(token.parameters().get("amount").decimalValue())
			.isEqualTo(new BigDecimal("0.1000000000000000000001"));
		assertThat(token.fields()).isNull();
	}

	@Test
	void verifyWhenAccessTokenTypeThenTypRefused() {
		assertRefused("typ", token("at+jwt", key, (claims) -> {
		}));
	}

	@Test
	void verifyWhenSignedByAnotherKeyThenSignatureRefused() {
		assertRefused("signature", token("action+jwt", otherKey, (claims) -> {
		}));
	}

	@Test
	void verifyWhenIssuerOrAudienceWrongThenNamed() {
		assertRefused("iss", token("action+jwt", key, (claims) -> claims.issuer("http://evil.example")));
		assertRefused("aud", token("action+jwt", key, (claims) -> claims.audience("http://other.example")));
	}

	@Test
	void verifyWhenExpiredBeyondSkewThenRefusedWithinSkewAccepted() {
		assertRefused("exp",
				token("action+jwt", key, (claims) -> claims.expirationTime(Date.from(NOW.minusSeconds(11)))));
		verifier.verify(token("action+jwt", key, (claims) -> claims.expirationTime(Date.from(NOW.minusSeconds(9)))));
		assertRefused("nbf",
				token("action+jwt", key, (claims) -> claims.notBeforeTime(Date.from(NOW.plusSeconds(11)))));
	}

	@Test
	void verifyWhenClaimMissingThenNamed() {
		assertRefused("ath", token("action+jwt", key, (claims) -> claims.claim("ath", null)));
		assertRefused("authorization_details",
				token("action+jwt", key, (claims) -> claims.claim("authorization_details", List.of())));
	}

	@Test
	void setClockSkewWhenOverThirtySecondsThenRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> verifier.setClockSkew(Duration.ofSeconds(31)));
	}

	private static void assertRefused(String check, String token) {
		assertThatExceptionOfType(ActionTokenException.class).isThrownBy(() -> verifier.verify(token))
			.satisfies((ex) -> assertThat(ex.getCheck()).isEqualTo(check));
	}

	private static String token(String type, RSAKey signingKey, Consumer<JWTClaimsSet.Builder> change) {
		try {
			JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer("http://localhost:9000")
				.subject("alice")
				.audience("http://localhost:8080")
				.issueTime(Date.from(NOW))
				.notBeforeTime(Date.from(NOW))
				.expirationTime(Date.from(NOW.plusSeconds(60)))
				.jwtID("jti-1")
				.claim("client_id", "demo-client")
				.claim("ath", "ath-value")
				.claim("approval_id", "ap-1")
				.claim("authorization_details", List.of(Map.of("type", "payments.transfer", "parameters",
						Map.of("amount", new BigDecimal("0.1000000000000000000001")))));
			change.accept(claims);
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType(type)).keyID("k1").build(),
					claims.build());
			jwt.sign(new RSASSASigner(signingKey));
			return jwt.serialize();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
