package dev.countersign.authz.token;

import java.util.function.Consumer;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.StringUtils;

import dev.countersign.core.ResourceIndicators;

/**
 * Refuses, at the authorization endpoint, a {@code resource} the client is not registered for,
 * before the user is asked anything. The error goes back to the client's redirect URI as
 * {@code invalid_target} (RFC 8707 section 2). Run it after the default validator, which checks
 * the redirect URI.
 */
public final class ResourceIndicatorRequestValidator
		implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

	@Override
	public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		RegisteredClient client = context.getRegisteredClient();
		OAuth2Error error = ResourceIndicatorResolver.validate(client,
				request.getAdditionalParameters().get(ResourceIndicators.PARAMETER_NAME));
		if (error == null) {
			return;
		}
		String redirectUri = StringUtils.hasText(request.getRedirectUri()) ? request.getRedirectUri()
				: client.getRedirectUris().iterator().next();
		OAuth2AuthorizationCodeRequestAuthenticationToken result = new OAuth2AuthorizationCodeRequestAuthenticationToken(
				request.getAuthorizationUri(), request.getClientId(), (Authentication) request.getPrincipal(),
				redirectUri, request.getState(), request.getScopes(), request.getAdditionalParameters());
		result.setAuthenticated(true);
		throw new OAuth2AuthorizationCodeRequestAuthenticationException(error, result);
	}

}
