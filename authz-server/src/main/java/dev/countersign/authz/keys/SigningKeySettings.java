package dev.countersign.authz.keys;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How signing keys are made and rotated ({@code countersign.keys.*}).
 *
 * @param algorithm the JWS algorithm of new keys
 * @param rsaKeySize the size of new RSA keys
 * @param refreshInterval how long an instance serves its cached copy of the key table
 * @param activationDelay how long after a rotation the new key starts signing
 * @param retireAfter how long a replaced key keeps verifying after its successor signs
 */
public record SigningKeySettings(String algorithm, int rsaKeySize, Duration refreshInterval, Duration activationDelay,
		Duration retireAfter) {

	public SigningKeySettings {
		Assert.hasText(algorithm, "algorithm cannot be empty");
		Assert.notNull(refreshInterval, "refreshInterval cannot be null");
		Assert.notNull(activationDelay, "activationDelay cannot be null");
		Assert.notNull(retireAfter, "retireAfter cannot be null");
	}

}
