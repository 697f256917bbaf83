package dev.countersign.resource.validation;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The verifiers the starter builds once per key, for action tokens and the base token.
 */
class CachingJwsVerifierFactoryTests {

	private static RSAKey rsa;

	private static RSAKey otherRsa;

	private static ECKey ec;

	private final CachingJwsVerifierFactory factory = new CachingJwsVerifierFactory();

	@BeforeAll
	static void keys() throws Exception {
		rsa = new RSAKeyGenerator(2048).generate();
		otherRsa = new RSAKeyGenerator(2048).generate();
		ec = new ECKeyGenerator(Curve.P_256).generate();
	}

	@Test
	void createWhenRsaKeyThenEveryRsaAlgorithmVerifiesAndTheVerifierIsBuiltOnce() throws Exception {
		for (JWSAlgorithm algorithm : Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
				JWSAlgorithm.PS256)) {
			JWSObject jws = signed(new JWSHeader(algorithm), rsa);
			assertThat(jws.verify(this.factory.createJWSVerifier(jws.getHeader(), rsa.toPublicKey()))).isTrue();
		}
		JWSHeader header = new JWSHeader(JWSAlgorithm.RS256);
		assertThat(this.factory.createJWSVerifier(header, rsa.toPublicKey()))
			.isSameAs(this.factory.createJWSVerifier(header, rsa.toPublicKey()));
	}

	@Test
	void verifyWhenSignedByAnotherKeyOrAlteredThenFalse() throws Exception {
		JWSObject jws = signed(new JWSHeader(JWSAlgorithm.RS256), otherRsa);
		JWSVerifier verifier = this.factory.createJWSVerifier(jws.getHeader(), rsa.toPublicKey());
		assertThat(jws.verify(verifier)).isFalse();
		JWSObject mine = signed(new JWSHeader(JWSAlgorithm.RS256), rsa);
		byte[] signature = mine.getSignature().decode();
		signature[10] ^= 1;
		assertThat(verifier.verify(mine.getHeader(), mine.getSigningInput(), Base64URL.encode(signature))).isFalse();
		assertThat(verifier.verify(mine.getHeader(), "other".getBytes(StandardCharsets.US_ASCII), mine.getSignature()))
			.isFalse();
	}

	@Test
	void verifyWhenSignatureIsNotBase64UrlThenFalse() throws Exception {
		JWSObject jws = signed(new JWSHeader(JWSAlgorithm.RS256), rsa);
		JWSVerifier verifier = this.factory.createJWSVerifier(jws.getHeader(), rsa.toPublicKey());
		assertThat(verifier.verify(jws.getHeader(), jws.getSigningInput(), new Base64URL("*" + jws.getSignature())))
			.isFalse();
		String standardAlphabet = jws.getSignature().toString().replace('-', '+').replace('_', '/');
		if (!standardAlphabet.equals(jws.getSignature().toString())) {
			assertThat(verifier.verify(jws.getHeader(), jws.getSigningInput(), new Base64URL(standardAlphabet)))
				.isFalse();
		}
	}

	@Test
	void verifyWhenCriticalHeaderParameterThenFalse() throws Exception {
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).criticalParams(Set.of("exp"))
			.customParam("exp", 1)
			.build();
		JWSObject jws = signed(header, rsa);
		assertThat(jws.verify(this.factory.createJWSVerifier(header, rsa.toPublicKey()))).isFalse();
	}

	@Test
	void createWhenEcKeyThenNimbusVerifierKeptPerKey() throws Exception {
		JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.ES256), new Payload("{\"sub\":\"alice\"}"));
		jws.sign(new ECDSASigner(ec));
		JWSVerifier verifier = this.factory.createJWSVerifier(jws.getHeader(), ec.toPublicKey());
		assertThat(verifier).isInstanceOf(ECDSAVerifier.class);
		assertThat(jws.verify(verifier)).isTrue();
		assertThat(this.factory.createJWSVerifier(jws.getHeader(), ec.toPublicKey())).isSameAs(verifier);
	}

	@Test
	void createWhenAlgorithmDoesNotFitTheKeyThenRefused() {
		assertThatExceptionOfType(JOSEException.class)
			.isThrownBy(() -> this.factory.createJWSVerifier(new JWSHeader(JWSAlgorithm.ES256), rsa.toPublicKey()));
		assertThatExceptionOfType(JOSEException.class)
			.isThrownBy(() -> this.factory.createJWSVerifier(new JWSHeader(JWSAlgorithm.RS256), ec.toPublicKey()));
	}

	@Test
	void createWhenRsaKeyCachedThenAnEcAlgorithmIsStillRefused() throws Exception {
		this.factory.createJWSVerifier(new JWSHeader(JWSAlgorithm.RS256), rsa.toPublicKey());
		assertThatExceptionOfType(JOSEException.class)
			.isThrownBy(() -> this.factory.createJWSVerifier(new JWSHeader(JWSAlgorithm.ES256), rsa.toPublicKey()));
	}

	@Test
	void createWhenSecretKeyThenNimbusVerifierNotCached() throws Exception {
		SecretKeySpec secret = new SecretKeySpec(new byte[32], "HmacSHA256");
		JWSHeader header = new JWSHeader(JWSAlgorithm.HS256);
		JWSVerifier verifier = this.factory.createJWSVerifier(header, secret);
		assertThat(verifier).isInstanceOf(MACVerifier.class);
		assertThat(this.factory.createJWSVerifier(header, secret)).isNotSameAs(verifier);
	}

	private static JWSObject signed(JWSHeader header, RSAKey key) throws Exception {
		JWSObject jws = new JWSObject(header, new Payload("{\"sub\":\"alice\"}"));
		jws.sign(new RSASSASigner(key));
		return jws;
	}

}
