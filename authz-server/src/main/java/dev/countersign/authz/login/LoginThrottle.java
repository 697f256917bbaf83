package dev.countersign.authz.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

import dev.countersign.authz.audit.AuditLog;
import dev.countersign.authz.audit.AuditRecord;

/**
 * Throttling of password sign-ins and client-secret authentications, on the
 * {@code login_throttle} table so every instance counts together. Failures are counted
 * per account and per address: past {@code max-failures-per-account} (or
 * {@code -per-address}) within the failure window the key is locked out, for
 * {@code lockout}, doubled with every further failure up to {@code max-lockout}; while
 * locked out even the right password is refused (so guessing gains nothing). Every
 * failure is audited ({@code login-failed} or {@code client-authentication-failed}), in
 * the transaction that counts it. A success clears the account's count, never the
 * address's (an attacker's own account must not reset its address).
 */
public final class LoginThrottle {

	private static final Log logger = LogFactory.getLog(LoginThrottle.class);

	private final ThrottleCounters counters;

	private final AuditLog audit;

	private final TransactionOperations transactions;

	private final LoginThrottleSettings settings;

	private Clock clock = Clock.systemUTC();

	public LoginThrottle(JdbcOperations jdbc, AuditLog audit, TransactionOperations transactions,
			LoginThrottleSettings settings) {
		Assert.notNull(jdbc, "jdbc cannot be null");
		Assert.notNull(audit, "audit cannot be null");
		Assert.notNull(transactions, "transactions cannot be null");
		Assert.notNull(settings, "settings cannot be null");
		this.counters = new ThrottleCounters(jdbc);
		this.audit = audit;
		this.transactions = transactions;
		this.settings = settings;
	}

	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Runs one sign-in through the throttle: refused while its account or address is
	 * locked out (the refusal audited, not counted), a failure counted and audited, a
	 * success clearing the account's count.
	 * @param attempt the attempt
	 * @param authenticator the sign-in itself
	 * @param failure the audit reason of a failure that counts, or {@code null} for one
	 * that does not (the database away, say)
	 * @param lockedOut the exception a locked-out attempt is refused with
	 * @return the authentication, or {@code null} when the authenticator had nothing to
	 * say
	 */
	public @Nullable Authentication authenticate(Attempt attempt, Authenticator authenticator,
			Function<AuthenticationException, @Nullable String> failure,
			Function<LockedOutException, AuthenticationException> lockedOut) {
		int failures;
		try {
			failures = guard(attempt);
		}
		catch (LockedOutException ex) {
			refused(attempt, ex);
			throw lockedOut.apply(ex);
		}
		Authentication result;
		try {
			result = authenticator.authenticate();
		}
		catch (AuthenticationException ex) {
			String reason = failure.apply(ex);
			if (reason != null) {
				failed(attempt, reason);
			}
			throw ex;
		}
		if (result != null && failures > 0) {
			succeeded(attempt);
		}
		return result;
	}

	/**
	 * Refuses an attempt while its account or address is locked out.
	 * @param attempt the attempt
	 * @return the account's failures counted so far (0 when none)
	 * @throws LockedOutException with the time left
	 */
	public int guard(Attempt attempt) {
		Instant now = this.clock.instant();
		ThrottleCounters.State state = this.counters.read(attempt.accountKey(), attempt.addressKey(), now);
		Instant lockedUntil = state.lockedUntil();
		if (lockedUntil != null) {
			Duration left = Duration.between(now, lockedUntil);
			throw new LockedOutException(left.isNegative() ? Duration.ZERO : left);
		}
		return state.accountFailures();
	}

	/**
	 * Counts a failed attempt on its account and its address, locks out what went past
	 * its limit, and audits it.
	 * @param attempt the attempt
	 * @param reason what failed, for the audit log
	 */
	public void failed(Attempt attempt, String reason) {
		this.transactions.executeWithoutResult((status) -> {
			Instant now = this.clock.instant();
			Instant lockedUntil = count(attempt.accountKey(), this.settings.maxFailuresPerAccount(), now);
			Instant addressLockedUntil = count(attempt.addressKey(), this.settings.maxFailuresPerAddress(), now);
			String outcome = reason + " from " + attempt.address();
			if (lockedUntil != null || addressLockedUntil != null) {
				outcome += "; locked out until " + latest(lockedUntil, addressLockedUntil);
			}
			audit(attempt, outcome);
		});
	}

	private void audit(Attempt attempt, String outcome) {
		this.audit.append(new AuditRecord(attempt.kind().event(), attempt.principal(),
				(attempt.kind() == Kind.USER) ? attempt.principal() : null,
				(attempt.kind() == Kind.CLIENT) ? attempt.principal() : null, null, null, null,
				(outcome.length() > 200) ? outcome.substring(0, 200) : outcome));
	}

	/**
	 * Audits an attempt refused while locked out; it is not counted again.
	 * @param attempt the attempt
	 * @param lockout the lock-out that refused it
	 */
	public void refused(Attempt attempt, LockedOutException lockout) {
		this.transactions.executeWithoutResult((status) -> audit(attempt, "refused while locked out ("
				+ Math.max(1, lockout.getRetryAfter().toSeconds()) + " s left) from " + attempt.address()));
	}

	/**
	 * Clears the account's failures after a success.
	 * @param attempt the attempt
	 */
	public void succeeded(Attempt attempt) {
		this.counters.clear(attempt.accountKey());
	}

	/**
	 * Forgets failures older than the window whose lock-out is over.
	 * @return how many keys were forgotten
	 */
	public int purge() {
		Instant now = this.clock.instant();
		return this.counters.purge(now.minus(this.settings.failureWindow()), now);
	}

	/**
	 * {@link #purge} as a scheduled task: a failure (the database away) is logged in one
	 * line and the next run tries again.
	 */
	public void purgeQuietly() {
		try {
			purge();
		}
		catch (RuntimeException ex) {
			logger.warn("Login throttle purge failed: " + ex.getMessage());
		}
	}

	private @Nullable Instant count(String key, int maxFailures, Instant now) {
		int failures = this.counters.countFailure(key, now, now.minus(this.settings.failureWindow()));
		if (failures < maxFailures) {
			return null;
		}
		// the lock-out doubles with every failure past the limit
		Duration lockout = this.settings.lockout();
		for (int i = maxFailures; i < failures && lockout.compareTo(this.settings.maxLockout()) < 0; i++) {
			lockout = lockout.multipliedBy(2);
		}
		if (lockout.compareTo(this.settings.maxLockout()) > 0) {
			lockout = this.settings.maxLockout();
		}
		Instant until = now.plus(lockout);
		this.counters.lock(key, until);
		return until;
	}

	private static @Nullable Instant latest(@Nullable Instant a, @Nullable Instant b) {
		if (a == null) {
			return b;
		}
		return (b == null || a.isAfter(b)) ? a : b;
	}

	/**
	 * A sign-in to run through the throttle.
	 */
	@FunctionalInterface
	public interface Authenticator {

		/**
		 * Signs in.
		 * @return the authentication, or {@code null}
		 * @throws AuthenticationException when it fails
		 */
		@Nullable Authentication authenticate() throws AuthenticationException;

	}

	/**
	 * What signs in.
	 */
	public enum Kind {

		/** A user with a password. */
		USER("login-failed", "user:"),

		/** A client with a secret. */
		CLIENT("client-authentication-failed", "client:");

		private final String event;

		private final String prefix;

		Kind(String event, String prefix) {
			this.event = event;
			this.prefix = prefix;
		}

		String event() {
			return this.event;
		}

	}

	/**
	 * One attempt to sign in.
	 *
	 * @param kind user or client
	 * @param principal the user name or client id given
	 * @param address the remote address it came from
	 */
	public record Attempt(Kind kind, String principal, String address) {

		public Attempt {
			// a name is data from the request: bounded before it becomes a key or an
			// audit actor
			principal = (principal.length() > 100) ? principal.substring(0, 100) : principal;
		}

		String accountKey() {
			return this.kind.prefix + this.principal;
		}

		String addressKey() {
			return "address:" + this.address;
		}

	}

	/**
	 * An attempt refused because its account or address is locked out.
	 */
	public static final class LockedOutException extends RuntimeException {

		private final Duration retryAfter;

		LockedOutException(Duration retryAfter) {
			super("too many failed attempts; try again in " + Math.max(1, retryAfter.toSeconds()) + " s");
			this.retryAfter = retryAfter;
		}

		public Duration getRetryAfter() {
			return this.retryAfter;
		}

	}

}
