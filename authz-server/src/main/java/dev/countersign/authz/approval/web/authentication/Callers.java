package dev.countersign.authz.approval.web.authentication;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import dev.countersign.authz.approval.authentication.ApprovalError;

/**
 * The caller of an approval endpoint: the bearer authentication Spring Security's
 * resource server put in the security context before the endpoint filter runs, as Spring
 * Authorization Server's converters take the client authentication.
 */
final class Callers {

	private Callers() {
	}

	static Authentication current() {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		if (caller == null || !caller.isAuthenticated()) {
			throw ApprovalError.unauthorized("invalid_token", "a valid bearer access token is required");
		}
		return caller;
	}

}
