package dev.countersign.audit.verifier;

import java.security.Key;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * The public keys checkpoints are signed with: RSA and EC, as the server's signing keys.
 */
final class KeyMaterial {

	private KeyMaterial() {
	}

	static Key publicKey(JWK key) throws JOSEException {
		if (key instanceof RSAKey rsa) {
			return rsa.toRSAPublicKey();
		}
		if (key instanceof ECKey ec) {
			return ec.toECPublicKey();
		}
		throw new JOSEException("unsupported key type " + key.getKeyType());
	}

	static String describe(JWK key) {
		try {
			return key.getKeyID() + " (SHA-256 thumbprint " + key.computeThumbprint() + ")";
		}
		catch (JOSEException ex) {
			return String.valueOf(key.getKeyID());
		}
	}

}
