package dev.countersign.authz.keys;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import dev.countersign.authz.settings.InvalidSettingException;

/**
 * Makes signing keys for one JWS algorithm and turns stored keys back into JWKs.
 */
final class SigningKeyGenerator {

	private final JWSAlgorithm algorithm;

	private final int rsaKeySize;

	SigningKeyGenerator(String algorithm, int rsaKeySize) {
		JWSAlgorithm parsed = JWSAlgorithm.parse(algorithm);
		if (!SigningKeys.SUPPORTED_ALGORITHMS.contains(parsed.getName())) {
			throw new InvalidSettingException("countersign.keys.algorithm",
					"is '" + algorithm + "', which is not supported",
					"Use one of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512.");
		}
		this.algorithm = parsed;
		this.rsaKeySize = rsaKeySize;
	}

	JWSAlgorithm algorithm() {
		return this.algorithm;
	}

	/**
	 * Generates a key pair.
	 * @param kid the key id
	 * @return the private JWK
	 */
	JWK generate(String kid) {
		try {
			if (JWSAlgorithm.Family.EC.contains(this.algorithm)) {
				return new ECKeyGenerator(Curve.forJWSAlgorithm(this.algorithm).iterator().next()).keyID(kid)
					.keyUse(KeyUse.SIGNATURE)
					.algorithm(this.algorithm)
					.generate();
			}
			return new RSAKeyGenerator(this.rsaKeySize).keyID(kid)
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(this.algorithm)
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Could not generate a " + this.algorithm + " key", ex);
		}
	}

	/**
	 * The PKCS #8 encoding of a private JWK.
	 * @param jwk the key
	 * @return the encoded private key
	 */
	static byte[] encodePrivate(JWK jwk) {
		try {
			PrivateKey privateKey = (jwk instanceof ECKey ec) ? ec.toPrivateKey() : jwk.toRSAKey().toPrivateKey();
			return privateKey.getEncoded();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Could not encode private key " + jwk.getKeyID(), ex);
		}
	}

	/**
	 * Joins a stored public JWK with its decrypted private key.
	 * @param publicJwk the public JWK as JSON
	 * @param pkcs8 the encoded private key
	 * @return the private JWK
	 */
	static JWK withPrivate(String publicJwk, byte[] pkcs8) {
		try {
			JWK jwk = JWK.parse(publicJwk);
			PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
			if (jwk instanceof ECKey ec) {
				return new ECKey.Builder(ec).privateKey(KeyFactory.getInstance("EC").generatePrivate(spec)).build();
			}
			RSAKey rsa = jwk.toRSAKey();
			return new RSAKey.Builder(rsa).privateKey(KeyFactory.getInstance("RSA").generatePrivate(spec)).build();
		}
		catch (ParseException | java.security.GeneralSecurityException ex) {
			throw new IllegalStateException("Stored signing key cannot be read", ex);
		}
	}

	/**
	 * Reads a stored public JWK.
	 * @param publicJwk the JSON
	 * @return the public JWK
	 */
	static JWK parsePublic(String publicJwk) {
		try {
			return JWK.parse(publicJwk);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("Stored public key cannot be read", ex);
		}
	}

}
