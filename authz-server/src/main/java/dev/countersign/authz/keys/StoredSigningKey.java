package dev.countersign.authz.keys;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A signing key as stored: the public JWK in clear, the private key encrypted.
 *
 * @param kid the key id, also the JWK {@code kid}
 * @param algorithm the JWS algorithm the key signs with
 * @param publicJwk the public JWK as JSON
 * @param encryptedPrivateKey the PKCS #8 private key, encrypted by
 * {@link PrivateKeyEncryptor}
 * @param createdAt when the key was made
 * @param activatesAt from when it signs
 * @param retiresAt from when it is no longer served; {@code null} while it is the newest
 */
public record StoredSigningKey(String kid, String algorithm, String publicJwk, byte[] encryptedPrivateKey,
		Instant createdAt, Instant activatesAt, @Nullable Instant retiresAt) {

	/**
	 * Whether the key is published (verifies) at a given time.
	 * @param now the time
	 * @return {@code true} unless retired
	 */
	public boolean isServedAt(Instant now) {
		return this.retiresAt == null || this.retiresAt.isAfter(now);
	}

	/**
	 * Whether the key may sign at a given time.
	 * @param now the time
	 * @return {@code true} when activated and not retired
	 */
	public boolean isActiveAt(Instant now) {
		return !this.activatesAt.isAfter(now) && isServedAt(now);
	}

}
