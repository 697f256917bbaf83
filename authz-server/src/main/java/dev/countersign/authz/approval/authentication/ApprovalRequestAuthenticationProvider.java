package dev.countersign.authz.approval.authentication;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.util.Assert;

import dev.countersign.authz.approval.ActionApproval;
import dev.countersign.authz.approval.ApprovalCodes;
import dev.countersign.authz.approval.ApprovalLedger;
import dev.countersign.authz.approval.ApprovalSettings;
import dev.countersign.authz.approval.BaseToken;
import dev.countersign.authz.approval.BindingMessage;
import dev.countersign.authz.catalog.ActionCatalog;
import dev.countersign.authz.catalog.ActionType;
import dev.countersign.authz.catalog.InvalidAuthorizationDetailsException;
import dev.countersign.authz.federation.TrustedIssuer;
import dev.countersign.authz.token.ClientMetadata;
import dev.countersign.core.Messages;

/**
 * Asks for an approval ({@code POST /approvals}): checks the request against the catalog,
 * the client's allowed types, the base token's audience and the user's limits (pending
 * approvals, requests per window: prompt bombing) before anything is stored, then stores
 * the pending approval with its {@code requested} audit event.
 */
public final class ApprovalRequestAuthenticationProvider implements AuthenticationProvider {

	private final ApprovalLedger ledger;

	private final ActionCatalog catalog;

	private final RegisteredClientRepository clients;

	private final BaseTokens baseTokens;

	private final ApprovalSettings settings;

	private final ApprovalCodes codes;

	public ApprovalRequestAuthenticationProvider(ApprovalLedger ledger, ActionCatalog catalog,
			RegisteredClientRepository clients, BaseTokens baseTokens, ApprovalSettings settings) {
		Assert.notNull(ledger, "ledger cannot be null");
		Assert.notNull(catalog, "catalog cannot be null");
		Assert.notNull(clients, "clients cannot be null");
		Assert.notNull(baseTokens, "baseTokens cannot be null");
		Assert.notNull(settings, "settings cannot be null");
		this.ledger = ledger;
		this.catalog = catalog;
		this.clients = clients;
		this.baseTokens = baseTokens;
		this.settings = settings;
		this.codes = new ApprovalCodes(settings.numberChoices());
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		ApprovalRequestAuthenticationToken request = (ApprovalRequestAuthenticationToken) authentication;
		BaseToken base = this.baseTokens.resolve(request.getPrincipal());
		ActionCatalog.CheckedDetail checked;
		try {
			checked = this.catalog.checkSingle(request.getAuthorizationDetails());
		}
		catch (InvalidAuthorizationDetailsException ex) {
			throw ApprovalError.badRequest(InvalidAuthorizationDetailsException.ERROR_CODE, Messages.of(ex));
		}
		ActionType type = checked.type();
		String bindingMessage = bindingMessage(request.getBindingMessage());
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
		ActionApproval created = this.ledger.inTransaction(() -> {
			this.ledger.approvals().lockSubject(ActionApproval.qualify(base.subjectIssuer(), base.subject()));
			Instant now = this.ledger.now();
			checkLimits(base, now);
			String userCode = this.codes.newUserCode();
			ActionApproval approval = ActionApproval.builder()
				.id(this.codes.newId())
				.clientId(base.clientId())
				.subject(base.subject())
				.subjectIssuer(base.subjectIssuer())
				.actionType(type.name())
				.resource(type.resource())
				.detail(checked.detail())
				.bindingMessage(bindingMessage)
				.baseTokenHash(base.hash())
				.authorizationId(base.authorizationId())
				.userCode(userCode)
				.numberChoices(this.codes.drawChoices(userCode))
				.createdAt(now)
				.expiresAt(now.plus(this.settings.requestLifetime()))
				.build();
			this.ledger.approvals().insert(approval);
			this.ledger.record("requested", base.clientId(), approval, "pending");
			return approval;
		});
		return new ApprovalRequestAuthenticationToken(request.getPrincipal(), created);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return ApprovalRequestAuthenticationToken.class.isAssignableFrom(authentication);
	}

	private static @Nullable String bindingMessage(@Nullable String message) {
		if (message == null) {
			return null;
		}
		try {
			return BindingMessage.check(message);
		}
		catch (IllegalArgumentException ex) {
			throw ApprovalError.badRequest("invalid_binding_message", Messages.of(ex));
		}
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

	private void checkLimits(BaseToken base, Instant now) {
		String subject = base.subject();
		List<Instant> open = this.ledger.approvals().openExpiries(base.subjectIssuer(), subject, now);
		if (open.size() >= this.settings.maxPendingPerSubject()) {
			throw tooMany("at most " + this.settings.maxPendingPerSubject() + " approvals may wait for this user",
					Duration.between(now, open.get(0)));
		}
		Duration window = this.settings.rateWindow();
		List<Instant> recent = this.ledger.approvals().createdSince(base.subjectIssuer(), subject, now.minus(window));
		if (recent.size() >= this.settings.maxRequestsPerWindow()) {
			throw tooMany("at most " + this.settings.maxRequestsPerWindow() + " approval requests per "
					+ window.toSeconds() + " s for this user", Duration.between(now, recent.get(0).plus(window)));
		}
	}

	private static org.springframework.security.oauth2.core.OAuth2AuthenticationException tooMany(String description,
			Duration retryAfter) {
		return new org.springframework.security.oauth2.core.OAuth2AuthenticationException(
				new ApprovalError("too_many_requests", HttpStatus.TOO_MANY_REQUESTS, description, retryAfter));
	}

}
