package dev.countersign.authz.token;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.Assert;

/**
 * Spring Authorization Server's token introspection (RFC 7662) for resource servers only:
 * the calling client must be registered with the resources it serves
 * ({@link ClientMetadata#servedResources}), else {@code unauthorized_client}; and a token
 * whose audience is none of them is answered {@code {"active": false}}, as RFC 7662
 * section 2.2 allows, so a resource server learns nothing of tokens meant for others.
 */
public final class ResourceServerIntrospectionAuthenticationProvider implements AuthenticationProvider {

	private final AuthenticationProvider delegate;

	public ResourceServerIntrospectionAuthenticationProvider(AuthenticationProvider delegate) {
		Assert.notNull(delegate, "delegate cannot be null");
		this.delegate = delegate;
	}

	@Override
	public @Nullable Authentication authenticate(Authentication authentication) throws AuthenticationException {
		OAuth2TokenIntrospectionAuthenticationToken request = (OAuth2TokenIntrospectionAuthenticationToken) authentication;
		if (!(request.getPrincipal() instanceof OAuth2ClientAuthenticationToken client) || !client.isAuthenticated()
				|| client.getRegisteredClient() == null) {
			return this.delegate.authenticate(authentication);
		}
		RegisteredClient caller = client.getRegisteredClient();
		Set<String> served = ClientMetadata.servedResources(caller);
		if (served.isEmpty()) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT,
					"only resource servers may introspect tokens: register the resources client " + caller.getClientId()
							+ " serves",
					null));
		}
		Authentication result = this.delegate.authenticate(authentication);
		if (result instanceof OAuth2TokenIntrospectionAuthenticationToken introspected
				&& introspected.getTokenClaims().isActive() && !servesAudience(served, introspected.getTokenClaims())) {
			return new OAuth2TokenIntrospectionAuthenticationToken(request.getToken(), client,
					OAuth2TokenIntrospection.builder().build());
		}
		return result;
	}

	private static boolean servesAudience(Set<String> served, OAuth2TokenIntrospection claims) {
		List<String> audience = claims.getAudience();
		return audience != null && audience.stream().anyMatch(served::contains);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.delegate.supports(authentication);
	}

}
