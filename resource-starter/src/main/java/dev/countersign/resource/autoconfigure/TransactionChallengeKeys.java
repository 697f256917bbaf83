package dev.countersign.resource.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.text.ParseException;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;
import org.springframework.util.StringUtils;

import dev.countersign.resource.web.TransactionChallengeIssuer;

/**
 * The resource server's challenge signing key: configured as a JWK or in a PKCS #12 key
 * store (the same on every instance of the API), else generated for this instance alone,
 * which a start-up line says.
 */
final class TransactionChallengeKeys {

	private static final Log logger = LogFactory.getLog(TransactionChallengeKeys.class);

	private static final String PREFIX = "countersign.resource.transaction-challenge.";

	private TransactionChallengeKeys() {
	}

	static JWK load(CountersignResourceProperties.TransactionChallenge settings, String resource) {
		JWK key;
		if (StringUtils.hasText(settings.getJwk())) {
			try {
				key = JWK.parse(settings.getJwk());
			}
			catch (ParseException ex) {
				throw new IllegalStateException(PREFIX + "jwk is not a JWK: " + ex.getMessage(), ex);
			}
		}
		else if (settings.getKeyStore() != null) {
			key = fromKeyStore(settings.getKeyStore(), settings.getKeyStorePassword(), settings.getKeyAlias());
		}
		else {
			try {
				key = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
			}
			catch (JOSEException ex) {
				throw new IllegalStateException("no challenge signing key could be generated", ex);
			}
			logger.warn("Generated a transaction challenge signing key for this instance only: set " + PREFIX
					+ "jwk or " + PREFIX + "key-store so that every instance of " + resource
					+ " signs its challenges with the same key");
		}
		if (!key.isPrivate() || key.getKeyID() == null) {
			throw new IllegalStateException(PREFIX + "jwk must be a private key with a kid");
		}
		TransactionChallengeIssuer.algorithmOf(key);
		return key;
	}

	private static JWK fromKeyStore(Resource location, @Nullable String password, @Nullable String alias) {
		if (!StringUtils.hasText(alias)) {
			throw new IllegalStateException(PREFIX + "key-alias is required with " + PREFIX + "key-store");
		}
		char[] secret = (password != null) ? password.toCharArray() : new char[0];
		try (InputStream in = location.getInputStream()) {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(in, secret);
			JWK key = JWK.load(store, alias, secret);
			if (key == null) {
				throw new IllegalStateException(PREFIX + "key-store holds no key " + alias);
			}
			return key;
		}
		catch (IOException | GeneralSecurityException | JOSEException ex) {
			throw new IllegalStateException(PREFIX + "key-store cannot be read: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Where the public key is published by default:
	 * {@code /.well-known/txn-challenge-jwks} at the audience's origin.
	 * @param audience the resource identifier
	 * @return the URL
	 */
	static String defaultJwksUri(String audience) {
		URI uri = URI.create(audience);
		return uri.getScheme() + "://" + uri.getRawAuthority() + "/.well-known/txn-challenge-jwks";
	}

}
