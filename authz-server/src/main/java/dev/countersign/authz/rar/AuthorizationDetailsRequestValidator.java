package dev.countersign.authz.rar;

import java.util.function.Consumer;

import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.util.Assert;

import dev.countersign.authz.catalog.InvalidAuthorizationDetailsException;
import dev.countersign.authz.token.AuthorizationRequestErrors;
import dev.countersign.authz.token.ClientMetadata;
import dev.countersign.core.Messages;

/**
 * Refuses, at the authorization endpoint and the pushed authorization request endpoint,
 * an {@code authorization_details} parameter that does not fit the catalog or the
 * client's registration, before the user is asked anything:
 * {@code invalid_authorization_details}
 * (<a href="https://www.rfc-editor.org/rfc/rfc9396#section-5">RFC 9396 section 5</a>).
 * Run it after the default validator, which checks the redirect URI the error is sent to.
 */
public final class AuthorizationDetailsRequestValidator
		implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

	private final RequestedAuthorizationDetails details;

	public AuthorizationDetailsRequestValidator(RequestedAuthorizationDetails details) {
		Assert.notNull(details, "details cannot be null");
		this.details = details;
	}

	@Override
	public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		try {
			this.details.check(request.getAdditionalParameters().get(RequestedAuthorizationDetails.PARAMETER_NAME),
					ClientMetadata.authorizationDetailsTypes(context.getRegisteredClient()));
		}
		catch (InvalidAuthorizationDetailsException ex) {
			throw AuthorizationRequestErrors.toClient(context,
					AuthorizationRequestErrors.error(InvalidAuthorizationDetailsException.ERROR_CODE, Messages.of(ex)));
		}
	}

}
