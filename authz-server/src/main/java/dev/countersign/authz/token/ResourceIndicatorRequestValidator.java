package dev.countersign.authz.token;

import java.util.function.Consumer;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import dev.countersign.core.ResourceIndicators;

/**
 * Refuses, at the authorization endpoint, a {@code resource} the client is not registered
 * for, before the user is asked anything. The error goes back to the client's redirect
 * URI as {@code invalid_target} (RFC 8707 section 2). Run it after the default validator,
 * which checks the redirect URI.
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
		throw AuthorizationRequestErrors.toClient(context, error);
	}

}
