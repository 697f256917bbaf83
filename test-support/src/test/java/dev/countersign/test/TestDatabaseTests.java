package dev.countersign.test;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TestDatabaseTests {

	@Test
	void withDatabaseWhenParametersThenKeepsThem() {
		assertThat(TestDatabase.withDatabase("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres", "t1"))
			.isEqualTo("jdbc:postgresql://127.0.0.1:5432/t1?user=postgres");
	}

	@Test
	void withDatabaseWhenNoParametersThenReplacesName() {
		assertThat(TestDatabase.withDatabase("jdbc:postgresql://db:5432/", "t1"))
			.isEqualTo("jdbc:postgresql://db:5432/t1");
	}

	@Test
	void withDatabaseWhenNotPostgresqlThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> TestDatabase.withDatabase("jdbc:mysql://db/x", "t1"))
			.withMessageContaining(TestDatabase.URL_VARIABLE);
	}

}
