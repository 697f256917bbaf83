package dev.countersign.authz.approval.authentication;

import java.io.Serial;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.util.Assert;

/**
 * A poll of a transaction authorization (draft-rosomakho-oauth-txn-challenge-00 section
 * 4.3) by the client that presented the challenge; answered, once approved, with the
 * transaction access token.
 */
public final class TransactionAuthorizationPollAuthenticationToken extends ApprovalEndpointAuthenticationToken {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String transactionAuthorizationId;

	private final transient @Nullable OAuth2AccessTokenAuthenticationToken tokens;

	/**
	 * A poll as read.
	 * @param client the client's authentication
	 * @param transactionAuthorizationId the {@code transaction_authorization_id}
	 */
	public TransactionAuthorizationPollAuthenticationToken(Authentication client, String transactionAuthorizationId) {
		super(client, false);
		Assert.hasText(transactionAuthorizationId, "transactionAuthorizationId cannot be empty");
		this.transactionAuthorizationId = transactionAuthorizationId;
		this.tokens = null;
	}

	/**
	 * The answer.
	 * @param client the client's authentication
	 * @param tokens the tokens
	 */
	public TransactionAuthorizationPollAuthenticationToken(Authentication client,
			OAuth2AccessTokenAuthenticationToken tokens) {
		super(client, true);
		this.transactionAuthorizationId = "";
		this.tokens = tokens;
	}

	public String getTransactionAuthorizationId() {
		return this.transactionAuthorizationId;
	}

	public @Nullable OAuth2AccessTokenAuthenticationToken getTokens() {
		return this.tokens;
	}

}
