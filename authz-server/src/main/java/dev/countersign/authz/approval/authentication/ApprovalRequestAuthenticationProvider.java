package dev.countersign.authz.approval.authentication;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.Assert;

import dev.countersign.authz.approval.ActionApproval;
import dev.countersign.authz.approval.ApprovalLedger;
import dev.countersign.authz.approval.ApprovalSettings;
import dev.countersign.authz.approval.BaseToken;
import dev.countersign.authz.catalog.ActionCatalog;
import dev.countersign.authz.catalog.ActionType;
import dev.countersign.authz.catalog.InvalidAuthorizationDetailsException;
import dev.countersign.authz.federation.TrustedIssuer;
import dev.countersign.authz.token.ClientMetadata;

/**
 * Asks for an approval ({@code POST /approvals}): checks the request against the catalog,
 * the client's allowed types, the base token's audience and the user's limits (pending
 * approvals, requests per window: prompt bombing) before anything is stored, then stores
 * the pending approval with its {@code requested} audit event.
 */
public final class ApprovalRequestAuthenticationProvider implements AuthenticationProvider {

	private final RegisteredClientRepository clients;

	private final BaseTokens baseTokens;

	private final NewApprovals approvals;

	public ApprovalRequestAuthenticationProvider(ApprovalLedger ledger, ActionCatalog catalog,
			RegisteredClientRepository clients, BaseTokens baseTokens, ApprovalSettings settings) {
		Assert.notNull(clients, "clients cannot be null");
		Assert.notNull(baseTokens, "baseTokens cannot be null");
		this.clients = clients;
		this.baseTokens = baseTokens;
		this.approvals = new NewApprovals(ledger, catalog, settings);
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		ApprovalRequestAuthenticationToken request = (ApprovalRequestAuthenticationToken) authentication;
		BaseToken base = this.baseTokens.resolve(request.getPrincipal());
		ActionCatalog.CheckedDetail checked = this.approvals.check(request.getAuthorizationDetails());
		ActionType type = checked.type();
		String bindingMessage = NewApprovals.bindingMessage(request.getBindingMessage());
		if (request.getResource() != null && !request.getResource().equals(type.resource())) {
			throw ApprovalError.badRequest("invalid_target",
					"resource must be " + type.resource() + ", the resource of " + type.name());
		}
		if (!allowedTypes(base).contains(type.name())) {
			throw ApprovalError.badRequest(InvalidAuthorizationDetailsException.ERROR_CODE,
					"client " + base.clientId() + " may not ask for type " + type.name());
		}
		if (!base.audience().contains(type.resource())) {
			throw ApprovalError.unauthorized("invalid_token",
					"the base token's audience does not include " + type.resource());
		}
		ActionApproval created = this.approvals.create(base.subjectIssuer(), base.subject(),
				this.approvals.settings().requestLifetime(),
				(approval) -> approval.clientId(base.clientId())
					.actionType(type.name())
					.resource(type.resource())
					.detail(checked.detail())
					.bindingMessage(bindingMessage)
					.baseTokenHash(base.hash())
					.authorizationId(base.authorizationId()),
				null);
		return new ApprovalRequestAuthenticationToken(request.getPrincipal(), created);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return ApprovalRequestAuthenticationToken.class.isAssignableFrom(authentication);
	}

	/**
	 * The action types the base token's client may ask for: those of its registration
	 * here, or of its trusted issuer's entry.
	 * @param base the base token
	 * @return the types
	 * @throws org.springframework.security.oauth2.core.OAuth2AuthenticationException
	 * {@code 401} for a client of this server that is not registered
	 */
	private java.util.Set<String> allowedTypes(BaseToken base) {
		TrustedIssuer trusted = base.trustedIssuer();
		if (trusted != null) {
			return trusted.authorizationDetailsTypes();
		}
		RegisteredClient client = this.clients.findByClientId(base.clientId());
		if (client == null) {
			throw ApprovalError.unauthorized("invalid_token", "the base token's client is not registered");
		}
		return ClientMetadata.authorizationDetailsTypes(client);
	}

}
