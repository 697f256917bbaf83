package dev.countersign.authz.rar;

import java.util.List;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.Assert;

import dev.countersign.core.AuthorizationDetail;

/**
 * Decides whether the user is asked: as Spring Authorization Server does for scopes (when
 * the client requires consent and a requested scope other than {@code openid} is not yet
 * consented), and, whatever the client's setting, whenever an
 * {@code authorization_details} entry is requested that the stored consent does not hold.
 * Granted entries are compared in canonical form, so a later request asking for anything
 * more or different prompts again.
 */
public final class AuthorizationDetailsConsentRequirement
		implements Predicate<OAuth2AuthorizationCodeRequestAuthenticationContext> {

	private final GrantedAuthorizationDetails granted;

	public AuthorizationDetailsConsentRequirement(GrantedAuthorizationDetails granted) {
		Assert.notNull(granted, "granted cannot be null");
		this.granted = granted;
	}

	@Override
	public boolean test(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		RegisteredClient client = context.getRegisteredClient();
		OAuth2AuthorizationRequest request = context.getAuthorizationRequest();
		Assert.notNull(request, "authorizationRequest cannot be null");
		OAuth2AuthorizationConsent consent = context.getAuthorizationConsent();
		List<AuthorizationDetail> details = this.granted.requestedAtAuthorization(client, request);
		for (AuthorizationDetail detail : details) {
			if (!GrantedAuthorizationDetails.isGranted(consent, detail)) {
				return true;
			}
		}
		return scopesNeedConsent(client, request, consent);
	}

	private static boolean scopesNeedConsent(RegisteredClient client, OAuth2AuthorizationRequest request,
			@Nullable OAuth2AuthorizationConsent consent) {
		if (!client.getClientSettings().isRequireAuthorizationConsent()) {
			return false;
		}
		if (request.getScopes().size() == 1 && request.getScopes().contains(OidcScopes.OPENID)) {
			return false;
		}
		return consent == null || !consent.getScopes().containsAll(request.getScopes());
	}

}
