package dev.countersign.authz.token;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.StringUtils;

/**
 * Errors of authorization request validators, shaped so that Spring Authorization Server
 * sends them where RFC 6749 section 4.1.2.1 says: to the client's redirect URI at the
 * authorization endpoint (the redirect URI has been validated by then), as a JSON error
 * at the pushed authorization request endpoint.
 */
public final class AuthorizationRequestErrors {

	private AuthorizationRequestErrors() {
	}

	/**
	 * An error whose description keeps to the characters RFC 6749 section 5.2 allows in
	 * {@code error_description} (others, such as quotes from echoed input, become
	 * {@code ?}).
	 * @param code the error code
	 * @param description the description
	 * @return the error
	 */
	public static OAuth2Error error(String code, String description) {
		StringBuilder safe = new StringBuilder(description.length());
		description.chars()
			.forEach((c) -> safe.append((c >= 0x20 && c <= 0x7E && c != '"' && c != '\\') ? (char) c : '?'));
		return new OAuth2Error(code, safe.toString(), null);
	}

	/**
	 * The exception that reports an error to the client.
	 * @param context the validator's context, after the default validator
	 * @param error the error
	 * @return the exception to throw
	 */
	public static OAuth2AuthorizationCodeRequestAuthenticationException toClient(
			OAuth2AuthorizationCodeRequestAuthenticationContext context, OAuth2Error error) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		RegisteredClient client = context.getRegisteredClient();
		String redirectUri = StringUtils.hasText(request.getRedirectUri()) ? request.getRedirectUri()
				: client.getRedirectUris().iterator().next();
		OAuth2AuthorizationCodeRequestAuthenticationToken result = new OAuth2AuthorizationCodeRequestAuthenticationToken(
				request.getAuthorizationUri(), request.getClientId(), (Authentication) request.getPrincipal(),
				redirectUri, request.getState(), request.getScopes(), request.getAdditionalParameters());
		result.setAuthenticated(true);
		return new OAuth2AuthorizationCodeRequestAuthenticationException(error, result);
	}

}
