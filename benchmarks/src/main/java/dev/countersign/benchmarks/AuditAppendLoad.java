package dev.countersign.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.countersign.authz.audit.AuditLog;
import dev.countersign.authz.audit.AuditRecord;
import dev.countersign.authz.audit.AuditSealer;
import dev.countersign.authz.audit.CheckpointSigner;
import dev.countersign.authz.audit.JdbcAuditLog;
import dev.countersign.test.TestDatabase;

/**
 * Audited steps per second when many transactions append at once: each transaction
 * changes one row and appends one audit event, as an approval step does. Runs on a fresh
 * database of {@code COUNTERSIGN_TEST_DB_URL} (or the embedded PostgreSQL) with the
 * server's durability settings; {@code AUDIT_THREADS} workers (default 16), {@code
 * AUDIT_EVENTS} events per round (default 4000), the median of three rounds after one
 * warm-up round, with the sealer running beside them as the server schedules it.
 */
public final class AuditAppendLoad {

	private static final String STEP_TABLE = "CREATE TABLE bench_step (step_key varchar(40) PRIMARY KEY, steps bigint)";

	private static final String STEP = "INSERT INTO bench_step (step_key, steps) VALUES (?, 1) "
			+ "ON CONFLICT (step_key) DO UPDATE SET steps = bench_step.steps + 1";

	private AuditAppendLoad() {
	}

	public static void main(String[] args) throws Exception {
		RSAKey key = new RSAKeyGenerator(2048).keyID("bench").algorithm(JWSAlgorithm.RS256).generate();
		int threads = intEnv("AUDIT_THREADS", 16);
		int events = intEnv("AUDIT_EVENTS", 4000);
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(TestDatabase.createDatabase());
		config.setMaximumPoolSize(threads);
		try (HikariDataSource dataSource = new HikariDataSource(config)) {
			Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			jdbc.execute(STEP_TABLE);
			String durability = jdbc.queryForObject(
					"SELECT current_setting('fsync') || '/' || " + "current_setting('synchronous_commit')",
					String.class);
			DataSourceTransactionManager transactionManager = new DataSourceTransactionManager(dataSource);
			TransactionTemplate transactions = new TransactionTemplate(transactionManager);
			AuditLog audit = new JdbcAuditLog(jdbc, transactionManager);
			// the sealer as the server schedules it: every 200 ms, off the appending
			// threads
			AuditSealer sealer = new AuditSealer(jdbc, transactions,
					new CheckpointSigner(() -> key, "https://bench.example"), 1000, Duration.ofMinutes(1));
			ScheduledExecutorService sealing = Executors.newSingleThreadScheduledExecutor();
			List<Long> lagMillis = new ArrayList<>();
			sealing.scheduleWithFixedDelay(() -> {
				sealer.sealQuietly();
				synchronized (lagMillis) {
					lagMillis.add(sealer.lag().toMillis());
				}
			}, 200, 200, TimeUnit.MILLISECONDS);
			round(threads, events / 4, audit, jdbc, transactions);
			List<double[]> rounds = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				rounds.add(round(threads, events, audit, jdbc, transactions));
			}
			long drainStart = System.nanoTime();
			while (!jdbc.queryForList("SELECT seq FROM audit_unsealed LIMIT 1").isEmpty()) {
				Thread.sleep(20);
			}
			long drainMillis = (System.nanoTime() - drainStart) / 1_000_000;
			sealing.shutdownNow();
			rounds.sort((a, b) -> Double.compare(a[0], b[0]));
			double[] median = rounds.get(1);
			System.out.printf(
					"audit appends (%d threads, %d events per round, fsync/synchronous_commit %s): "
							+ "%.0f events/s (rounds %.0f / %.0f / %.0f), p50 %.2f ms, p99 %.2f ms%n",
					threads, events, durability, median[0], rounds.get(0)[0], rounds.get(1)[0], rounds.get(2)[0],
					median[1], median[2]);
			synchronized (lagMillis) {
				Collections.sort(lagMillis);
				System.out.printf(
						"sealing lag (oldest event of each batch, while appending): median %d ms, max %d ms;"
								+ " the queue drained %d ms after the last append%n",
						lagMillis.get(lagMillis.size() / 2), lagMillis.get(lagMillis.size() - 1), drainMillis);
			}
			System.out.println("verification: " + audit.verify());
		}
	}

	private static double[] round(int threads, int events, AuditLog audit, JdbcTemplate jdbc,
			TransactionTemplate transactions) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			long start = System.nanoTime();
			List<Future<List<Long>>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				String principal = "bench-" + t;
				futures.add(executor.submit(() -> {
					List<Long> latencies = new ArrayList<>();
					for (int i = 0; i < events / threads; i++) {
						long begin = System.nanoTime();
						transactions.executeWithoutResult((status) -> {
							jdbc.update(STEP, principal);
							audit.append(new AuditRecord("login-failed", principal, principal, null, null, null, null,
									"bench"));
						});
						latencies.add(System.nanoTime() - begin);
					}
					return latencies;
				}));
			}
			List<Long> all = new ArrayList<>();
			for (Future<List<Long>> future : futures) {
				all.addAll(future.get());
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			Collections.sort(all);
			return new double[] { all.size() / seconds, all.get(all.size() / 2) / 1e6,
					all.get((int) (all.size() * 0.99)) / 1e6 };
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static int intEnv(String name, int fallback) {
		String value = System.getenv(name);
		return (value != null) ? Integer.parseInt(value) : fallback;
	}

}
