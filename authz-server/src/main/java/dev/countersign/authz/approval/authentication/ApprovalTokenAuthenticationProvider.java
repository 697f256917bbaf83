package dev.countersign.authz.approval.authentication;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.util.Assert;

import dev.countersign.authz.approval.ActionApproval;
import dev.countersign.authz.approval.ActionTokenGenerator;
import dev.countersign.authz.approval.ApprovalLedger;
import dev.countersign.authz.approval.ApprovalSettings;
import dev.countersign.authz.approval.BaseToken;
import dev.countersign.authz.catalog.ActionCatalog;
import dev.countersign.authz.catalog.ActionType;

/**
 * Mints the action token of an approved request, exactly once ({@code POST
 * /approvals/{id}/token}), answering a poll before the decision as the device grant and
 * CIBA do: {@code authorization_pending}, {@code slow_down} (two polls closer than the
 * interval; never the first), {@code access_denied}, {@code expired_token},
 * {@code invalid_grant} (already issued, or the grant revoked).
 * <p>
 * Every poll's time is kept, also when the answer is a refusal, so the refusal is decided
 * inside the transaction and thrown after it commits. The token is made by the server's
 * {@link OAuth2TokenGenerator} chain for the token type
 * {@link ActionTokenGenerator#ACTION_TOKEN}, in the server context of the request
 * ({@link AuthorizationServerContextHolder}), for the base token's own authentication.
 */
public final class ApprovalTokenAuthenticationProvider implements AuthenticationProvider {

	private final ApprovalLedger ledger;

	private final ActionCatalog catalog;

	private final RegisteredClientRepository clients;

	private final BaseTokens baseTokens;

	private final OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator;

	private final ApprovalSettings settings;

	public ApprovalTokenAuthenticationProvider(ApprovalLedger ledger, ActionCatalog catalog,
			RegisteredClientRepository clients, BaseTokens baseTokens,
			OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator, ApprovalSettings settings) {
		Assert.notNull(ledger, "ledger cannot be null");
		Assert.notNull(catalog, "catalog cannot be null");
		Assert.notNull(clients, "clients cannot be null");
		Assert.notNull(baseTokens, "baseTokens cannot be null");
		Assert.notNull(tokenGenerator, "tokenGenerator cannot be null");
		Assert.notNull(settings, "settings cannot be null");
		this.ledger = ledger;
		this.catalog = catalog;
		this.clients = clients;
		this.baseTokens = baseTokens;
		this.tokenGenerator = tokenGenerator;
		this.settings = settings;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		ApprovalTokenAuthenticationToken request = (ApprovalTokenAuthenticationToken) authentication;
		BaseToken base = this.baseTokens.resolve(request.getPrincipal());
		Poll poll = this.ledger.inTransaction(() -> poll(request, base));
		if (poll.refusal() != null) {
			throw new OAuth2AuthenticationException(poll.refusal());
		}
		return Objects.requireNonNull(poll.minted());
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return ApprovalTokenAuthenticationToken.class.isAssignableFrom(authentication);
	}

	private Poll poll(ApprovalTokenAuthenticationToken request, BaseToken base) {
		ActionApproval approval = this.ledger
			.expireIfDue(ApprovalStatusAuthenticationProvider.ownApproval(this.ledger, request.getApprovalId(), base));
		Polls.Answer answer = Polls.poll(this.ledger, approval, this.settings.interval(),
				"the action token was already issued");
		if (answer.refusal() != null) {
			return new Poll(null, answer.refusal());
		}
		return new Poll(issue(request, answer.polled(), base, this.ledger.now()), null);
	}

	private ApprovalTokenAuthenticationToken issue(ApprovalTokenAuthenticationToken request, ActionApproval approval,
			BaseToken base, Instant now) {
		ActionType type = this.catalog.find(approval.actionType());
		if (type == null) {
			throw ApprovalError.badRequest("invalid_grant",
					"type " + approval.actionType() + " is no longer in the catalog");
		}
		RegisteredClient client = (approval.subjectIssuer() != null) ? federatedClient(approval)
				: this.clients.findByClientId(approval.clientId());
		if (client == null) {
			throw ApprovalError.badRequest("invalid_grant",
					"client " + approval.clientId() + " is no longer registered");
		}
		DefaultOAuth2TokenContext context = DefaultOAuth2TokenContext.builder()
			.registeredClient(client)
			.principal(request.getPrincipal())
			.authorizationServerContext(AuthorizationServerContextHolder.getContext())
			.tokenType(ActionTokenGenerator.ACTION_TOKEN)
			.authorizationGrantType(ActionTokenGenerator.ACTION_APPROVAL)
			.put(ActionApproval.class, approval)
			.put(ActionTokenGenerator.ACCESS_TOKEN_HASH, base.hash())
			.put(ActionTokenGenerator.LIFETIME, type.tokenLifetime())
			.build();
		OAuth2Token token = this.tokenGenerator.generate(context);
		Assert.state(token instanceof Jwt, "the token generator made no action token");
		Jwt jwt = (Jwt) token;
		Instant issuedAt = (jwt.getIssuedAt() != null) ? jwt.getIssuedAt() : now;
		Instant expiresAt = (jwt.getExpiresAt() != null) ? jwt.getExpiresAt() : now.plus(type.tokenLifetime());
		ActionApproval issued = approval.withToken(Objects.requireNonNull(jwt.getId(), "the action token has no jti"),
				issuedAt, expiresAt);
		this.ledger.update(issued, "issued", base.clientId(), "jti " + jwt.getId());
		return new ApprovalTokenAuthenticationToken(request.getPrincipal(), approval.id(), jwt,
				Duration.between(issuedAt, expiresAt));
	}

	/**
	 * The client of a trusted issuer's base token, as the token generator and its
	 * customizers see it: not registered here, so made for this mint alone.
	 * @param approval the approval
	 * @return the client
	 */
	private static RegisteredClient federatedClient(ActionApproval approval) {
		return RegisteredClient.withId(approval.qualifiedSubject() + " " + approval.clientId())
			.clientId(approval.clientId())
			.clientAuthenticationMethod(org.springframework.security.oauth2.core.ClientAuthenticationMethod.NONE)
			.authorizationGrantType(ActionTokenGenerator.ACTION_APPROVAL)
			.build();
	}

	/**
	 * The answer to one poll, decided inside its transaction: a minted token or a
	 * refusal.
	 */
	private record Poll(@Nullable ApprovalTokenAuthenticationToken minted, @Nullable OAuth2Error refusal) {
	}

}
