package dev.countersign.authz.login;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import dev.countersign.authz.audit.JdbcAuditLog;
import dev.countersign.authz.config.CountersignProperties;
import dev.countersign.test.MutableClock;
import dev.countersign.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link LoginThrottle} on a real PostgreSQL with the Flyway schema and a clock the test
 * moves: per-address lock-out across accounts, doubling lock-outs, the failure window,
 * purge.
 */
class LoginThrottleIT {

	private static final String URL = TestDatabase.createDatabase();

	private static final java.util.concurrent.atomic.AtomicInteger ADDRESSES = new java.util.concurrent.atomic.AtomicInteger();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

	private JdbcTemplate jdbc;

	private LoginThrottle throttle;

	private String address;

	@BeforeEach
	void throttle() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(URL);
		Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
		this.jdbc = new JdbcTemplate(dataSource);
		JdbcAuditLog audit = new JdbcAuditLog(this.jdbc, new DataSourceTransactionManager(dataSource));
		audit.setClock(this.clock);
		CountersignProperties.Login settings = new CountersignProperties.Login();
		settings.setMaxFailuresPerAccount(3);
		settings.setMaxFailuresPerAddress(5);
		settings.setLockout(Duration.ofSeconds(30));
		settings.setMaxLockout(Duration.ofMinutes(2));
		settings.setFailureWindow(Duration.ofMinutes(10));
		this.throttle = new LoginThrottle(this.jdbc, audit,
				new TransactionTemplate(new DataSourceTransactionManager(dataSource)), settings.toSettings());
		this.throttle.setClock(this.clock);
		this.address = "198.51.100." + ADDRESSES.incrementAndGet();
	}

	@Test
	void failedWhenOneAddressTriesManyAccountsThenTheAddressIsLockedOutForEveryAccount() {
		for (int i = 0; i < 5; i++) {
			this.throttle.failed(user("spray-" + i + "-" + UUID.randomUUID()), "wrong user name or password");
		}
		assertThatExceptionOfType(LoginThrottle.LockedOutException.class)
			.isThrownBy(() -> this.throttle.guard(user("someone-else")))
			.satisfies((ex) -> assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofSeconds(30)));
		// from another address the same accounts are not locked
		assertThat(this.throttle.guard(new LoginThrottle.Attempt(LoginThrottle.Kind.USER, "someone-else", "192.0.2.1")))
			.isZero();
	}

	@Test
	void failedWhenFailuresGoOnThenTheLockoutDoublesUpToItsMaximum() {
		LoginThrottle.Attempt attempt = user("doubling-" + UUID.randomUUID());
		Duration[] expected = { Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120),
				Duration.ofSeconds(120) };
		for (int i = 0; i < 2; i++) {
			this.throttle.failed(attempt, "wrong");
		}
		assertThat(this.throttle.guard(attempt)).isEqualTo(2);
		for (Duration lockout : expected) {
			this.throttle.failed(attempt, "wrong");
			assertThatExceptionOfType(LoginThrottle.LockedOutException.class)
				.isThrownBy(() -> this.throttle.guard(attempt))
				.satisfies((ex) -> assertThat(ex.getRetryAfter()).isEqualTo(lockout));
		}
		this.clock.advance(Duration.ofMinutes(2).plusSeconds(1));
		assertThat(this.throttle.guard(attempt)).isEqualTo(6);
	}

	@Test
	void failedWhenOlderThanTheWindowThenCountStartsAgainAndPurgeForgetsIt() {
		LoginThrottle.Attempt attempt = user("window-" + UUID.randomUUID());
		this.throttle.failed(attempt, "wrong");
		this.throttle.failed(attempt, "wrong");
		this.clock.advance(Duration.ofMinutes(11));
		this.throttle.failed(attempt, "wrong");
		assertThat(this.throttle.guard(attempt)).isEqualTo(1);
		this.clock.advance(Duration.ofMinutes(11));
		assertThat(this.throttle.purge()).isGreaterThanOrEqualTo(1);
		assertThat(this.throttle.guard(attempt)).isZero();
	}

	@Test
	void succeededWhenAccountHadFailuresThenAccountClearedButNotTheAddress() {
		LoginThrottle.Attempt attempt = user("success-" + UUID.randomUUID());
		this.throttle.failed(attempt, "wrong");
		this.throttle.failed(attempt, "wrong");
		this.throttle.succeeded(attempt);
		assertThat(this.throttle.guard(attempt)).isZero();
		assertThat(this.jdbc.queryForObject("SELECT failures FROM login_throttle WHERE throttle_key = ?", Integer.class,
				"address:" + this.address))
			.isEqualTo(2);
		assertThat(
				this.jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE event = 'login-failed' AND actor = ?",
						Long.class, attempt.principal()))
			.isEqualTo(2);
	}

	private LoginThrottle.Attempt user(String name) {
		return new LoginThrottle.Attempt(LoginThrottle.Kind.USER, name, this.address);
	}

}
