package dev.countersign.authz.approval.web;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.Assert;

import dev.countersign.authz.approval.ApprovalException;
import dev.countersign.authz.approval.BaseToken;
import dev.countersign.core.ClaimNames;

/**
 * Turns the bearer token of an approval call into a {@link BaseToken}, failing closed:
 * beyond the signature, type and lifetime that Spring Security's resource server already
 * checked, the token must still be active in this server's authorization store (not
 * revoked) and must stand for a user (not a client-credentials token).
 */
public final class BaseTokenResolver {

	private final OAuth2AuthorizationService authorizations;

	public BaseTokenResolver(OAuth2AuthorizationService authorizations) {
		Assert.notNull(authorizations, "authorizations cannot be null");
		this.authorizations = authorizations;
	}

	/**
	 * The base token of an authenticated request.
	 * @param authentication the bearer authentication
	 * @return the base token
	 * @throws ApprovalException {@code 401} when revoked, unknown or not a user's token
	 */
	public BaseToken resolve(JwtAuthenticationToken authentication) {
		Jwt jwt = authentication.getToken();
		OAuth2Authorization authorization = this.authorizations.findByToken(jwt.getTokenValue(),
				OAuth2TokenType.ACCESS_TOKEN);
		OAuth2Authorization.Token<OAuth2AccessToken> accessToken = (authorization != null)
				? authorization.getAccessToken() : null;
		if (authorization == null || accessToken == null || !accessToken.isActive()) {
			throw new ApprovalException(HttpStatus.UNAUTHORIZED, "invalid_token",
					"the base token is revoked or unknown");
		}
		if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(authorization.getAuthorizationGrantType())) {
			throw new ApprovalException(HttpStatus.UNAUTHORIZED, "insufficient_user_authentication",
					"the base token must stand for a user; a client-credentials token has none to ask");
		}
		String clientId = jwt.getClaimAsString(ClaimNames.CLIENT_ID);
		List<String> audience = (jwt.getAudience() != null) ? jwt.getAudience() : List.of();
		if (clientId == null || jwt.getSubject() == null) {
			throw new ApprovalException(HttpStatus.UNAUTHORIZED, "invalid_token",
					"the base token lacks sub or client_id");
		}
		return new BaseToken(jwt.getSubject(), clientId, audience, BaseToken.hashOf(jwt.getTokenValue()),
				authorization.getId());
	}

}
