package dev.countersign.authz.login;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How sign-ins are throttled ({@code countersign.login.*}).
 *
 * @param maxFailuresPerAccount failures of one account within the window that lock it out
 * @param maxFailuresPerAddress failures from one address within the window that lock it
 * out
 * @param lockout the first lock-out; each further failure doubles it
 * @param maxLockout the longest lock-out
 * @param failureWindow how long a failure is remembered
 */
public record LoginThrottleSettings(int maxFailuresPerAccount, int maxFailuresPerAddress, Duration lockout,
		Duration maxLockout, Duration failureWindow) {

	public LoginThrottleSettings {
		Assert.isTrue(maxFailuresPerAccount > 0 && maxFailuresPerAddress > 0, "failure limits must be positive");
		Assert.notNull(lockout, "lockout cannot be null");
		Assert.notNull(maxLockout, "maxLockout cannot be null");
		Assert.notNull(failureWindow, "failureWindow cannot be null");
	}

}
