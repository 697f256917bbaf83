package dev.countersign.authz.approval.authentication;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.Assert;

import dev.countersign.authz.approval.ActionApproval;
import dev.countersign.authz.approval.ApprovalLedger;
import dev.countersign.authz.approval.ApprovalSettings;
import dev.countersign.authz.approval.TransactionAuthorization;
import dev.countersign.authz.approval.TransactionAuthorizations;
import dev.countersign.authz.catalog.ActionCatalog;
import dev.countersign.authz.catalog.ActionMode;
import dev.countersign.authz.catalog.ActionType;
import dev.countersign.authz.catalog.InvalidAuthorizationDetailsException;
import dev.countersign.authz.token.ClientMetadata;

/**
 * A transaction authorization request (draft-rosomakho-oauth-txn-challenge-00 section 4):
 * the challenge verified ({@link TransactionChallenges}), its one
 * {@code authorization_details} entry checked against the catalog (a {@code jit} type of
 * the challenge's resource) and the client's types, the user the subject of the
 * challenged request's base token ({@code sub}, {@code sub_iss}), then a pending approval
 * stored with the challenge, whose {@code jti} is taken once (a second presentation, also
 * at the same moment, is refused and stores nothing), within the user's limits. The
 * challenge's {@code reason} is shown to the user as the binding message.
 */
public final class TransactionChallengeAuthenticationProvider implements AuthenticationProvider {

	private final NewApprovals approvals;

	private final TransactionAuthorizations authorizations;

	private final TransactionChallenges challenges;

	private final BackchannelUsers users;

	public TransactionChallengeAuthenticationProvider(ApprovalLedger ledger, ActionCatalog catalog,
			ApprovalSettings settings, TransactionAuthorizations authorizations, TransactionChallenges challenges,
			BackchannelUsers users) {
		Assert.notNull(authorizations, "authorizations cannot be null");
		Assert.notNull(challenges, "challenges cannot be null");
		Assert.notNull(users, "users cannot be null");
		this.approvals = new NewApprovals(ledger, catalog, settings);
		this.authorizations = authorizations;
		this.challenges = challenges;
		this.users = users;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		TransactionChallengeAuthenticationToken request = (TransactionChallengeAuthenticationToken) authentication;
		OAuth2ClientAuthenticationToken clientAuthentication = (OAuth2ClientAuthenticationToken) request.getPrincipal();
		RegisteredClient client = clientAuthentication.getRegisteredClient();
		Assert.state(client != null, "an authenticated client has its registration");
		TransactionChallenges.Verified challenge = this.challenges.verify(request.getChallenge());
		ActionCatalog.CheckedDetail checked = this.approvals.check(challenge.authorizationDetails());
		ActionType type = checked.type();
		if (!type.resource().equals(challenge.resource()) || type.mode() != ActionMode.JIT) {
			throw ApprovalError.badRequest(InvalidAuthorizationDetailsException.ERROR_CODE, "a challenge of "
					+ challenge.resource() + " may ask only for a jit type of its own, not " + type.name());
		}
		if (!ClientMetadata.authorizationDetailsTypes(client).contains(type.name())) {
			throw ApprovalError.badRequest(InvalidAuthorizationDetailsException.ERROR_CODE,
					"client " + client.getClientId() + " may not ask for type " + type.name());
		}
		String reason;
		try {
			reason = NewApprovals.bindingMessage(challenge.reason());
		}
		catch (OAuth2AuthenticationException ex) {
			throw ApprovalError.badRequest("invalid_request",
					"transaction_challenge: reason cannot be shown safely (" + ex.getError().getDescription() + ")");
		}
		if (this.authorizations.used(challenge.resource(), challenge.jti())) {
			throw ApprovalError.badRequest("invalid_request", "transaction_challenge: it was presented before");
		}
		BackchannelUsers.Subject user = this.users.ofBaseToken(challenge.subjectIssuer(), challenge.subject());
		String transactionAuthorizationId = this.approvals.codes().newId();
		TransactionAuthorization[] stored = new TransactionAuthorization[1];
		ActionApproval created;
		try {
			created = this.approvals.create(user.issuer(), user.subject(), this.approvals.settings().requestLifetime(),
					(approval) -> approval.clientId(client.getClientId())
						.actionType(type.name())
						.resource(type.resource())
						.detail(checked.detail())
						.bindingMessage(reason),
					(approval) -> {
						stored[0] = new TransactionAuthorization(approval.id(), transactionAuthorizationId,
								client.getClientId(), challenge.resource(), challenge.jti(), challenge.expiresAt(),
								challenge.txn());
						this.authorizations.insert(stored[0]);
					});
		}
		catch (DuplicateKeyException ex) {
			throw ApprovalError.badRequest("invalid_request", "transaction_challenge: it was presented before");
		}
		return new TransactionChallengeAuthenticationToken(clientAuthentication, created, stored[0]);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return TransactionChallengeAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
