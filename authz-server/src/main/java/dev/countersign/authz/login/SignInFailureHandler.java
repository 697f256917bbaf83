package dev.countersign.authz.login;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

import dev.countersign.authz.web.DatabaseUnavailableFilter;

/**
 * Where a failed sign-in goes: back to the login page, saying "wrong user name or
 * password", or, for a sign-in refused while locked out, how long to wait; a sign-in that
 * could not reach the database is no failed sign-in and goes on to
 * {@link DatabaseUnavailableFilter}.
 */
public final class SignInFailureHandler implements AuthenticationFailureHandler {

	private final DefaultRedirectStrategy redirects = new DefaultRedirectStrategy();

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		if (DatabaseUnavailableFilter.unavailable(exception) != null) {
			// not a wrong password: the database is away, and the request fails closed
			// with 503
			throw exception;
		}
		if (exception instanceof ThrottledUserAuthenticationProvider.SignInLockedOutException locked) {
			this.redirects.sendRedirect(request, response, "/login?locked=" + locked.getRetryAfterSeconds());
			return;
		}
		this.redirects.sendRedirect(request, response, "/login?error");
	}

}
