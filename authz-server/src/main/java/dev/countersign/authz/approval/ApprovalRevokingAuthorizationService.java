package dev.countersign.authz.approval;

import java.util.Optional;

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
 * <p>
 * Every other call runs in {@code reads}, a scope that keeps one pooled connection for
 * its whole length: Spring Authorization Server's JDBC service reads the registered
 * client while the authorization's result set still holds its connection, which outside a
 * transaction takes a second connection from the pool, so as many concurrent lookups as
 * the pool has connections would wait for each other until the pool's timeout.
 */
public final class ApprovalRevokingAuthorizationService implements OAuth2AuthorizationService {

	private final OAuth2AuthorizationService delegate;

	private final ActionApprovalService approvals;

	private final TransactionOperations transactions;

	private final TransactionOperations reads;

	/**
	 * A service that revokes approvals with the grants and base tokens they stand on.
	 * @param delegate the authorization service
	 * @param approvals the approvals
	 * @param transactions the transactions of the revoking saves and removes
	 * @param reads a scope holding one connection for a whole call without a transaction
	 * ({@code PROPAGATION_SUPPORTS} with synchronization)
	 */
	public ApprovalRevokingAuthorizationService(OAuth2AuthorizationService delegate, ActionApprovalService approvals,
			TransactionOperations transactions, TransactionOperations reads) {
		Assert.notNull(delegate, "delegate cannot be null");
		Assert.notNull(approvals, "approvals cannot be null");
		Assert.notNull(transactions, "transactions cannot be null");
		Assert.notNull(reads, "reads cannot be null");
		this.delegate = delegate;
		this.approvals = approvals;
		this.transactions = transactions;
		this.reads = reads;
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		OAuth2Authorization.Token<OAuth2RefreshToken> refreshToken = authorization.getRefreshToken();
		OAuth2Authorization.Token<OAuth2AccessToken> accessToken = authorization.getAccessToken();
		boolean grantRevoked = refreshToken != null && refreshToken.isInvalidated();
		boolean baseTokenRevoked = accessToken != null && accessToken.isInvalidated();
		if (!grantRevoked && !baseTokenRevoked) {
			this.reads.executeWithoutResult((status) -> this.delegate.save(authorization));
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
		return this.reads.execute((status) -> Optional.ofNullable(this.delegate.findById(id))).orElse(null);
	}

	@Override
	public @Nullable OAuth2Authorization findByToken(String token, @Nullable OAuth2TokenType tokenType) {
		return this.reads.execute((status) -> Optional.ofNullable(this.delegate.findByToken(token, tokenType)))
			.orElse(null);
	}

}
