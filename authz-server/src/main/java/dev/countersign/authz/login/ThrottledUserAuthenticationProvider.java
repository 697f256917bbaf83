package dev.countersign.authz.login;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AccountStatusException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.util.Assert;

import dev.countersign.core.Messages;

/**
 * Password sign-in through {@link LoginThrottle}: refused while the account or the
 * address is locked out (even with the right password), every failure counted and
 * audited.
 */
public final class ThrottledUserAuthenticationProvider implements AuthenticationProvider {

	private final AuthenticationProvider delegate;

	private final LoginThrottle throttle;

	public ThrottledUserAuthenticationProvider(AuthenticationProvider delegate, LoginThrottle throttle) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.notNull(throttle, "throttle cannot be null");
		this.delegate = delegate;
		this.throttle = throttle;
	}

	@Override
	public @Nullable Authentication authenticate(Authentication authentication) throws AuthenticationException {
		String address = (authentication.getDetails() instanceof WebAuthenticationDetails details
				&& details.getRemoteAddress() != null) ? details.getRemoteAddress() : "unknown";
		LoginThrottle.Attempt attempt = new LoginThrottle.Attempt(LoginThrottle.Kind.USER, authentication.getName(),
				address);
		return this.throttle.authenticate(attempt, () -> this.delegate.authenticate(authentication),
				ThrottledUserAuthenticationProvider::failure, SignInLockedOutException::new);
	}

	/**
	 * Wrong credentials and refused accounts count; a lookup that could not be made does
	 * not.
	 * @param ex the refusal
	 * @return what to record against the user, or {@code null} when it does not count
	 */
	private static @Nullable String failure(AuthenticationException ex) {
		if (ex instanceof BadCredentialsException) {
			return "wrong user name or password";
		}
		return (ex instanceof AccountStatusException)
				? "account " + ex.getClass().getSimpleName().replace("Exception", "").toLowerCase(java.util.Locale.ROOT)
				: null;
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

	/**
	 * A sign-in refused because too many failed before it.
	 */
	public static final class SignInLockedOutException extends LockedException {

		private final transient LoginThrottle.LockedOutException lockout;

		SignInLockedOutException(LoginThrottle.LockedOutException lockout) {
			super(Messages.of(lockout));
			this.lockout = lockout;
		}

		/**
		 * How long until the next attempt is taken.
		 * @return whole seconds, at least 1
		 */
		public long getRetryAfterSeconds() {
			return Math.max(1, this.lockout.getRetryAfter().toSeconds());
		}

	}

}
