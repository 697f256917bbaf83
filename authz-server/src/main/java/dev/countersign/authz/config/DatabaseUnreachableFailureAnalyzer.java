package dev.countersign.authz.config;

import java.sql.SQLException;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Reports a database that cannot be reached at start-up (SQL state class 08, connection
 * exception) as one line naming {@code spring.datasource.url}.
 */
final class DatabaseUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

	private final @Nullable Environment environment;

	DatabaseUnreachableFailureAnalyzer(@Nullable Environment environment) {
		this.environment = environment;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
		String state = cause.getSQLState();
		if (state == null || !state.startsWith("08")) {
			return null;
		}
		String url = (this.environment != null) ? this.environment.getProperty("spring.datasource.url") : null;
		String description = "spring.datasource.url " + ((url != null) ? "(" + redact(url) + ") " : "")
				+ "names a database that cannot be reached: " + cause.getMessage();
		return new FailureAnalysis(description,
				"Start PostgreSQL or set spring.datasource.url (SPRING_DATASOURCE_URL), spring.datasource.username and "
						+ "spring.datasource.password to a reachable server.",
				cause);
	}

	private static String redact(String url) {
		return url.replaceAll("password=[^&]*", "password=***");
	}

}
