package dev.countersign.authz.login;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.util.Assert;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Spring Authorization Server's client-secret authentication
 * ({@code client_secret_basic}, {@code client_secret_post}) through
 * {@link LoginThrottle}: refused with {@code invalid_client} naming the wait while the
 * client or the address is locked out, every failure counted and audited. Other
 * authentication methods pass to the delegate untouched.
 */
public final class ThrottledClientAuthenticationProvider implements AuthenticationProvider {

	private final AuthenticationProvider delegate;

	private final LoginThrottle throttle;

	public ThrottledClientAuthenticationProvider(AuthenticationProvider delegate, LoginThrottle throttle) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.notNull(throttle, "throttle cannot be null");
		this.delegate = delegate;
		this.throttle = throttle;
	}

	@Override
	public @Nullable Authentication authenticate(Authentication authentication) throws AuthenticationException {
		OAuth2ClientAuthenticationToken client = (OAuth2ClientAuthenticationToken) authentication;
		if (!ClientAuthenticationMethod.CLIENT_SECRET_BASIC.equals(client.getClientAuthenticationMethod())
				&& !ClientAuthenticationMethod.CLIENT_SECRET_POST.equals(client.getClientAuthenticationMethod())) {
			return this.delegate.authenticate(authentication);
		}
		LoginThrottle.Attempt attempt = new LoginThrottle.Attempt(LoginThrottle.Kind.CLIENT,
				String.valueOf(client.getPrincipal()), remoteAddress());
		return this.throttle.authenticate(attempt, () -> this.delegate.authenticate(authentication),
				(ex) -> (ex instanceof OAuth2AuthenticationException oauth2
						&& OAuth2ErrorCodes.INVALID_CLIENT.equals(oauth2.getError().getErrorCode()))
								? "invalid client credentials" : null,
				(lockout) -> new ClientLockedOutException(Math.max(1, lockout.getRetryAfter().toSeconds())));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.delegate.supports(authentication);
	}

	private static String remoteAddress() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			HttpServletRequest request = attributes.getRequest();
			return request.getRemoteAddr();
		}
		return "unknown";
	}

	/**
	 * A client authentication refused because too many failed before it.
	 */
	public static final class ClientLockedOutException extends OAuth2AuthenticationException {

		private final long retryAfterSeconds;

		ClientLockedOutException(long retryAfterSeconds) {
			super(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT,
					"too many failed authentications of this client or from this address; try again in "
							+ retryAfterSeconds + " s",
					null));
			this.retryAfterSeconds = retryAfterSeconds;
		}

		/**
		 * How long until the next attempt is taken.
		 * @return whole seconds, at least 1
		 */
		public long getRetryAfterSeconds() {
			return this.retryAfterSeconds;
		}

	}

}
