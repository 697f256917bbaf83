package dev.countersign.resource.validation;

import java.security.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.util.Assert;

/**
 * Selects verification keys like Nimbus's {@code JWSVerificationKeySelector} (algorithm
 * pinned, keys matched to the header's {@code kid} and algorithm from the JWK source),
 * but converts each JWK to a {@link java.security.PublicKey} once instead of on every
 * token: decoding an RSA modulus from base64 costs as much as a third of a verification.
 */
final class CachingJwsKeySelector implements JWSKeySelector<SecurityContext> {

	private static final int MAX_CACHED_KEYS = 64;

	private final Set<JWSAlgorithm> algorithms;

	private final JWKSource<SecurityContext> source;

	private final Map<JWK, Key> publicKeys = new ConcurrentHashMap<>();

	CachingJwsKeySelector(Set<JWSAlgorithm> algorithms, JWKSource<SecurityContext> source) {
		Assert.notEmpty(algorithms, "algorithms cannot be empty");
		Assert.notNull(source, "source cannot be null");
		this.algorithms = Set.copyOf(algorithms);
		this.source = source;
	}

	@Override
	public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
		if (!this.algorithms.contains(header.getAlgorithm())) {
			return List.of();
		}
		JWKMatcher matcher = JWKMatcher.forJWSHeader(header);
		if (matcher == null) {
			return List.of();
		}
		List<Key> keys = new ArrayList<>();
		for (JWK jwk : this.source.get(new JWKSelector(matcher), context)) {
			if (jwk instanceof AsymmetricJWK asymmetric) {
				if (this.publicKeys.size() > MAX_CACHED_KEYS) {
					this.publicKeys.clear(); // keys rotated many times: start over
				}
				keys.add(this.publicKeys.computeIfAbsent(jwk, (k) -> toPublicKey(asymmetric)));
			}
		}
		return keys;
	}

	private static Key toPublicKey(AsymmetricJWK jwk) {
		try {
			return jwk.toPublicKey();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("unusable JWK: " + ex.getMessage(), ex);
		}
	}

}
