package dev.countersign.authz.keys;

import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionOperations;

import dev.countersign.authz.config.CountersignProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SigningKeyJwkSourceTests {

	@Test
	void getWhenRotatedThenServesBothAndSignsWithTheActiveOne() throws Exception {
		SigningKeys keys = new SigningKeys(new InMemorySigningKeyRepository(),
				new PrivateKeyEncryptor(PrivateKeyEncryptorTests.KEY), TransactionOperations.withoutTransaction(),
				new CountersignProperties.Keys().toSettings());
		keys.initialize();
		SigningKeyDescription active = keys.rotate();
		SigningKeyJwkSource source = new SigningKeyJwkSource(keys);

		List<JWK> all = source.get(new JWKSelector(new JWKMatcher.Builder().build()), null);

		assertThat(all).hasSize(2);
		assertThat(SigningKeyJwkSource.signingKey(all).getKeyID()).isEqualTo(active.kid());
	}

	@Test
	void signingKeyWhenNoPrivateKeyThenRefused() {
		SigningKeys keys = new SigningKeys(new InMemorySigningKeyRepository(),
				new PrivateKeyEncryptor(PrivateKeyEncryptorTests.KEY), TransactionOperations.withoutTransaction(),
				new CountersignProperties.Keys().toSettings());
		keys.initialize();
		JWK publicOnly = keys.jwkSet().getKeys().get(0).toPublicJWK();
		assertThatIllegalStateException().isThrownBy(() -> SigningKeyJwkSource.signingKey(List.of(publicOnly)));
	}

}
