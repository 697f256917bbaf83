package dev.countersign.authz.keys;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import dev.countersign.authz.settings.InvalidSettingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PrivateKeyEncryptorTests {

	static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

	private static final String OTHER_KEY = Base64.getEncoder()
		.encodeToString("another-key-of-thirty-two-bytes!".getBytes(StandardCharsets.US_ASCII));

	private final byte[] secret = "pkcs8-bytes".getBytes(StandardCharsets.UTF_8);

	@Test
	void decryptWhenSameKeyAndKidThenRoundTrips() {
		PrivateKeyEncryptor encryptor = new PrivateKeyEncryptor(KEY);
		byte[] encrypted = encryptor.encrypt(this.secret, "kid-1");
		assertThat(new String(encrypted, StandardCharsets.ISO_8859_1)).doesNotContain("pkcs8-bytes");
		assertThat(encryptor.decrypt(encrypted, "kid-1")).isEqualTo(this.secret);
	}

	@Test
	void encryptWhenCalledTwiceThenDifferentCiphertexts() {
		PrivateKeyEncryptor encryptor = new PrivateKeyEncryptor(KEY);
		assertThat(encryptor.encrypt(this.secret, "kid-1")).isNotEqualTo(encryptor.encrypt(this.secret, "kid-1"));
	}

	@Test
	void decryptWhenOtherKidThenRefusedNamingSetting() {
		PrivateKeyEncryptor encryptor = new PrivateKeyEncryptor(KEY);
		byte[] encrypted = encryptor.encrypt(this.secret, "kid-1");
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> encryptor.decrypt(encrypted, "kid-2"))
			.withMessageContaining("countersign.keys.encryption-key")
			.withMessageContaining("kid-2");
	}

	@Test
	void decryptWhenOtherKeyThenRefused() {
		byte[] encrypted = new PrivateKeyEncryptor(KEY).encrypt(this.secret, "kid-1");
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> new PrivateKeyEncryptor(OTHER_KEY).decrypt(encrypted, "kid-1"));
	}

	@Test
	void decryptWhenTamperedOrTruncatedThenRefused() {
		PrivateKeyEncryptor encryptor = new PrivateKeyEncryptor(KEY);
		byte[] encrypted = encryptor.encrypt(this.secret, "kid-1");
		encrypted[encrypted.length - 1] ^= 1;
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> encryptor.decrypt(encrypted, "kid-1"));
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> encryptor.decrypt(new byte[5], "kid-1"));
	}

	@Test
	void constructorWhenMissingThenNamesSetting() {
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> new PrivateKeyEncryptor(null))
			.withMessage("countersign.keys.encryption-key is not set; it encrypts the stored signing keys")
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("countersign.keys.encryption-key"));
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> new PrivateKeyEncryptor(" "));
	}

	@Test
	void constructorWhenNotBase64OrWrongLengthThenRefused() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> new PrivateKeyEncryptor("not base64!"))
			.withMessageContaining("is not base64");
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> new PrivateKeyEncryptor(Base64.getEncoder().encodeToString(new byte[16])))
			.withMessageContaining("must decode to 32 bytes, not 16");
	}

}
