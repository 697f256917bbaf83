package dev.countersign.authz.config;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.mock.env.MockEnvironment;

import dev.countersign.authz.settings.InvalidSettingException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureAnalyzersTests {

	@Test
	void invalidSettingWhenWrappedThenOneLineNamingSetting() {
		InvalidSettingException cause = new InvalidSettingException("countersign.keys.encryption-key", "is not set",
				"Set it.");
		FailureAnalysis analysis = new InvalidSettingFailureAnalyzer()
			.analyze(new BeanCreationException("signingKeys", "failed", cause));
		assertThat(analysis.getDescription()).isEqualTo("countersign.keys.encryption-key is not set");
		assertThat(analysis.getAction()).isEqualTo("Set it.");
	}

	@Test
	void databaseUnreachableWhenConnectionStateThenNamesUrlWithoutPassword() {
		DatabaseUnreachableFailureAnalyzer analyzer = new DatabaseUnreachableFailureAnalyzer(new MockEnvironment()
			.withProperty("spring.datasource.url", "jdbc:postgresql://127.0.0.1:1/x?password=hunter2"));
		FailureAnalysis analysis = analyzer.analyze(
				new IllegalStateException("flyway", new SQLException("Connection to 127.0.0.1:1 refused.", "08001")));
		assertThat(analysis.getDescription())
			.startsWith("spring.datasource.url (jdbc:postgresql://127.0.0.1:1/x?password=***)")
			.contains("cannot be reached")
			.doesNotContain("hunter2");
	}

	@Test
	void databaseUnreachableWhenOtherSqlStateThenNotAnalyzed() {
		assertThat(new DatabaseUnreachableFailureAnalyzer(null).analyze(new SQLException("syntax", "42601"))).isNull();
	}

}
