package dev.countersign.authz.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import dev.countersign.authz.settings.InvalidSettingException;

/**
 * Encrypts private keys at rest with AES-256-GCM under a key from configuration. The key
 * id is bound as additional authenticated data, so a ciphertext moved to another row does
 * not decrypt. Output: a 12-byte random IV followed by the ciphertext and its 16-byte
 * tag.
 */
public final class PrivateKeyEncryptor {

	static final String SETTING = "countersign.keys.encryption-key";

	private static final String ACTION = "Set " + SETTING
			+ " (environment variable COUNTERSIGN_KEYS_ENCRYPTIONKEY) to a base64 encoded 32-byte key, "
			+ "for example the output of 'openssl rand -base64 32', and keep it out of the database.";

	private static final int IV_LENGTH = 12;

	private static final int TAG_BITS = 128;

	private final SecretKeySpec key;

	private final SecureRandom random = new SecureRandom();

	/**
	 * Create a new {@code PrivateKeyEncryptor}.
	 * @param base64Key the configured key
	 * @throws InvalidSettingException when the key is missing or not 32 bytes of base64
	 */
	public PrivateKeyEncryptor(@Nullable String base64Key) {
		if (base64Key == null || base64Key.isBlank()) {
			throw new InvalidSettingException(SETTING, "is not set; it encrypts the stored signing keys", ACTION);
		}
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(base64Key.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSettingException(SETTING, "is not base64", ACTION);
		}
		if (bytes.length != 32) {
			throw new InvalidSettingException(SETTING, "must decode to 32 bytes, not " + bytes.length, ACTION);
		}
		this.key = new SecretKeySpec(bytes, "AES");
	}

	/**
	 * Encrypts a private key.
	 * @param plaintext the encoded private key
	 * @param kid the key id it belongs to
	 * @return the IV and the ciphertext
	 */
	public byte[] encrypt(byte[] plaintext, String kid) {
		byte[] iv = new byte[IV_LENGTH];
		this.random.nextBytes(iv);
		try {
			Cipher cipher = cipher(Cipher.ENCRYPT_MODE, iv, kid);
			byte[] ciphertext = cipher.doFinal(plaintext);
			return ByteBuffer.allocate(iv.length + ciphertext.length).put(iv).put(ciphertext).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

	/**
	 * Decrypts a private key.
	 * @param encrypted the IV and the ciphertext
	 * @param kid the key id it belongs to
	 * @return the encoded private key
	 * @throws InvalidSettingException when the configured key does not decrypt it
	 */
	public byte[] decrypt(byte[] encrypted, String kid) {
		if (encrypted.length <= IV_LENGTH) {
			throw undecryptable(kid);
		}
		try {
			Cipher cipher = cipher(Cipher.DECRYPT_MODE, java.util.Arrays.copyOf(encrypted, IV_LENGTH), kid);
			return cipher.doFinal(encrypted, IV_LENGTH, encrypted.length - IV_LENGTH);
		}
		catch (GeneralSecurityException ex) {
			throw undecryptable(kid);
		}
	}

	private Cipher cipher(int mode, byte[] iv, String kid) throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, this.key, new GCMParameterSpec(TAG_BITS, iv));
		cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
		return cipher;
	}

	private static InvalidSettingException undecryptable(String kid) {
		return new InvalidSettingException(SETTING, "does not decrypt the stored signing key '" + kid + "'",
				"Use the key the signing keys were stored with; a lost key means new signing keys in a new database.");
	}

}
