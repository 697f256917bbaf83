package dev.countersign.authz.approval.authentication;

import java.util.Objects;
import java.util.Set;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.util.Assert;

import dev.countersign.authz.approval.ApprovalLedger;
import dev.countersign.authz.approval.ApprovalSettings;
import dev.countersign.authz.approval.TransactionAuthorization;
import dev.countersign.authz.approval.TransactionAuthorizations;
import dev.countersign.authz.catalog.ActionCatalog;

/**
 * A poll of a transaction authorization (draft-rosomakho-oauth-txn-challenge-00 section
 * 4.3), by the client that presented the challenge: {@code authorization_pending},
 * {@code slow_down}, {@code access_denied}, {@code expired_token}, {@code invalid_grant};
 * once approved, the transaction access token (the challenge's resource as its audience,
 * its {@code txn}, the one approved entry), issued once.
 */
public final class TransactionAuthorizationPollAuthenticationProvider implements AuthenticationProvider {

	/** The grant recorded for tokens of a transaction authorization challenge. */
	public static final AuthorizationGrantType TRANSACTION_CHALLENGE = new AuthorizationGrantType(
			"urn:countersign:grant-type:transaction-challenge");

	private final TransactionAuthorizations authorizations;

	private final ApprovedTokenIssuer issuer;

	private final ApprovalSettings settings;

	public TransactionAuthorizationPollAuthenticationProvider(ApprovalLedger ledger, ActionCatalog catalog,
			TransactionAuthorizations authorizations, OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator,
			OAuth2AuthorizationService oauth2Authorizations, ApprovalSettings settings) {
		Assert.notNull(authorizations, "authorizations cannot be null");
		Assert.notNull(settings, "settings cannot be null");
		this.authorizations = authorizations;
		this.issuer = new ApprovedTokenIssuer(ledger, catalog, tokenGenerator, oauth2Authorizations);
		this.settings = settings;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		TransactionAuthorizationPollAuthenticationToken poll = (TransactionAuthorizationPollAuthenticationToken) authentication;
		OAuth2ClientAuthenticationToken clientPrincipal = (OAuth2ClientAuthenticationToken) poll.getPrincipal();
		RegisteredClient client = Objects.requireNonNull(clientPrincipal.getRegisteredClient());
		TransactionAuthorization authorization = this.authorizations.findById(poll.getTransactionAuthorizationId());
		if (authorization == null || !authorization.clientId().equals(client.getClientId())) {
			throw ApprovalError.badRequest("invalid_grant",
					"transaction_authorization_id is not one of this client's requests");
		}
		ApprovedTokenIssuer.Redemption redemption = this.issuer.redeem(authorization.approvalId(),
				this.settings.interval(), "the transaction authorization was already redeemed",
				(approval, type) -> this.issuer.issue(approval, type, clientPrincipal, Set.of(), TRANSACTION_CHALLENGE,
						null, authorization.txn()));
		if (redemption.refusal() != null) {
			throw new OAuth2AuthenticationException(redemption.refusal());
		}
		return new TransactionAuthorizationPollAuthenticationToken(clientPrincipal,
				Objects.requireNonNull(redemption.tokens()));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return TransactionAuthorizationPollAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
