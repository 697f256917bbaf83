package dev.countersign.authz.approval;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;
import tools.jackson.databind.JsonNode;

import dev.countersign.authz.approval.ActionApprovalRepository.Consumption;
import dev.countersign.authz.audit.AuditLog;
import dev.countersign.authz.audit.AuditRecord;
import dev.countersign.authz.catalog.ActionCatalog;
import dev.countersign.authz.catalog.ActionType;
import dev.countersign.authz.catalog.InvalidAuthorizationDetailsException;
import dev.countersign.authz.token.ClientMetadata;
import dev.countersign.core.Messages;
import dev.countersign.core.ParameterType;
import dev.countersign.core.StrictJson;

/**
 * Just-In-Time action approval from request to single use. Every state change and the
 * audit event that records it are written in one transaction, on the approval row locked
 * for the time of the change, so two decisions, two mints or two uses can never both
 * succeed.
 */
public final class ActionApprovalService {

	/** The {@code acr} of a password login. */
	public static final String PASSWORD_ACR = "urn:countersign:acr:password";

	private static final Set<String> REQUEST_MEMBERS = Set.of("authorization_details", "binding_message", "resource");

	private static final int MAX_BINDING_MESSAGE = 256;

	private final ActionApprovalRepository approvals;

	private final AuditLog audit;

	private final ActionCatalog catalog;

	private final OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator;

	private final RegisteredClientRepository clients;

	private final TransactionOperations transactions;

	private final ApprovalSettings settings;

	private final SecureRandom random = new SecureRandom();

	private Clock clock = Clock.systemUTC();

	public ActionApprovalService(ActionApprovalRepository approvals, AuditLog audit, ActionCatalog catalog,
			OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator, RegisteredClientRepository clients,
			TransactionOperations transactions, ApprovalSettings settings) {
		Assert.notNull(approvals, "approvals cannot be null");
		Assert.notNull(audit, "audit cannot be null");
		Assert.notNull(catalog, "catalog cannot be null");
		Assert.notNull(tokenGenerator, "tokenGenerator cannot be null");
		Assert.notNull(clients, "clients cannot be null");
		Assert.notNull(transactions, "transactions cannot be null");
		Assert.notNull(settings, "settings cannot be null");
		this.approvals = approvals;
		this.audit = audit;
		this.catalog = catalog;
		this.tokenGenerator = tokenGenerator;
		this.clients = clients;
		this.transactions = transactions;
		this.settings = settings;
	}

	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * How often a client may poll the token endpoint.
	 * @return the interval
	 */
	public Duration interval() {
		return this.settings.interval();
	}

	/**
	 * The catalog requests are checked against.
	 * @return the catalog
	 */
	public ActionCatalog catalog() {
		return this.catalog;
	}

	/**
	 * Creates an approval request: {@code POST /approvals}. Checks the body against the
	 * catalog, the client's allowed types, the base token's audience and the subject's
	 * limits before anything is stored.
	 * @param base the base token
	 * @param body the JSON body
	 * @return the pending approval
	 * @throws ApprovalException naming what was refused
	 */
	public ActionApproval create(BaseToken base, byte[] body) {
		JsonNode request = readObject(body);
		ActionCatalog.CheckedDetail checked;
		try {
			checked = this.catalog.checkSingle(request.get("authorization_details"));
		}
		catch (InvalidAuthorizationDetailsException ex) {
			throw ApprovalException.badRequest(InvalidAuthorizationDetailsException.ERROR_CODE, Messages.of(ex));
		}
		ActionType type = checked.type();
		String bindingMessage = bindingMessage(request.get("binding_message"));
		JsonNode resource = request.get("resource");
		if (resource != null && (!resource.isString() || !resource.asString().equals(type.resource()))) {
			throw ApprovalException.badRequest("invalid_target",
					"resource must be " + type.resource() + ", the resource of " + type.name());
		}
		RegisteredClient client = this.clients.findByClientId(base.clientId());
		if (client == null) {
			throw new ApprovalException(HttpStatus.UNAUTHORIZED, "invalid_token",
					"the base token's client is not registered");
		}
		if (!ClientMetadata.authorizationDetailsTypes(client).contains(type.name())) {
			throw ApprovalException.badRequest(InvalidAuthorizationDetailsException.ERROR_CODE,
					"client " + base.clientId() + " may not ask for type " + type.name());
		}
		if (!base.audience().contains(type.resource())) {
			throw new ApprovalException(HttpStatus.UNAUTHORIZED, "invalid_token",
					"the base token's audience does not include " + type.resource());
		}
		ActionApproval created = this.transactions.execute((status) -> {
			this.approvals.lockSubject(base.subject());
			Instant now = this.clock.instant();
			checkLimits(base.subject(), now);
			String userCode = newUserCode();
			ActionApproval approval = new ActionApproval(newId(), base.clientId(), base.subject(), type.name(),
					type.resource(), checked.detail(), bindingMessage, base.hash(), base.authorizationId(), userCode,
					drawChoices(userCode), ApprovalStatus.PENDING, 0, null, now,
					now.plus(this.settings.requestLifetime()), null, null, null, null, null, null, null, null, null,
					null, null, null);
			this.approvals.insert(approval);
			record("requested", base.clientId(), approval, "pending");
			return approval;
		});
		Assert.state(created != null, "approval not created");
		return created;
	}

	/**
	 * The state of an approval: {@code GET /approvals/{id}}.
	 * @param id the approval
	 * @param base the base token
	 * @return the approval
	 * @throws ApprovalException {@code 404} for anyone but the client and user that asked
	 */
	public ActionApproval status(String id, BaseToken base) {
		ActionApproval result = this.transactions.execute((status) -> {
			ActionApproval approval = this.approvals.findByIdForUpdate(id);
			if (approval == null || !approval.belongsTo(base.clientId(), base.subject())) {
				throw ApprovalException.notFound();
			}
			return expireIfDue(approval, this.clock.instant());
		});
		Assert.state(result != null, "approval not read");
		return result;
	}

	/**
	 * Mints the action token of an approved request, exactly once: {@code POST
	 * /approvals/{id}/token}.
	 * @param id the approval
	 * @param base the base token the action token binds to
	 * @param issuer this server's issuer
	 * @return the token and its lifetime
	 * @throws ApprovalException {@code authorization_pending}, {@code slow_down},
	 * {@code access_denied}, {@code expired_token}, {@code invalid_grant} (already
	 * issued) or {@code 404}
	 */
	public MintedToken mint(String id, BaseToken base, String issuer) {
		Object outcome = this.transactions.execute((status) -> {
			ActionApproval approval = this.approvals.findByIdForUpdate(id);
			if (approval == null || !approval.belongsTo(base.clientId(), base.subject())) {
				throw ApprovalException.notFound();
			}
			Instant now = this.clock.instant();
			approval = expireIfDue(approval, now);
			Instant previousPoll = approval.lastPolledAt();
			approval = approval.withPoll(now);
			this.approvals.update(approval);
			if (previousPoll != null && Duration.between(previousPoll, now).compareTo(this.settings.interval()) < 0) {
				return ApprovalException.badRequest("slow_down",
						"poll at most every " + this.settings.interval().toSeconds() + " s");
			}
			return switch (approval.status()) {
				case PENDING -> ApprovalException.badRequest("authorization_pending", "the user has not decided yet");
				case DENIED -> ApprovalException.badRequest("access_denied", "the user denied the request");
				case EXPIRED -> ApprovalException.badRequest("expired_token", "the approval request expired");
				case ISSUED -> ApprovalException.badRequest("invalid_grant", "the action token was already issued");
				case REVOKED ->
					ApprovalException.badRequest("invalid_grant", "the grant of the base token was revoked");
				case APPROVED -> issue(approval, base, issuer, now);
			};
		});
		if (outcome instanceof ApprovalException refused) {
			throw refused;
		}
		Assert.state(outcome instanceof MintedToken, "no token minted");
		return (MintedToken) outcome;
	}

	/**
	 * The approval as its user sees it on the approval page.
	 * @param id the approval
	 * @param user the signed-in user
	 * @return the approval
	 * @throws ApprovalPageException {@code 404} when unknown, {@code 403} for anyone but
	 * its subject
	 */
	public ActionApproval forUser(String id, ApprovalUser user) {
		return inTransaction(() -> lockForUser(id, user));
	}

	/**
	 * The approval page as its user first sees it: the first time it is shown while
	 * pending, the time is kept and audited ({@code shown}); the numbers it offers were
	 * drawn once, when the approval was asked (drawn now for an approval stored before
	 * they were kept), so reloading the page never shows other decoys.
	 * @param id the approval
	 * @param user the signed-in user
	 * @return the approval
	 * @throws ApprovalPageException {@code 404} when unknown, {@code 403} for anyone but
	 * its subject
	 */
	public ActionApproval show(String id, ApprovalUser user) {
		return inTransaction(() -> {
			ActionApproval approval = lockForUser(id, user);
			if (approval.status() != ApprovalStatus.PENDING || approval.shownAt() != null) {
				return approval;
			}
			List<String> choices = approval.numberChoices().isEmpty() ? drawChoices(approval.userCode())
					: approval.numberChoices();
			ActionApproval shown = approval.withShown(this.clock.instant(), choices);
			this.approvals.update(shown);
			record("shown", user.username(), shown, "approval page shown");
			return shown;
		});
	}

	/**
	 * The number the user picked on the approval page (number matching against prompt
	 * bombing). A wrong pick is a failed attempt; {@code max-failed-attempts} of them (by
	 * default the first) deny the request.
	 * @param id the approval
	 * @param user the signed-in user
	 * @param number the picked number
	 * @return the approval after the pick
	 */
	public ActionApproval pickNumber(String id, ApprovalUser user, String number) {
		return inTransaction(() -> {
			ActionApproval approval = lockForUser(id, user);
			if (approval.status() != ApprovalStatus.PENDING || approval.numberMatchedAt() != null) {
				return approval;
			}
			Instant now = this.clock.instant();
			if (approval.userCode().equals(number)) {
				approval = approval.withNumberMatched(now);
				this.approvals.update(approval);
				return approval;
			}
			approval = approval.withFailedAttempt();
			record("wrong-number", user.username(), approval,
					"attempt " + approval.failedAttempts() + " of " + this.settings.maxFailedAttempts());
			if (approval.failedAttempts() >= this.settings.maxFailedAttempts()) {
				approval = approval.withDecision(ApprovalStatus.DENIED, now, user.username(), null, null);
				record("denied", user.username(), approval, "too many wrong numbers");
			}
			this.approvals.update(approval);
			return approval;
		});
	}

	/**
	 * The user's decision. Final: a request that is no longer pending is left as it is.
	 * @param id the approval
	 * @param user the signed-in user
	 * @param approve {@code true} to approve, {@code false} to deny
	 * @return the approval after the decision
	 * @throws ApprovalPageException {@code 409} when the request is no longer pending or
	 * the number was not matched, {@link FreshLoginRequiredException} when the login is
	 * too old for the type
	 */
	public ActionApproval decide(String id, ApprovalUser user, boolean approve) {
		return inTransaction(() -> {
			ActionApproval approval = lockForUser(id, user);
			if (approval.status() != ApprovalStatus.PENDING) {
				throw new ApprovalPageException(HttpStatus.CONFLICT,
						"this request is already " + approval.status().value());
			}
			Instant now = this.clock.instant();
			if (!approve) {
				approval = approval.withDecision(ApprovalStatus.DENIED, now, user.username(), PASSWORD_ACR,
						user.authTime());
				this.approvals.update(approval);
				record("denied", user.username(), approval, "denied by the user");
				return approval;
			}
			if (approval.numberMatchedAt() == null) {
				throw new ApprovalPageException(HttpStatus.CONFLICT, "pick the number the client shows first");
			}
			requireFreshLogin(approval, user, now);
			approval = approval.withDecision(ApprovalStatus.APPROVED, now, user.username(), PASSWORD_ACR,
					user.authTime());
			this.approvals.update(approval);
			record("approved", user.username(), approval, "approved");
			return approval;
		});
	}

	/**
	 * Whether the user's login is recent enough for the approval's type.
	 * @param approval the approval
	 * @param user the signed-in user
	 * @return {@code true} when the user must sign in again first
	 */
	public boolean needsFreshLogin(ActionApproval approval, ApprovalUser user) {
		ActionType type = this.catalog.find(approval.actionType());
		Duration maxAge = (type != null) ? type.maxAge() : null;
		if (maxAge == null) {
			return false;
		}
		Instant authTime = user.authTime();
		return authTime == null || authTime.plus(maxAge).isBefore(this.clock.instant());
	}

	/**
	 * Marks an action token used: {@code POST /approvals/consume}. Exactly one of any
	 * number of concurrent calls for one {@code jti} gets {@link Consumption#FIRST_USE}.
	 * A resource server may only use tokens of the resources it serves: for any other
	 * {@code jti} it learns nothing and changes nothing ({@link Consumption#UNKNOWN}, as
	 * for a {@code jti} never issued); the attempt is audited. A token whose grant was
	 * revoked is never used.
	 * @param jti the token id
	 * @param consumer the resource server client
	 * @param servedResources the resources the resource server serves
	 * @return what happened
	 */
	public Consumption consume(String jti, String consumer, Set<String> servedResources) {
		Consumption result = this.transactions.execute((status) -> {
			ActionApproval approval = this.approvals.findByTokenJtiForUpdate(jti);
			if (approval == null) {
				return Consumption.UNKNOWN;
			}
			if (!servedResources.contains(approval.resource())) {
				record("consume-refused", consumer, approval,
						"the resource server does not serve " + approval.resource());
				return Consumption.UNKNOWN;
			}
			if (approval.status() == ApprovalStatus.REVOKED) {
				record("consume-refused", consumer, approval, "the grant of the base token was revoked");
				return Consumption.REVOKED;
			}
			if (approval.consumedAt() != null) {
				record("replay-refused", consumer, approval, "already used");
				return Consumption.ALREADY_USED;
			}
			this.approvals.markConsumed(approval.id(), consumer, this.clock.instant());
			record("consumed", consumer, approval, "first use");
			return Consumption.FIRST_USE;
		});
		Assert.state(result != null, "consumption not recorded");
		return result;
	}

	/**
	 * Records that a resource server refused an action token after its signature
	 * verified: {@code POST /approvals/rejections}, audited as {@code rejected} with the
	 * failed check. As at the consume endpoint, a token the caller does not serve, or one
	 * never issued, is ignored alike, so the caller learns nothing.
	 * @param jti the token id
	 * @param reporter the resource server client
	 * @param servedResources the resources it serves
	 * @param check the failed check
	 * @param description the description of the refusal
	 * @return whether the rejection was recorded
	 */
	public boolean reject(String jti, String reporter, Set<String> servedResources, String check, String description) {
		Boolean recorded = this.transactions.execute((status) -> {
			ActionApproval approval = this.approvals.findByTokenJti(jti);
			if (approval == null || !servedResources.contains(approval.resource())) {
				return false;
			}
			String outcome = check + ": " + description;
			record("rejected", reporter, approval, (outcome.length() > 200) ? outcome.substring(0, 200) : outcome);
			return true;
		});
		return Boolean.TRUE.equals(recorded);
	}

	/**
	 * Revokes every approval of a grant that could still lead to an action (pending,
	 * approved, or issued and unused), each with its {@code revoked} audit event: the
	 * grant was revoked (RFC 7009 on its refresh token, refresh-token reuse, RFC 9700
	 * section 4.14.2).
	 * @param authorizationId the authorization (grant)
	 * @param reason why, for the audit log
	 * @return how many approvals were revoked
	 */
	public int revokeGrant(String authorizationId, String reason) {
		return revoke(this.approvals.findRevocableByAuthorization(authorizationId), reason);
	}

	/**
	 * Revokes every approval asked with one base token that could still lead to an
	 * action: the base token was revoked (RFC 7009 on the access token).
	 * @param baseTokenHash base64url SHA-256 of the base token
	 * @param reason why, for the audit log
	 * @return how many approvals were revoked
	 */
	public int revokeBaseToken(String baseTokenHash, String reason) {
		return revoke(this.approvals.findRevocableByBaseToken(baseTokenHash), reason);
	}

	private int revoke(List<String> ids, String reason) {
		Integer revoked = this.transactions.execute((status) -> {
			int count = 0;
			for (String id : ids) {
				ActionApproval approval = this.approvals.findByIdForUpdate(id);
				boolean revocable = approval != null && approval.consumedAt() == null
						&& (approval.status().isOpen() || approval.status() == ApprovalStatus.ISSUED);
				if (revocable && approval != null) {
					ActionApproval changed = approval.withRevoked(this.clock.instant());
					this.approvals.update(changed);
					record("revoked", "system", changed, reason);
					count++;
				}
			}
			return count;
		});
		return (revoked != null) ? revoked : 0;
	}

	/**
	 * Marks open approvals past their lifetime expired, each with its audit event.
	 * @return how many were expired
	 */
	public int expireDue() {
		int expired = 0;
		for (String id : this.approvals.findDue(this.clock.instant(), 100)) {
			Boolean changed = this.transactions.execute((status) -> {
				ActionApproval approval = this.approvals.findByIdForUpdate(id);
				return approval != null && expireIfDue(approval, this.clock.instant()) != approval;
			});
			if (Boolean.TRUE.equals(changed)) {
				expired++;
			}
		}
		return expired;
	}

	/**
	 * The display text of an approval, from its type's template.
	 * @param approval the approval
	 * @return the text
	 */
	public String displayText(ActionApproval approval) {
		ActionType type = this.catalog.find(approval.actionType());
		return (type != null) ? type.displayText(approval.detail()) : approval.actionType();
	}

	private MintedToken issue(ActionApproval approval, BaseToken base, String issuer, Instant now) {
		ActionType type = this.catalog.find(approval.actionType());
		if (type == null) {
			throw ApprovalException.badRequest("invalid_grant",
					"type " + approval.actionType() + " is no longer in the catalog");
		}
		RegisteredClient client = this.clients.findByClientId(approval.clientId());
		if (client == null) {
			throw ApprovalException.badRequest("invalid_grant",
					"client " + approval.clientId() + " is no longer registered");
		}
		DefaultOAuth2TokenContext context = DefaultOAuth2TokenContext.builder()
			.registeredClient(client)
			.principal(UsernamePasswordAuthenticationToken.authenticated(approval.subject(), null, List.of()))
			.authorizationServerContext(new IssuerContext(issuer))
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
		this.approvals.update(issued);
		record("issued", base.clientId(), issued, "jti " + jwt.getId());
		return new MintedToken(jwt.getTokenValue(), Duration.between(issuedAt, expiresAt));
	}

	private ActionApproval lockForUser(String id, ApprovalUser user) {
		ActionApproval approval = this.approvals.findByIdForUpdate(id);
		if (approval == null) {
			throw new ApprovalPageException(HttpStatus.NOT_FOUND, "no such approval request");
		}
		if (!approval.subject().equals(user.username())) {
			throw new ApprovalPageException(HttpStatus.FORBIDDEN, "this request is for another user");
		}
		return expireIfDue(approval, this.clock.instant());
	}

	private void requireFreshLogin(ActionApproval approval, ApprovalUser user, Instant now) {
		if (needsFreshLogin(approval, user)) {
			throw new FreshLoginRequiredException();
		}
	}

	private ActionApproval expireIfDue(ActionApproval approval, Instant now) {
		if (!approval.isDue(now)) {
			return approval;
		}
		ActionApproval expired = approval.withStatus(ApprovalStatus.EXPIRED);
		this.approvals.update(expired);
		record("expired", "system", expired, "expired while " + approval.status().value());
		return expired;
	}

	private void checkLimits(String subject, Instant now) {
		List<Instant> open = this.approvals.openExpiries(subject, now);
		if (open.size() >= this.settings.maxPendingPerSubject()) {
			throw new ApprovalException(HttpStatus.TOO_MANY_REQUESTS, "too_many_requests",
					"at most " + this.settings.maxPendingPerSubject() + " approvals may wait for this user",
					Duration.between(now, open.get(0)));
		}
		Duration window = this.settings.rateWindow();
		List<Instant> recent = this.approvals.createdSince(subject, now.minus(window));
		if (recent.size() >= this.settings.maxRequestsPerWindow()) {
			throw new ApprovalException(
					HttpStatus.TOO_MANY_REQUESTS, "too_many_requests", "at most " + this.settings.maxRequestsPerWindow()
							+ " approval requests per " + window.toSeconds() + " s for this user",
					Duration.between(now, recent.get(0).plus(window)));
		}
	}

	private void record(String event, String actor, ActionApproval approval, String outcome) {
		this.audit.append(new AuditRecord(event, actor, approval.subject(), approval.clientId(), approval.actionType(),
				approval.id(), StrictJson.write(approval.detail().parameters()), outcome));
	}

	private ActionApproval inTransaction(java.util.function.Supplier<ActionApproval> work) {
		ActionApproval result = this.transactions.execute((status) -> work.get());
		Assert.state(result != null, "no approval");
		return result;
	}

	private static JsonNode readObject(byte[] body) {
		JsonNode request;
		try {
			request = StrictJson.read(body);
		}
		catch (IllegalArgumentException ex) {
			throw ApprovalException.badRequest("invalid_request", Messages.of(ex));
		}
		if (request == null || !request.isObject()) {
			throw ApprovalException.badRequest("invalid_request", "the body must be a JSON object");
		}
		for (Iterator<String> names = request.propertyNames().iterator(); names.hasNext();) {
			String name = names.next();
			if (!REQUEST_MEMBERS.contains(name)) {
				throw ApprovalException.badRequest("invalid_request", "member '" + name
						+ "' is not supported; use authorization_details, binding_message and resource");
			}
		}
		return request;
	}

	/**
	 * The binding message, checked as text people read ({@link ParameterType#checkText}):
	 * NFC, and none of the characters that make text display as something else
	 * (bidirectional overrides, zero-width characters, line and paragraph separators,
	 * controls).
	 */
	private static @Nullable String bindingMessage(@Nullable JsonNode value) {
		if (value == null) {
			return null;
		}
		if (!value.isString() || value.asString().isBlank() || value.asString().length() > MAX_BINDING_MESSAGE) {
			throw ApprovalException.badRequest("invalid_binding_message",
					"binding_message must be a single line of at most " + MAX_BINDING_MESSAGE + " characters");
		}
		try {
			return ParameterType.checkText(value.asString());
		}
		catch (IllegalArgumentException ex) {
			throw ApprovalException.badRequest("invalid_binding_message", "binding_message " + ex.getMessage());
		}
	}

	/**
	 * The numbers the approval page offers: the right one among distinct random others,
	 * in a random order, drawn once per approval.
	 */
	private List<String> drawChoices(String userCode) {
		Set<String> choices = new LinkedHashSet<>();
		choices.add(userCode);
		while (choices.size() < this.settings.numberChoices()) {
			choices.add(newUserCode());
		}
		List<String> shuffled = new ArrayList<>(choices);
		Collections.shuffle(shuffled, this.random);
		return shuffled;
	}

	private String newId() {
		byte[] bytes = new byte[16];
		this.random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private String newUserCode() {
		return Integer.toString(10 + this.random.nextInt(90));
	}

	/**
	 * A minted action token.
	 *
	 * @param value the JWS
	 * @param lifetime how long it lives
	 */
	public record MintedToken(String value, Duration lifetime) {
	}

	private record IssuerContext(String issuer) implements AuthorizationServerContext {

		@Override
		public String getIssuer() {
			return this.issuer;
		}

		@Override
		public AuthorizationServerSettings getAuthorizationServerSettings() {
			return AuthorizationServerSettings.builder().issuer(this.issuer).build();
		}

	}

}
