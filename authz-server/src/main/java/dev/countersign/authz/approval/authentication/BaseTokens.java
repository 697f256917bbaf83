package dev.countersign.authz.approval.authentication;

import java.time.Clock;
import java.util.List;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.Assert;

import dev.countersign.authz.approval.BaseToken;
import dev.countersign.authz.federation.TrustedIssuer;
import dev.countersign.authz.federation.TrustedIssuers;
import dev.countersign.core.ClaimNames;

/**
 * Turns the bearer authentication of a client's approval call into a {@link BaseToken},
 * failing closed: beyond the signature, type and lifetime that Spring Security's resource
 * server already checked, a token of this server must still be active in its
 * authorization store (not revoked) and must stand for a user (not a client-credentials
 * token); a token of a trusted issuer must name its user and client by the entry's
 * claims.
 */
public final class BaseTokens {

	private final StoredAccessTokens accessTokens;

	private final TrustedIssuers trustedIssuers;

	private Clock clock = Clock.systemUTC();

	/**
	 * Checks the tokens of this server through the authorization service.
	 * @param authorizations the authorization service
	 * @param trustedIssuers the trusted issuers
	 */
	public BaseTokens(OAuth2AuthorizationService authorizations, TrustedIssuers trustedIssuers) {
		this(StoredAccessTokens.of(authorizations), trustedIssuers);
	}

	/**
	 * Checks the tokens of this server with a look-up of their stored state.
	 * @param accessTokens the look-up
	 * @param trustedIssuers the trusted issuers
	 */
	public BaseTokens(StoredAccessTokens accessTokens, TrustedIssuers trustedIssuers) {
		Assert.notNull(accessTokens, "accessTokens cannot be null");
		Assert.notNull(trustedIssuers, "trustedIssuers cannot be null");
		this.accessTokens = accessTokens;
		this.trustedIssuers = trustedIssuers;
	}

	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
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
		TrustedIssuer trusted = this.trustedIssuers.find(jwt.getClaimAsString(JwtClaimNames.ISS));
		if (trusted != null) {
			return federated(jwt, trusted);
		}
		StoredAccessTokens.StoredAccessToken stored = this.accessTokens.find(jwt.getTokenValue());
		if (stored == null || !stored.isActive(this.clock.instant())) {
			throw ApprovalError.unauthorized("invalid_token", "the base token is revoked or unknown");
		}
		if (AuthorizationGrantType.CLIENT_CREDENTIALS.getValue().equals(stored.grantType())) {
			throw ApprovalError.unauthorized("insufficient_user_authentication",
					"the base token must stand for a user; a client-credentials token has none to ask");
		}
		String clientId = jwt.getClaimAsString(ClaimNames.CLIENT_ID);
		List<String> audience = (jwt.getAudience() != null) ? jwt.getAudience() : List.of();
		if (clientId == null || jwt.getSubject() == null) {
			throw ApprovalError.unauthorized("invalid_token", "the base token lacks sub or client_id");
		}
		return new BaseToken(jwt.getSubject(), clientId, audience, BaseToken.hashOf(jwt.getTokenValue()),
				stored.authorizationId(), null);
	}

	/**
	 * The base token of a trusted issuer, whose signature, issuer, lifetime, audience and
	 * type its decoder checked: the subject and the client by the entry's claims.
	 * @param jwt the token
	 * @param trusted its issuer's entry
	 * @return the base token
	 */
	private static BaseToken federated(Jwt jwt, TrustedIssuer trusted) {
		String setting = "countersign.federation.issuers." + trusted.name() + ".";
		String subject = jwt.getClaimAsString(trusted.subjectClaim());
		if (subject == null || subject.isBlank()) {
			throw ApprovalError.unauthorized("invalid_token", "the base token has no " + trusted.subjectClaim()
					+ " claim, which names the user (" + setting + "subject-claim)");
		}
		String clientClaim = trusted.clientClaim();
		String clientId = (clientClaim != null) ? jwt.getClaimAsString(clientClaim)
				: (jwt.getClaimAsString(ClaimNames.CLIENT_ID) != null) ? jwt.getClaimAsString(ClaimNames.CLIENT_ID)
						: jwt.getClaimAsString("azp");
		if (clientId == null || clientId.isBlank()) {
			throw ApprovalError.unauthorized("invalid_token",
					"the base token has no " + ((clientClaim != null) ? clientClaim : "client_id or azp")
							+ " claim, which names the client (" + setting + "client-claim)");
		}
		List<String> audience = (jwt.getAudience() != null) ? jwt.getAudience() : List.of();
		return new BaseToken(subject, clientId, audience, BaseToken.hashOf(jwt.getTokenValue()), null, trusted);
	}

}
