package dev.countersign.authz.token;

import java.util.function.Consumer;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.StringUtils;

/**
 * Redirect URIs compared by exact string matching
 * (<a href="https://www.rfc-editor.org/rfc/rfc9700#section-4.1.3">RFC 9700 section
 * 4.1.3</a>) for every client but a native app: only a client registered with application
 * type {@code native} may use any port of a loopback redirect URI
 * (<a href="https://www.rfc-editor.org/rfc/rfc8252#section-7.3">RFC 8252 section
 * 7.3</a>), which Spring Authorization Server's default validator otherwise allows every
 * client. Run it before the default validator; a mismatch is answered without
 * redirecting, as any bad redirect URI.
 */
public final class ExactRedirectUriValidator implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2.1";

	@Override
	public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		RegisteredClient client = context.getRegisteredClient();
		String redirectUri = request.getRedirectUri();
		if (!StringUtils.hasText(redirectUri) || ClientMetadata.isNativeApplication(client)
				|| client.getRedirectUris().contains(redirectUri)) {
			return;
		}
		OAuth2AuthorizationCodeRequestAuthenticationToken noRedirect = new OAuth2AuthorizationCodeRequestAuthenticationToken(
				request.getAuthorizationUri(), request.getClientId(), (Authentication) request.getPrincipal(), null,
				request.getState(), request.getScopes(), request.getAdditionalParameters());
		throw new OAuth2AuthorizationCodeRequestAuthenticationException(
				new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
						"OAuth 2.0 Parameter: " + OAuth2ParameterNames.REDIRECT_URI, ERROR_URI),
				noRedirect);
	}

}
