package dev.countersign.authz.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.countersign.authz.retention.RetentionPurge;
import dev.countersign.authz.retention.RetentionSettings;
import dev.countersign.core.audit.AuditChain;
import dev.countersign.test.MutableClock;
import dev.countersign.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The audit log on a PostgreSQL database of its own: appends take no lock, the sealer
 * links them into one chain however many append or seal at once, checkpoints are signed,
 * every changed, removed or inserted row is found, and a segment is released only once
 * exported.
 */
class JdbcAuditLogIT {

	private static RSAKey key;

	private HikariDataSource dataSource;

	private JdbcTemplate jdbc;

	private TransactionTemplate transactions;

	private MutableClock clock;

	private JdbcAuditLog audit;

	private AuditSealer sealer;

	@BeforeAll
	static void key() throws Exception {
		key = new RSAKeyGenerator(2048).keyID("audit-test").algorithm(JWSAlgorithm.RS256).generate();
	}

	@BeforeEach
	void database() {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(TestDatabase.createDatabase());
		config.setMaximumPoolSize(10);
		this.dataSource = new HikariDataSource(config);
		Flyway.configure().dataSource(this.dataSource).locations("classpath:db/migration").load().migrate();
		this.jdbc = new JdbcTemplate(this.dataSource);
		DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(this.dataSource);
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
		this.audit = new JdbcAuditLog(this.jdbc, transactionManager);
		this.audit.setClock(this.clock);
		this.sealer = sealer();
	}

	@AfterEach
	void close() {
		this.dataSource.close();
	}

	@Test
	void appendWhenEventsThenUnsealedUntilTheSealerLinksThem() {
		AuditEvent first = append("requested", "a-1");
		append("approved", "a-1");
		append("requested", "a-2");

		assertThat(first.position()).isNull();
		assertThat(first.hash()).isNull();
		AuditLog.Verification waiting = this.audit.verify();
		assertThat(waiting.valid()).isTrue();
		assertThat(waiting.events()).isZero();
		assertThat(waiting.unsealed()).isEqualTo(3);
		assertThat(waiting.oldestUnsealedAt()).isEqualTo(this.clock.instant());

		this.clock.advance(Duration.ofMillis(300));
		assertThat(this.sealer.seal()).isEqualTo(3);
		assertThat(this.sealer.lag()).isEqualTo(Duration.ofMillis(300));

		List<AuditEvent> chain = this.audit.chain(0, 10);
		assertThat(chain).extracting(AuditEvent::position).containsExactly(1L, 2L, 3L);
		assertThat(chain.get(0).prevHash()).isEqualTo(AuditChain.GENESIS);
		assertThat(chain.get(1).prevHash()).isEqualTo(chain.get(0).hash());
		assertThat(this.audit.verify()).isEqualTo(new AuditLog.Verification(true, 3, null, null, 0, null, 3L, 0));
		AuditLog.AuditQuery byApproval = new AuditLog.AuditQuery(null, null, "a-1", null, null, 0, 10);
		assertThat(this.audit.find(byApproval)).extracting(AuditEvent::event).containsExactly("requested", "approved");
		assertThat(this.audit.find(byApproval)).extracting(AuditEvent::hash).doesNotContainNull();
		assertThat(this.audit.count(byApproval)).isEqualTo(2);
		assertThat(this.audit.find(new AuditLog.AuditQuery("bob", null, null, null, null, 0, 10))).isEmpty();
		assertThat(this.audit.find(new AuditLog.AuditQuery(null, "payments.transfer", null,
				this.clock.instant().minusSeconds(60), this.clock.instant().plusSeconds(60), 1, 2)))
			.extracting(AuditEvent::seq)
			.containsExactly(chain.get(2).seq());
	}

	@Test
	void appendWhenNoTransactionThenRefused() {
		assertThatIllegalStateException().isThrownBy(() -> this.audit.append(record("requested", "a-1")));
	}

	@Test
	void tablesWhenUpdatedOrDeletedThenRefusedByDatabase() {
		append("requested", "a-1");
		this.sealer.seal();
		for (String table : List.of("audit_event", "audit_seal", "audit_checkpoint")) {
			assertThatExceptionOfType(DataAccessException.class).as(table)
				.isThrownBy(() -> this.jdbc.update("UPDATE " + table + " SET position = position", table))
				.satisfies((ex) -> assertThat(ex.getMessage()).containsAnyOf("append-only", "position"));
			assertThatExceptionOfType(DataAccessException.class).as(table)
				.isThrownBy(() -> this.jdbc.update("DELETE FROM " + table))
				.withMessageContaining("append-only");
			assertThatExceptionOfType(DataAccessException.class).as(table)
				.isThrownBy(() -> this.jdbc.execute("TRUNCATE " + table + " CASCADE"))
				.withMessageContaining("append-only");
		}
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> this.jdbc.update("UPDATE audit_event SET outcome = 'x'"))
			.withMessageContaining("audit_event is append-only");
	}

	@Test
	void sealWhenManyAppendAndSealAtOnceThenOneChainWithEveryEventOnce() throws Exception {
		AuditSealer second = sealer();
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> work = new ArrayList<>();
			for (int t = 0; t < 6; t++) {
				int worker = t;
				work.add(executor.submit(() -> {
					for (int i = 0; i < 50; i++) {
						append("requested", "w" + worker + "-" + i);
					}
				}));
			}
			for (AuditSealer each : List.of(this.sealer, second)) {
				work.add(executor.submit(() -> {
					for (int i = 0; i < 40; i++) {
						each.seal();
					}
				}));
			}
			for (Future<?> future : work) {
				future.get();
			}
		}
		finally {
			executor.shutdownNow();
		}
		this.sealer.seal();

		AuditLog.Verification verification = this.audit.verify();
		assertThat(verification.valid()).as(String.valueOf(verification.reason())).isTrue();
		assertThat(verification.events()).isEqualTo(300);
		assertThat(verification.unsealed()).isZero();
		assertThat(this.jdbc.queryForObject("SELECT count(DISTINCT seq) FROM audit_seal", Long.class)).isEqualTo(300);
	}

	@Test
	void sealWhenAnEarlierEventCommitsLaterThenItIsLinkedAfterTheOnesAlreadySealed() throws Exception {
		try (Connection late = this.dataSource.getConnection()) {
			late.setAutoCommit(false);
			try (PreparedStatement insert = late.prepareStatement("WITH e AS (INSERT INTO audit_event (occurred_at, "
					+ "event, actor, outcome) VALUES (?, 'requested', 'late', 'pending') RETURNING seq) "
					+ "INSERT INTO audit_unsealed (seq) SELECT seq FROM e")) {
				insert.setTimestamp(1, Timestamp.from(this.clock.instant()));
				insert.executeUpdate();
			}
			AuditEvent committed = append("requested", "a-1");
			assertThat(this.sealer.seal()).isEqualTo(1);
			assertThat(this.audit.chain(0, 10)).extracting(AuditEvent::seq).containsExactly(committed.seq());
			late.commit();
		}
		assertThat(this.sealer.seal()).isEqualTo(1);

		assertThat(this.audit.chain(0, 10)).extracting(AuditEvent::actor).containsExactly("demo-client", "late");
		assertThat(this.audit.verify().valid()).isTrue();
	}

	@Test
	void verifyWhenRowTamperedThenFirstBrokenLinkReported() {
		sealed(5);
		tamper("UPDATE audit_event SET outcome = 'approved' WHERE seq = 3");

		assertThat(this.audit.verify()).isEqualTo(
				new AuditLog.Verification(false, 2, 3L, "hash does not match the event's content", 0, null, null, 0));
	}

	@Test
	void verifyWhenLinkRemovedThenGapReported() {
		sealed(4);
		tamper("DELETE FROM audit_seal WHERE position = 2");

		AuditLog.Verification verification = this.audit.verify();
		assertThat(verification.firstBrokenPosition()).isEqualTo(2);
		assertThat(verification.reason()).isEqualTo("the link at position 2 is missing");
	}

	@Test
	void verifyWhenSealedEventRemovedThenReported() {
		sealed(4);
		tamper("DELETE FROM audit_event WHERE seq = 3");

		assertThat(this.audit.verify().reason()).isEqualTo("event 3, sealed at position 3, is missing");
	}

	@Test
	void verifyWhenEventInsertedOutsideTheChainThenReported() {
		sealed(2);
		this.jdbc.update("INSERT INTO audit_event (occurred_at, event, actor, outcome) VALUES (now(), 'approved', "
				+ "'mallory', 'approved')");

		AuditLog.Verification verification = this.audit.verify();
		assertThat(verification.valid()).isFalse();
		assertThat(verification.reason()).isEqualTo("event 3 is neither in the chain nor waiting to be sealed");
	}

	@Test
	void verifyWhenChainRewrittenAfterACheckpointThenTheCheckpointDisagrees() {
		sealed(3);
		// whoever can write the tables recomputes every hash after the change: the chain
		// holds together, the signed checkpoint does not
		tamper("UPDATE audit_event SET outcome = 'denied' WHERE seq = 2");
		List<AuditEvent> chain = this.audit.chain(0, 10);
		String prev = chain.get(0).hash();
		for (AuditEvent event : chain.subList(1, chain.size())) {
			String hash = AuditChain.link(prev, event.canonicalRow());
			tamper("UPDATE audit_seal SET prev_hash = '" + prev + "', hash = '" + hash + "' WHERE position = "
					+ event.position());
			prev = hash;
		}

		AuditLog.Verification verification = this.audit.verify();
		assertThat(verification.reason()).isEqualTo("the chain differs from the checkpoint signed at position 3");
		assertThat(verification.firstBrokenPosition()).isEqualTo(3);
	}

	@Test
	void checkpointWhenIntervalPassesThenTheNewHeadIsSigned() throws Exception {
		sealed(2);
		assertThat(lastCheckpoint()).isEqualTo(2);
		append("approved", "a-3");
		this.sealer.seal();
		assertThat(lastCheckpoint()).as("within the interval").isEqualTo(2);

		this.clock.advance(Duration.ofMinutes(1));
		this.sealer.seal();
		assertThat(lastCheckpoint()).isEqualTo(3);
		String jws = this.jdbc.queryForObject("SELECT jws FROM audit_checkpoint WHERE position = 3", String.class);
		com.nimbusds.jwt.SignedJWT checkpoint = com.nimbusds.jwt.SignedJWT.parse(jws);
		assertThat(checkpoint.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(key.toRSAPublicKey()))).isTrue();
		assertThat(checkpoint.getHeader().getType().getType()).isEqualTo("audit-checkpoint+jwt");
		assertThat(checkpoint.getJWTClaimsSet().getLongClaim("position")).isEqualTo(3);
		assertThat(checkpoint.getJWTClaimsSet().getStringClaim("head")).isEqualTo(this.audit.chain(2, 1).get(0).hash());
		assertThat(checkpoint.getJWTClaimsSet().getIssuer()).isEqualTo("https://issuer.example");
	}

	@Test
	void releaseWhenSegmentExportedAndOldThenRemovedWholeAndTheRestVerifies() {
		RetentionPurge purge = new RetentionPurge(this.jdbc, this.audit, this.transactions,
				new RetentionSettings(Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(7), Duration.ofHours(1),
						100, Duration.ofDays(30)));
		purge.setClock(this.clock);
		sealed(3);
		this.clock.advance(Duration.ofDays(31));
		sealed(2);

		assertThat(purge.purge().auditEvents()).as("not exported yet").isZero();

		AuditExporter exporter = new AuditExporter(this.jdbc, this.audit, this.sealer, this.transactions,
				"https://issuer.example");
		exporter.setClock(this.clock);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		assertThat(exporter.export(3, "auditor", out)).isEqualTo(3);
		assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(6)
			.first()
			.asString()
			.contains("\"format\":\"countersign-audit-export/1\"", "\"from_position\":1", "\"to_position\":3");
		this.sealer.seal();

		assertThat(purge.purge().auditEvents()).isEqualTo(3);
		assertThat(this.jdbc.queryForObject("SELECT min(position) FROM audit_seal", Long.class)).isEqualTo(4);
		AuditLog.Verification verification = this.audit.verify();
		assertThat(verification.valid()).as(String.valueOf(verification.reason())).isTrue();
		assertThat(verification.releasedUpTo()).isEqualTo(3);
		assertThat(verification.events()).isEqualTo(3);
		assertThat(this.audit.find(new AuditLog.AuditQuery(null, null, null, null, null, 0, 10)))
			.extracting(AuditEvent::event)
			.contains("audit-exported", "retention-purged");
	}

	@Test
	void releaseWhenSegmentNotExportedThenTheDatabaseRefusesToRemoveIt() {
		sealed(3);
		this.sealer.checkpointNow();
		this.clock.advance(Duration.ofDays(31));
		sealed(1);

		assertThat(this.jdbc.queryForObject("SELECT audit_release_segment(3, now() + interval '1 day', now())",
				Long.class))
			.isZero();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM audit_seal", Long.class)).isEqualTo(4);
	}

	@Test
	void verifyWhileTheSealerLinksEventsThenEveryEventCountedOnceAndValid() throws Exception {
		int events = 2000;
		this.transactions.executeWithoutResult((status) -> {
			for (int i = 0; i < events; i++) {
				this.audit.append(record("requested", "a-" + i));
			}
		});
		AuditSealer small = new AuditSealer(this.jdbc, this.transactions,
				new CheckpointSigner(() -> key, "https://issuer.example"), 10, Duration.ofMinutes(1));
		small.setClock(this.clock);
		ExecutorService executor = Executors.newSingleThreadExecutor();
		try {
			Future<?> sealing = executor.submit(() -> {
				while (small.seal() > 0) {
					// every batch is its own transaction
				}
			});
			int verifications = 0;
			while (!sealing.isDone() || verifications == 0) {
				AuditLog.Verification verification = this.audit.verify();
				assertThat(verification.valid()).as(String.valueOf(verification.reason())).isTrue();
				assertThat(verification.events() + verification.unsealed()).isEqualTo(events);
				verifications++;
			}
			sealing.get();
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.audit.verify().events()).isEqualTo(events);
	}

	private AuditSealer sealer() {
		AuditSealer sealer = new AuditSealer(this.jdbc, this.transactions,
				new CheckpointSigner(() -> key, "https://issuer.example"), 100, Duration.ofMinutes(1));
		sealer.setClock(this.clock);
		return sealer;
	}

	private @org.jspecify.annotations.Nullable Long lastCheckpoint() {
		return this.jdbc.queryForObject("SELECT max(position) FROM audit_checkpoint", Long.class);
	}

	private void sealed(int events) {
		for (int i = 1; i <= events; i++) {
			append("requested", "a-" + i);
		}
		this.sealer.seal();
	}

	private void tamper(String sql) {
		// what only a database superuser could do: the triggers refuse it otherwise
		this.jdbc.execute("ALTER TABLE audit_event DISABLE TRIGGER ALL");
		this.jdbc.execute("ALTER TABLE audit_seal DISABLE TRIGGER ALL");
		this.jdbc.update(sql);
		this.jdbc.execute("ALTER TABLE audit_seal ENABLE TRIGGER ALL");
		this.jdbc.execute("ALTER TABLE audit_event ENABLE TRIGGER ALL");
	}

	private AuditEvent append(String event, String approvalId) {
		return this.transactions.execute((status) -> this.audit.append(record(event, approvalId)));
	}

	private static AuditRecord record(String event, String approvalId) {
		return new AuditRecord(event, "demo-client", "alice", "demo-client", "payments.transfer", approvalId,
				"{\"amount\":250}", "pending");
	}

}
