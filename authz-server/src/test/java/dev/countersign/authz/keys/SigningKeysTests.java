package dev.countersign.authz.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionOperations;

import dev.countersign.authz.config.CountersignProperties;
import dev.countersign.authz.settings.InvalidSettingException;
import dev.countersign.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SigningKeysTests {

	private final InMemorySigningKeyRepository repository = new InMemorySigningKeyRepository();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final CountersignProperties.Keys properties = new CountersignProperties.Keys();

	@BeforeEach
	void setUp() {
		this.properties.setRefreshInterval(Duration.ofSeconds(30));
	}

	@Test
	void initializeWhenEmptyThenGeneratesOneKeyOnce() {
		SigningKeys keys = signingKeys();
		keys.initialize();
		keys.initialize();
		assertThat(this.repository.keys).hasSize(1);
		assertThat(this.repository.locks).isEqualTo(2);
		JWKSet set = keys.jwkSet();
		assertThat(set.getKeys()).singleElement().satisfies((jwk) -> {
			assertThat(jwk.isPrivate()).isTrue();
			assertThat(jwk.getKeyID()).isEqualTo(this.repository.keys.get(0).kid());
			assertThat(jwk.getAlgorithm().getName()).isEqualTo("RS256");
		});
		assertThat(new String(this.repository.keys.get(0).encryptedPrivateKey(),
				java.nio.charset.StandardCharsets.ISO_8859_1))
			.doesNotContain("PRIVATE");
	}

	@Test
	void initializeWhenKeyStoredThenReusesItInAnotherInstance() {
		signingKeys().initialize();
		SigningKeys restarted = signingKeys();
		restarted.initialize();
		assertThat(this.repository.keys).hasSize(1);
		assertThat(restarted.jwkSet().getKeys().get(0).getKeyID()).isEqualTo(this.repository.keys.get(0).kid());
	}

	@Test
	void initializeWhenEncryptionKeyDiffersThenFailsNamingSetting() {
		signingKeys().initialize();
		SigningKeys wrong = new SigningKeys(this.repository,
				new PrivateKeyEncryptor(java.util.Base64.getEncoder()
					.encodeToString(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
							21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 })),
				TransactionOperations.withoutTransaction(), this.properties.toSettings());
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(wrong::initialize)
			.withMessageStartingWith("countersign.keys.encryption-key does not decrypt");
	}

	@Test
	void rotateWhenNoDelayThenNewKeySignsAndOldVerifiesUntilRetired() {
		this.properties.setRetireAfter(Duration.ofHours(1));
		SigningKeys keys = signingKeys();
		keys.initialize();
		String oldKid = this.repository.keys.get(0).kid();
		this.clock.advance(Duration.ofMinutes(1));

		SigningKeyDescription rotated = keys.rotate();

		assertThat(rotated.status()).isEqualTo("active");
		assertThat(privateKids(keys.jwkSet())).containsExactly(rotated.kid());
		assertThat(kids(keys.jwkSet())).containsExactly(rotated.kid(), oldKid);
		assertThat(keys.describe()).extracting(SigningKeyDescription::status).containsExactly("active", "retiring");

		this.clock.advance(Duration.ofHours(1).plusSeconds(1));
		assertThat(kids(keys.jwkSet())).containsExactly(rotated.kid());
		assertThat(keys.describe()).extracting(SigningKeyDescription::status).containsExactly("active", "retired");
	}

	@Test
	void rotateWhenActivationDelayThenPublishedFirstAndSignsLater() {
		this.properties.setActivationDelay(Duration.ofSeconds(20));
		SigningKeys keys = signingKeys();
		keys.initialize();
		String oldKid = this.repository.keys.get(0).kid();
		this.clock.advance(Duration.ofMinutes(1));

		SigningKeyDescription rotated = keys.rotate();

		assertThat(rotated.status()).isEqualTo("pending");
		assertThat(kids(keys.jwkSet())).containsExactlyInAnyOrder(rotated.kid(), oldKid);
		assertThat(privateKids(keys.jwkSet())).containsExactly(oldKid);
		this.clock.advance(Duration.ofSeconds(20));
		assertThat(privateKids(keys.jwkSet())).containsExactly(rotated.kid());
		assertThat(keys.signingAlgorithm()).isEqualTo("RS256");
	}

	@Test
	void jwkSetWhenAnotherInstanceRotatedThenSeenAfterRefreshInterval() {
		SigningKeys first = signingKeys();
		first.initialize();
		SigningKeys second = signingKeys();
		second.initialize();
		this.clock.advance(Duration.ofSeconds(1));

		SigningKeyDescription rotated = first.rotate();

		assertThat(privateKids(second.jwkSet())).doesNotContain(rotated.kid());
		this.clock.advance(Duration.ofSeconds(29));
		assertThat(privateKids(second.jwkSet())).containsExactly(rotated.kid());
	}

	@Test
	void rotateWhenEcAlgorithmThenEcKey() {
		this.properties.setAlgorithm("ES256");
		SigningKeys keys = signingKeys();
		keys.initialize();
		JWK jwk = keys.jwkSet().getKeys().get(0);
		assertThat(jwk).isInstanceOf(ECKey.class);
		assertThat(jwk.isPrivate()).isTrue();
		assertThat(keys.signingAlgorithm()).isEqualTo("ES256");
	}

	@Test
	void constructorWhenUnsupportedAlgorithmThenNamesSetting() {
		this.properties.setAlgorithm("HS256");
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(this::signingKeys)
			.withMessageStartingWith("countersign.keys.algorithm");
	}

	private SigningKeys signingKeys() {
		SigningKeys keys = new SigningKeys(this.repository, new PrivateKeyEncryptor(PrivateKeyEncryptorTests.KEY),
				TransactionOperations.withoutTransaction(), this.properties.toSettings());
		keys.setClock(this.clock);
		return keys;
	}

	private static List<String> kids(JWKSet set) {
		return set.getKeys().stream().map(JWK::getKeyID).toList();
	}

	private static List<String> privateKids(JWKSet set) {
		return set.getKeys().stream().filter(JWK::isPrivate).map(JWK::getKeyID).toList();
	}

}
