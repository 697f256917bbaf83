package dev.countersign.authz.approval.web.authentication;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;

import dev.countersign.authz.approval.authentication.ApprovalError;

/**
 * The caller of an approval endpoint: the bearer authentication Spring Security's
 * resource server put in the security context before the endpoint filter runs, as Spring
 * Authorization Server's converters take the client authentication.
 */
final class Callers {

	private Callers() {
	}

	/**
	 * The client the client authentication filter authenticated, of a form-encoded
	 * request: what the CIBA and transaction authorization endpoints take.
	 * @param request the request
	 * @param standard the standard the request's format comes from, for the refusal
	 * @return the client
	 * @throws org.springframework.security.oauth2.core.OAuth2AuthenticationException
	 * {@code 401 invalid_client} without one, {@code 400 invalid_request} for another
	 * media type
	 */
	static OAuth2ClientAuthenticationToken formClient(HttpServletRequest request, String standard) {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		if (!(caller instanceof OAuth2ClientAuthenticationToken client) || !client.isAuthenticated()) {
			throw ApprovalError.unauthorized("invalid_client", "the client must authenticate");
		}
		String contentType = request.getContentType();
		if (contentType == null
				|| !MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(MediaType.parseMediaType(contentType))) {
			throw ApprovalError.badRequest("invalid_request",
					"the request must be application/x-www-form-urlencoded (" + standard + ")");
		}
		return client;
	}

	static Authentication current() {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		if (caller == null || !caller.isAuthenticated()) {
			throw ApprovalError.unauthorized("invalid_token", "a valid bearer access token is required");
		}
		return caller;
	}

}
