package dev.countersign.authz.audit;

import java.time.Instant;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import dev.countersign.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The audit log on a PostgreSQL database of its own: append-only, chained, and a tampered
 * row is found.
 */
class JdbcAuditLogIT {

	private JdbcTemplate jdbc;

	private TransactionTemplate transactions;

	private JdbcAuditLog audit;

	@BeforeEach
	void database() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(TestDatabase.createDatabase());
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		this.jdbc = new JdbcTemplate(dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.audit = new JdbcAuditLog(this.jdbc);
	}

	@Test
	void appendWhenEventsThenChainedAndVerified() {
		AuditEvent first = append("requested", "a-1");
		AuditEvent second = append("approved", "a-1");
		append("requested", "a-2");

		assertThat(first.seq()).isEqualTo(1);
		assertThat(first.prevHash()).isEqualTo(JdbcAuditLog.GENESIS);
		assertThat(second.prevHash()).isEqualTo(first.hash());
		assertThat(this.audit.verify()).isEqualTo(new AuditLog.Verification(true, 3, null, null));
		AuditLog.AuditQuery byApproval = new AuditLog.AuditQuery(null, null, "a-1", null, null, 0, 10);
		assertThat(this.audit.find(byApproval)).extracting(AuditEvent::event).containsExactly("requested", "approved");
		assertThat(this.audit.count(byApproval)).isEqualTo(2);
		assertThat(this.audit.find(new AuditLog.AuditQuery("bob", null, null, null, null, 0, 10))).isEmpty();
		assertThat(this.audit.find(new AuditLog.AuditQuery(null, "payments.transfer", null,
				Instant.now().minusSeconds(60), Instant.now().plusSeconds(60), 1, 2)))
			.extracting(AuditEvent::seq)
			.containsExactly(3L);
	}

	@Test
	void appendWhenNoTransactionThenRefused() {
		assertThatIllegalStateException().isThrownBy(() -> this.audit.append(record("requested", "a-1")));
	}

	@Test
	void tableWhenUpdatedOrDeletedThenRefusedByDatabase() {
		append("requested", "a-1");
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> this.jdbc.update("UPDATE audit_event SET outcome = 'x'"))
			.withMessageContaining("append-only");
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> this.jdbc.update("DELETE FROM audit_event"));
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> this.jdbc.execute("TRUNCATE audit_event"));
	}

	@Test
	void verifyWhenRowTamperedThenFirstBrokenLinkReported() {
		for (int i = 1; i <= 5; i++) {
			append("requested", "a-" + i);
		}
		tamper("UPDATE audit_event SET outcome = 'approved' WHERE seq = 3");

		assertThat(this.audit.verify())
			.isEqualTo(new AuditLog.Verification(false, 2, 3L, "hash does not match the event's content"));
	}

	@Test
	void verifyWhenRowRemovedThenGapReported() {
		for (int i = 1; i <= 4; i++) {
			append("requested", "a-" + i);
		}
		tamper("DELETE FROM audit_event WHERE seq = 2");

		assertThat(this.audit.verify()).isEqualTo(new AuditLog.Verification(false, 1, 2L, "event 2 is missing"));
	}

	private void tamper(String sql) {
		// what only a database superuser could do: the trigger refuses it otherwise
		this.jdbc.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change");
		this.jdbc.update(sql);
		this.jdbc.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_change");
	}

	private AuditEvent append(String event, String approvalId) {
		return this.transactions.execute((status) -> this.audit.append(record(event, approvalId)));
	}

	private static AuditRecord record(String event, String approvalId) {
		return new AuditRecord(event, "demo-client", "alice", "demo-client", "payments.transfer", approvalId,
				"{\"amount\":250}", "pending");
	}

}
