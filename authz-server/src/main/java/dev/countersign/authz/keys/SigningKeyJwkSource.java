package dev.countersign.authz.keys;

import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * A {@link JWKSource} over {@link SigningKeys}: the JWK set endpoint publishes every
 * served key, the encoder signs with the one that has its private part.
 */
public final class SigningKeyJwkSource implements JWKSource<SecurityContext> {

	private final SigningKeys signingKeys;

	public SigningKeyJwkSource(SigningKeys signingKeys) {
		Assert.notNull(signingKeys, "signingKeys cannot be null");
		this.signingKeys = signingKeys;
	}

	@Override
	public List<JWK> get(JWKSelector jwkSelector, @Nullable SecurityContext context) {
		return jwkSelector.select(this.signingKeys.jwkSet());
	}

	/**
	 * Picks the signing key among the keys an encoder's selector matched: the one with a
	 * private part. For {@code NimbusJwtEncoder#setJwkSelector}.
	 * @param candidates the matching keys
	 * @return the signing key
	 */
	public static JWK signingKey(List<JWK> candidates) {
		return candidates.stream()
			.filter(JWK::isPrivate)
			.findFirst()
			.orElseThrow(
					() -> new IllegalStateException("No private signing key among " + candidates.size() + " keys"));
	}

}
