package dev.countersign.authz.approval;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

/**
 * An {@link OAuth2AuthorizationService} that carries every revocation through to the
 * approvals of the grant, in the same transaction as the authorization's change:
 * <ul>
 * <li>a revoked or reused refresh token (RFC 7009, RFC 9700 section 4.14.2; Spring
 * Authorization Server then invalidates the access token too), or a removed
 * authorization, revokes every approval of the grant that could still lead to an
 * action;</li>
 * <li>a revoked access token revokes the approvals asked with that base token.</li>
 * </ul>
 * A revoked approval can no longer be minted, and its action token is refused at the
 * consume endpoint. Saves that revoke nothing cost nothing more.
 */
public final class ApprovalRevokingAuthorizationService implements OAuth2AuthorizationService {

	private final OAuth2AuthorizationService delegate;

	private final ActionApprovalService approvals;

	private final TransactionOperations transactions;

	public ApprovalRevokingAuthorizationService(OAuth2AuthorizationService delegate, ActionApprovalService approvals,
			TransactionOperations transactions) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.notNull(approvals, "approvals cannot be null");
		Assert.notNull(transactions, "transactions cannot be null");
		this.delegate = delegate;
		this.approvals = approvals;
		this.transactions = transactions;
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		OAuth2Authorization.Token<OAuth2RefreshToken> refreshToken = authorization.getRefreshToken();
		OAuth2Authorization.Token<OAuth2AccessToken> accessToken = authorization.getAccessToken();
		boolean grantRevoked = refreshToken != null && refreshToken.isInvalidated();
		boolean baseTokenRevoked = accessToken != null && accessToken.isInvalidated();
		if (!grantRevoked && !baseTokenRevoked) {
			this.delegate.save(authorization);
			return;
		}
		this.transactions.executeWithoutResult((status) -> {
			this.delegate.save(authorization);
			if (grantRevoked) {
				this.approvals.revokeGrant(authorization.getId(), "the grant was revoked");
			}
			else if (accessToken != null) {
				this.approvals.revokeBaseToken(BaseToken.hashOf(accessToken.getToken().getTokenValue()),
						"the base token was revoked");
			}
		});
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		this.transactions.executeWithoutResult((status) -> {
			this.delegate.remove(authorization);
			this.approvals.revokeGrant(authorization.getId(), "the grant was removed");
		});
	}

	@Override
	public @Nullable OAuth2Authorization findById(String id) {
		return this.delegate.findById(id);
	}

	@Override
	public @Nullable OAuth2Authorization findByToken(String token, @Nullable OAuth2TokenType tokenType) {
		return this.delegate.findByToken(token, tokenType);
	}

}
