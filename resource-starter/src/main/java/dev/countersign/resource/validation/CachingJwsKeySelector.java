package dev.countersign.resource.validation;

import java.security.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import org.springframework.util.Assert;

/**
 * Selects verification keys like Nimbus's {@code JWSVerificationKeySelector} (algorithm
 * pinned, keys matched to the header's {@code kid} and algorithm from the JWK source),
 * but converts each JWK to a {@link java.security.PublicKey} once instead of on every
 * token: decoding an RSA modulus from base64 costs as much as a third of a verification.
 * Used for action tokens, and by the starter for the base token too
 * ({@link #cacheKeys(ConfigurableJWTProcessor)} on the JWT decoder Spring Boot builds).
 */
public final class CachingJwsKeySelector implements JWSKeySelector<SecurityContext> {

	private static final int MAX_CACHED_KEYS = 64;

	private final Predicate<JWSAlgorithm> algorithms;

	private final JWKSource<SecurityContext> source;

	private final Map<JWK, Key> publicKeys = new ConcurrentHashMap<>();

	CachingJwsKeySelector(Set<JWSAlgorithm> algorithms, JWKSource<SecurityContext> source) {
		this(pinned(algorithms), source);
	}

	private CachingJwsKeySelector(Predicate<JWSAlgorithm> algorithms, JWKSource<SecurityContext> source) {
		Assert.notNull(source, "source cannot be null");
		this.algorithms = algorithms;
		this.source = source;
	}

	private static Predicate<JWSAlgorithm> pinned(Set<JWSAlgorithm> algorithms) {
		Assert.notEmpty(algorithms, "algorithms cannot be empty");
		return Set.copyOf(algorithms)::contains;
	}

	/**
	 * Replaces a processor's {@link JWSVerificationKeySelector}, as Spring Security's
	 * {@code NimbusJwtDecoder} builds it, with this selector over the same JWK source and
	 * algorithms, and its {@link DefaultJWSVerifierFactory} with a
	 * {@link CachingJwsVerifierFactory}. A selector of another kind, or one that allows
	 * an HMAC algorithm (whose keys are secret, not converted here), is left as it is,
	 * and so is a verifier factory of another kind.
	 * @param processor the processor of a JWT decoder
	 */
	public static void cacheKeys(ConfigurableJWTProcessor<SecurityContext> processor) {
		if (processor.getJWSKeySelector() instanceof JWSVerificationKeySelector<SecurityContext> selector
				&& JWSAlgorithm.Family.HMAC_SHA.stream().noneMatch(selector::isAllowed)) {
			JWKSource<SecurityContext> source = selector.getJWKSource();
			processor.setJWSKeySelector(new CachingJwsKeySelector(selector::isAllowed, source));
			if (processor.getJWSVerifierFactory() instanceof DefaultJWSVerifierFactory) {
				processor.setJWSVerifierFactory(new CachingJwsVerifierFactory());
			}
		}
	}

	@Override
	public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
		if (!this.algorithms.test(header.getAlgorithm())) {
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
