package dev.countersign.resource.validation;

import java.util.Date;
import java.util.Set;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The key selection the starter gives Spring Boot's JWT decoder of the base token.
 */
class CachingJwsKeySelectorTests {

	private static RSAKey key;

	private static ImmutableJWKSet<SecurityContext> keys;

	@BeforeAll
	static void key() throws Exception {
		key = new RSAKeyGenerator(2048).keyID("k1").generate();
		keys = new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK()));
	}

	@Test
	void cacheKeysWhenSpringsSelectorThenReplacedAndTokensStillVerified() throws Exception {
		DefaultJWTProcessor<SecurityContext> processor = processor(Set.of(JWSAlgorithm.RS256));
		CachingJwsKeySelector.cacheKeys(processor);
		assertThat(processor.getJWSKeySelector()).isInstanceOf(CachingJwsKeySelector.class);
		assertThat(processor.getJWSVerifierFactory()).isInstanceOf(CachingJwsVerifierFactory.class);
		assertThat(processor.process(token(JWSAlgorithm.RS256, "k1"), null).getSubject()).isEqualTo("alice");
		assertThat(processor.process(token(JWSAlgorithm.RS256, "k1"), null).getSubject()).isEqualTo("alice");
	}

	@Test
	void cacheKeysWhenAlgorithmNotAllowedOrKeyUnknownThenRefusedAsBefore() throws Exception {
		DefaultJWTProcessor<SecurityContext> processor = processor(Set.of(JWSAlgorithm.RS256));
		CachingJwsKeySelector.cacheKeys(processor);
		assertThatExceptionOfType(BadJOSEException.class)
			.isThrownBy(() -> processor.process(token(JWSAlgorithm.RS512, "k1"), null));
		assertThatExceptionOfType(BadJOSEException.class)
			.isThrownBy(() -> processor.process(token(JWSAlgorithm.RS256, "other"), null));
	}

	@Test
	void cacheKeysWhenVerifierFactoryOfItsOwnThenKeptAsItIs() {
		DefaultJWTProcessor<SecurityContext> processor = processor(Set.of(JWSAlgorithm.RS256));
		CachingJwsVerifierFactory own = new CachingJwsVerifierFactory();
		processor.setJWSVerifierFactory(own);
		CachingJwsKeySelector.cacheKeys(processor);
		assertThat(processor.getJWSVerifierFactory()).isSameAs(own);
	}

	@Test
	void cacheKeysWhenHmacAllowedThenSelectorLeftAsItIs() {
		DefaultJWTProcessor<SecurityContext> processor = processor(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.HS256));
		Object before = processor.getJWSKeySelector();
		Object factory = processor.getJWSVerifierFactory();
		CachingJwsKeySelector.cacheKeys(processor);
		assertThat(processor.getJWSKeySelector()).isSameAs(before);
		assertThat(processor.getJWSVerifierFactory()).isSameAs(factory);
	}

	private static DefaultJWTProcessor<SecurityContext> processor(Set<JWSAlgorithm> algorithms) {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSTypeVerifier((type, context) -> {
		});
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
		processor.setJWTClaimsSetVerifier((claims, context) -> {
		});
		return processor;
	}

	private static SignedJWT token(JWSAlgorithm algorithm, String keyId) throws Exception {
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(algorithm).type(new JOSEObjectType("at+jwt")).keyID(keyId).build(),
				new JWTClaimsSet.Builder().subject("alice")
					.expirationTime(new Date(System.currentTimeMillis() + 60_000))
					.build());
		jwt.sign(new RSASSASigner(key));
		return jwt;
	}

}
