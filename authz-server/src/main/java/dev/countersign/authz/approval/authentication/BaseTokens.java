package dev.countersign.authz.approval.authentication;

import java.util.List;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.Assert;

import dev.countersign.authz.approval.BaseToken;
import dev.countersign.core.ClaimNames;

/**
 * Turns the bearer authentication of a client's approval call into a {@link BaseToken},
 * failing closed: beyond the signature, type and lifetime that Spring Security's resource
 * server already checked, the token must still be active in this server's authorization
 * store (not revoked) and must stand for a user (not a client-credentials token).
 */
public final class BaseTokens {

	private final OAuth2AuthorizationService authorizations;

	public BaseTokens(OAuth2AuthorizationService authorizations) {
		Assert.notNull(authorizations, "authorizations cannot be null");
		this.authorizations = authorizations;
	}

	/**
	 * The base token of an authenticated call.
	 * @param principal the call's bearer authentication
	 * @return the base token
	 * @throws org.springframework.security.oauth2.core.OAuth2AuthenticationException
	 * {@code 401} when not a bearer token, revoked, unknown or not a user's token
	 */
	public BaseToken resolve(Authentication principal) {
		if (!(principal instanceof JwtAuthenticationToken bearer) || !bearer.isAuthenticated()) {
			throw ApprovalError.unauthorized("invalid_token", "a valid bearer access token is required");
		}
		Jwt jwt = bearer.getToken();
		OAuth2Authorization authorization = this.authorizations.findByToken(jwt.getTokenValue(),
				OAuth2TokenType.ACCESS_TOKEN);
		OAuth2Authorization.Token<OAuth2AccessToken> accessToken = (authorization != null)
				? authorization.getAccessToken() : null;
		if (authorization == null || accessToken == null || !accessToken.isActive()) {
			throw ApprovalError.unauthorized("invalid_token", "the base token is revoked or unknown");
		}
		if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(authorization.getAuthorizationGrantType())) {
			throw ApprovalError.unauthorized("insufficient_user_authentication",
					"the base token must stand for a user; a client-credentials token has none to ask");
		}
		String clientId = jwt.getClaimAsString(ClaimNames.CLIENT_ID);
		List<String> audience = (jwt.getAudience() != null) ? jwt.getAudience() : List.of();
		if (clientId == null || jwt.getSubject() == null) {
			throw ApprovalError.unauthorized("invalid_token", "the base token lacks sub or client_id");
		}
		return new BaseToken(jwt.getSubject(), clientId, audience, BaseToken.hashOf(jwt.getTokenValue()),
				authorization.getId());
	}

}
