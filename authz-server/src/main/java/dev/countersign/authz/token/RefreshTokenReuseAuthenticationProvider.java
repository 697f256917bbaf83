package dev.countersign.authz.token;

import java.time.Clock;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

import dev.countersign.authz.audit.AuditLog;
import dev.countersign.authz.audit.AuditRecord;

/**
 * Spring Authorization Server's refresh token grant with reuse detection
 * (<a href="https://www.rfc-editor.org/rfc/rfc9700#section-4.14.2">RFC 9700 section
 * 4.14.2</a>): every refresh token that rotation replaces is remembered
 * ({@link RotatedRefreshTokens}); when one is presented again by the client of its grant,
 * somebody holds a copy, so the grant's active refresh token is revoked (and with it, by
 * Spring Authorization Server, its access token, and by
 * {@code ApprovalRevokingAuthorizationService} its approvals and unused action tokens),
 * the reuse is audited, and the request fails with {@code invalid_grant} as any unknown
 * token does.
 */
public final class RefreshTokenReuseAuthenticationProvider implements AuthenticationProvider {

	private final AuthenticationProvider delegate;

	private final OAuth2AuthorizationService authorizations;

	private final RotatedRefreshTokens rotated;

	private final AuditLog audit;

	private final TransactionOperations transactions;

	private Clock clock = Clock.systemUTC();

	public RefreshTokenReuseAuthenticationProvider(AuthenticationProvider delegate,
			OAuth2AuthorizationService authorizations, RotatedRefreshTokens rotated, AuditLog audit,
			TransactionOperations transactions) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.notNull(authorizations, "authorizations cannot be null");
		Assert.notNull(rotated, "rotated cannot be null");
		Assert.notNull(audit, "audit cannot be null");
		Assert.notNull(transactions, "transactions cannot be null");
		this.delegate = delegate;
		this.authorizations = authorizations;
		this.rotated = rotated;
		this.audit = audit;
		this.transactions = transactions;
	}

	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	@Override
	public @Nullable Authentication authenticate(Authentication authentication) throws AuthenticationException {
		OAuth2RefreshTokenAuthenticationToken request = (OAuth2RefreshTokenAuthenticationToken) authentication;
		String presented = request.getRefreshToken();
		Authentication result;
		try {
			result = this.delegate.authenticate(authentication);
		}
		catch (OAuth2AuthenticationException ex) {
			if (OAuth2ErrorCodes.INVALID_GRANT.equals(ex.getError().getErrorCode())) {
				this.transactions.executeWithoutResult((status) -> revokeIfReused(presented, request.getPrincipal()));
			}
			throw ex;
		}
		if (result instanceof OAuth2AccessTokenAuthenticationToken issued && issued.getRefreshToken() != null
				&& !issued.getRefreshToken().getTokenValue().equals(presented)) {
			OAuth2RefreshToken next = issued.getRefreshToken();
			OAuth2Authorization grant = this.authorizations.findByToken(next.getTokenValue(),
					OAuth2TokenType.REFRESH_TOKEN);
			if (grant != null) {
				Instant now = this.clock.instant();
				this.rotated.remember(presented, grant.getId(), now,
						(next.getExpiresAt() != null) ? next.getExpiresAt() : now.plusSeconds(86400));
			}
		}
		return result;
	}

	private void revokeIfReused(String presented, Object principal) {
		String grantId = this.rotated.grantOf(presented, this.clock.instant());
		if (grantId == null || !(principal instanceof OAuth2ClientAuthenticationToken client)
				|| client.getRegisteredClient() == null) {
			return;
		}
		OAuth2Authorization grant = this.authorizations.findById(grantId);
		RegisteredClient registeredClient = client.getRegisteredClient();
		if (grant == null || !grant.getRegisteredClientId().equals(registeredClient.getId())) {
			return;
		}
		OAuth2Authorization.Token<OAuth2RefreshToken> active = grant.getRefreshToken();
		if (active != null && !active.isInvalidated()) {
			this.authorizations.save(OAuth2Authorization.from(grant).invalidate(active.getToken()).build());
		}
		this.audit.append(new AuditRecord("refresh-token-reused", registeredClient.getClientId(),
				grant.getPrincipalName(), registeredClient.getClientId(), null, null, null,
				"a rotated refresh token was presented again: grant revoked"));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.delegate.supports(authentication);
	}

}
