package dev.countersign.authz.keys;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import dev.countersign.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JDBC repository against a real PostgreSQL database migrated by the production
 * Flyway scripts.
 */
class JdbcSigningKeyRepositoryIT {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private static JdbcTemplate jdbc;

	private static TransactionTemplate transactions;

	@BeforeAll
	static void database() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(TestDatabase.createDatabase());
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		jdbc = new JdbcTemplate(dataSource);
		transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
	}

	@Test
	void repositoryWhenKeysStoredThenRoundTripsRetiresAndFiltersByTime() {
		JdbcSigningKeyRepository repository = new JdbcSigningKeyRepository(jdbc);
		byte[] ciphertext = { 0, 1, 2, (byte) 0xff, 0 };
		transactions.executeWithoutResult((status) -> {
			repository.lockForChange();
			repository.insert(key("old", T0, ciphertext));
			repository.insert(key("new", T0.plus(1, ChronoUnit.HOURS), ciphertext));
		});

		assertThat(repository.findAll()).extracting(StoredSigningKey::kid).containsExactly("new", "old");
		StoredSigningKey stored = repository.findAll().get(1);
		assertThat(stored.encryptedPrivateKey()).isEqualTo(ciphertext);
		assertThat(stored.publicJwk()).isEqualTo("{\"kty\":\"RSA\",\"kid\":\"old\"}");
		assertThat(stored.activatesAt()).isEqualTo(T0);
		assertThat(stored.retiresAt()).isNull();

		Instant retiresAt = T0.plus(2, ChronoUnit.HOURS);
		assertThat(repository.retireAllExcept("new", retiresAt)).isEqualTo(1);
		assertThat(repository.retireAllExcept("new", retiresAt.plusSeconds(60))).isZero();

		assertThat(repository.findServedAt(retiresAt.minusSeconds(1))).extracting(StoredSigningKey::kid)
			.containsExactly("new", "old");
		assertThat(repository.findServedAt(retiresAt)).extracting(StoredSigningKey::kid).containsExactly("new");
	}

	private static StoredSigningKey key(String kid, Instant activatesAt, byte[] ciphertext) {
		return new StoredSigningKey(kid, "RS256", "{\"kty\":\"RSA\",\"kid\":\"" + kid + "\"}", ciphertext, activatesAt,
				activatesAt, null);
	}

}
