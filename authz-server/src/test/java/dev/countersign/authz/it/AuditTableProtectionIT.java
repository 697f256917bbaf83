package dev.countersign.authz.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.countersign.test.ApprovalClient;
import dev.countersign.test.CodeFlow;
import dev.countersign.test.TestDatabase;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The audit log's protection does not rest on a trigger the application could drop (issue
 * 9, item 14): migrations run as the schema's owner, the server as a role that may only
 * read and append to {@code audit_event}; with that role's own credentials every attempt
 * to change, remove or unguard audit events is refused by PostgreSQL, while the server
 * works as usual.
 */
class AuditTableProtectionIT {

	private static TestDatabase.Roles roles;

	private static RunningServer server;

	@BeforeAll
	static void start() {
		roles = TestDatabase.createDatabaseWithRoles();
		server = RunningServer.start("demo,it", "--spring.datasource.url=" + roles.url(),
				"--spring.datasource.username=" + roles.application(),
				"--spring.datasource.password=" + roles.applicationPassword(), "--spring.flyway.user=" + roles.owner(),
				"--spring.flyway.password=" + roles.ownerPassword(),
				"--countersign.database.application-role=" + roles.application());
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void serverWhenRunningAsTheApplicationRoleThenApprovalsAreAuditedAndTheChainVerifies() {
		TestHttp http = server.http();
		ApprovalClient client = new ApprovalClient(http,
				CodeFlow.accessToken(server.http(), "alice", "alice-password"));
		client.createTransfer();
		String admin = TestHttp
			.json(http.token("demo-admin", "demo-admin-secret",
					java.util.Map.of("grant_type", "client_credentials", "scope", "audit.read")))
			.get("access_token")
			.asString();
		// the sealer links the events under the same role, within its interval
		long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
		tools.jackson.databind.JsonNode verification;
		do {
			verification = TestHttp.json(http.get("/audit/verification", "Authorization", "Bearer " + admin));
			assertThat(verification.get("valid").asBoolean()).as(verification.toString()).isTrue();
		}
		while (verification.get("unsealed").asLong() > 0 && System.nanoTime() < deadline);
		assertThat(verification.get("unsealed").asLong()).isZero();
		assertThat(verification.get("events").asLong()).isPositive();
		assertThat(verification.has("last_checkpoint")).isTrue();
	}

	@Test
	void applicationRoleWhenItTriesToChangeOrUnguardTheAuditLogThenPostgresRefuses() throws SQLException {
		try (Connection connection = DriverManager.getConnection(roles.url(), roles.application(),
				roles.applicationPassword()); Statement statement = connection.createStatement()) {
			assertThat(statement.executeQuery("SELECT count(*) FROM audit_event").next()).isTrue();
			for (String attack : List.of("UPDATE audit_event SET outcome = 'nothing happened'",
					"DELETE FROM audit_event", "TRUNCATE audit_event", "UPDATE audit_seal SET sealed_at = now()",
					"DELETE FROM audit_seal", "TRUNCATE audit_seal", "DELETE FROM audit_checkpoint",
					"UPDATE audit_checkpoint SET jws = ''", "DELETE FROM audit_export",
					"DROP TRIGGER audit_seal_no_change ON audit_seal",
					"DROP TRIGGER audit_event_no_change ON audit_event", "ALTER TABLE audit_event DISABLE TRIGGER ALL",
					"DROP TABLE audit_event",
					"CREATE OR REPLACE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END'",
					"DELETE FROM flyway_schema_history", "CREATE TABLE shadow (id int)")) {
				assertThatExceptionOfType(SQLException.class).as(attack)
					.isThrownBy(() -> statement.execute(attack))
					.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("42501"));
			}
		}
	}

}
