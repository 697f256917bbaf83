package dev.countersign.authz.approval;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;

import dev.countersign.authz.catalog.ActionCatalog;
import dev.countersign.authz.catalog.ActionType;
import dev.countersign.core.Messages;

/**
 * The user's side of Just-In-Time approval (the approval page: showing, number matching,
 * the decision) and what the server does by itself (revocation with the grant, expiry).
 * The client's and the resource servers' calls are the approval endpoints' providers
 * ({@code dev.countersign.authz.approval.authentication}). Every change and its audit
 * event commit together through the {@link ApprovalLedger}, on the approval row locked
 * for the time of the change, so two decisions can never both succeed.
 */
public final class ActionApprovalService {

	/** The {@code acr} of a password login. */
	public static final String PASSWORD_ACR = "urn:countersign:acr:password";

	private final ApprovalLedger ledger;

	private final ActionCatalog catalog;

	private final ApprovalSettings settings;

	private final ApprovalCodes codes;

	public ActionApprovalService(ApprovalLedger ledger, ActionCatalog catalog, ApprovalSettings settings) {
		Assert.notNull(ledger, "ledger cannot be null");
		Assert.notNull(catalog, "catalog cannot be null");
		Assert.notNull(settings, "settings cannot be null");
		this.ledger = ledger;
		this.catalog = catalog;
		this.settings = settings;
		this.codes = new ApprovalCodes(settings.numberChoices());
	}

	/**
	 * The catalog requests are checked against.
	 * @return the catalog
	 */
	public ActionCatalog catalog() {
		return this.catalog;
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
		return audited(id, user, () -> this.ledger.inTransaction(() -> lockForUser(id, user)));
	}

	/**
	 * The trusted issuer whose user must decide an approval, for the sign-in.
	 * @param id the approval
	 * @return the issuer, or {@code null} for a user of this server or no such approval
	 */
	public @Nullable String subjectIssuer(String id) {
		ActionApproval approval = this.ledger.approvals().findByIdForUpdate(id);
		if (approval == null) {
			return null;
		}
		String qualified = approval.qualifiedSubject();
		int separator = qualified.lastIndexOf('#');
		return (separator > 0) ? qualified.substring(0, separator) : null;
	}

	/**
	 * The signed-in person's inbox: their pending approvals of every origin, newest
	 * first.
	 * @param user the signed-in person
	 * @return at most 50 approvals
	 */
	public List<ActionApproval> inbox(ApprovalUser user) {
		return this.ledger.approvals().findPending(user.issuer(), user.username(), this.ledger.now(), 50);
	}

	/**
	 * The action type of an approval, for the sign-in it needs.
	 * @param id the approval
	 * @return the type, or {@code null} for no such approval or type
	 */
	public @Nullable ActionType typeOf(String id) {
		ActionApproval approval = this.ledger.approvals().findByIdForUpdate(id);
		return (approval != null) ? this.catalog.find(approval.actionType()) : null;
	}

	/**
	 * Runs a page step; a step refused because the signed-in person is not the approval's
	 * subject changes nothing, and the refusal is audited on its own.
	 * @param <T> the step's result type
	 * @param id the approval
	 * @param user the signed-in person
	 * @param step the step, in its own transaction
	 * @return the step's result
	 */
	private <T> T audited(String id, ApprovalUser user, java.util.function.Supplier<T> step) {
		try {
			return step.get();
		}
		catch (ApprovalPageException ex) {
			if (ex.getStatus() == HttpStatus.FORBIDDEN) {
				this.ledger.inTransaction(() -> {
					ActionApproval approval = this.ledger.approvals().findByIdForUpdate(id);
					if (approval != null) {
						this.ledger.record("decision-refused", user.qualified(), approval, Messages.of(ex));
					}
					return Boolean.TRUE;
				});
			}
			throw ex;
		}
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
		return audited(id, user, () -> this.ledger.inTransaction(() -> {
			ActionApproval approval = lockForUser(id, user);
			if (approval.status() != ApprovalStatus.PENDING || approval.shownAt() != null) {
				return approval;
			}
			List<String> choices = approval.numberChoices().isEmpty() ? this.codes.drawChoices(approval.userCode())
					: approval.numberChoices();
			ActionApproval shown = approval.withShown(this.ledger.now(), choices);
			this.ledger.approvals().update(shown);
			this.ledger.record("shown", user.qualified(), shown, "approval page shown");
			return shown;
		}));
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
		return audited(id, user, () -> this.ledger.inTransaction(() -> {
			ActionApproval approval = lockForUser(id, user);
			if (approval.status() != ApprovalStatus.PENDING || approval.numberMatchedAt() != null) {
				return approval;
			}
			Instant now = this.ledger.now();
			if (approval.userCode().equals(number)) {
				approval = approval.withNumberMatched(now);
				this.ledger.approvals().update(approval);
				return approval;
			}
			approval = approval.withFailedAttempt();
			this.ledger.record("wrong-number", user.qualified(), approval,
					"attempt " + approval.failedAttempts() + " of " + this.settings.maxFailedAttempts());
			if (approval.failedAttempts() >= this.settings.maxFailedAttempts()) {
				approval = approval.withDecision(ApprovalStatus.DENIED, now, user.qualified(), null, null);
				this.ledger.record("denied", user.qualified(), approval, "too many wrong numbers");
			}
			this.ledger.approvals().update(approval);
			return approval;
		}));
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
		return audited(id, user, () -> this.ledger.inTransaction(() -> {
			ActionApproval approval = lockForUser(id, user);
			if (approval.status() != ApprovalStatus.PENDING) {
				throw new ApprovalPageException(HttpStatus.CONFLICT,
						"this request is already " + approval.status().value());
			}
			Instant now = this.ledger.now();
			if (!approve) {
				approval = approval.withDecision(ApprovalStatus.DENIED, now, user.qualified(), user.acr(),
						user.authTime());
				this.ledger.approvals().update(approval);
				this.ledger.record("denied", user.qualified(), approval, "denied by the user");
				return approval;
			}
			if (approval.numberMatchedAt() == null) {
				throw new ApprovalPageException(HttpStatus.CONFLICT, "pick the number the client shows first");
			}
			requireFreshLogin(approval, user, now);
			requireAcr(approval, user);
			approval = approval.withDecision(ApprovalStatus.APPROVED, now, user.qualified(), user.acr(),
					user.authTime());
			this.ledger.approvals().update(approval);
			this.ledger.record("approved", user.qualified(), approval, "approved");
			return approval;
		}));
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
		return authTime == null || authTime.plus(maxAge).isBefore(this.ledger.now());
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
		return revoke(this.ledger.approvals().findRevocableByAuthorization(authorizationId), reason);
	}

	/**
	 * Revokes every approval asked with one base token that could still lead to an
	 * action: the base token was revoked (RFC 7009 on the access token).
	 * @param baseTokenHash base64url SHA-256 of the base token
	 * @param reason why, for the audit log
	 * @return how many approvals were revoked
	 */
	public int revokeBaseToken(String baseTokenHash, String reason) {
		return revoke(this.ledger.approvals().findRevocableByBaseToken(baseTokenHash), reason);
	}

	private int revoke(List<String> ids, String reason) {
		Integer revoked = this.ledger.inTransaction(() -> {
			int count = 0;
			for (String id : ids) {
				ActionApproval approval = this.ledger.approvals().findByIdForUpdate(id);
				boolean revocable = approval != null && approval.consumedAt() == null
						&& (approval.status().isOpen() || approval.status() == ApprovalStatus.ISSUED);
				if (revocable && approval != null) {
					ActionApproval changed = approval.withRevoked(this.ledger.now());
					this.ledger.approvals().update(changed);
					this.ledger.record("revoked", "system", changed, reason);
					count++;
				}
			}
			return count;
		});
		return revoked;
	}

	/**
	 * Marks open approvals past their lifetime expired, each with its audit event.
	 * @return how many were expired
	 */
	public int expireDue() {
		int expired = 0;
		for (String id : this.ledger.approvals().findDue(this.ledger.now(), 100)) {
			Boolean changed = this.ledger.inTransaction(() -> {
				ActionApproval approval = this.ledger.approvals().findByIdForUpdate(id);
				return approval != null && this.ledger.expireIfDue(approval) != approval;
			});
			if (changed) {
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

	private ActionApproval lockForUser(String id, ApprovalUser user) {
		ActionApproval approval = this.ledger.approvals().findByIdForUpdate(id);
		if (approval == null) {
			throw new ApprovalPageException(HttpStatus.NOT_FOUND, "no such approval request");
		}
		// a subject of a trusted issuer is the same person whether its approval came from
		// the
		// issuer's token (issuer, sub) or from a token of this server issued to them
		// (issuer#sub)
		if (!approval.qualifiedSubject().equals(user.qualified())) {
			throw new ApprovalPageException(HttpStatus.FORBIDDEN, "this request is for another user");
		}
		return this.ledger.expireIfDue(approval);
	}

	/**
	 * Refuses a decision by a sign-in weaker than the type asks (RFC 9470): its
	 * {@code acr} must be one of the type's, never a lower one silently accepted.
	 * @param approval the approval
	 * @param user the signed-in person
	 */
	private void requireAcr(ActionApproval approval, ApprovalUser user) {
		ActionType type = this.catalog.find(approval.actionType());
		List<String> acceptable = (type != null) ? type.acr() : List.of();
		if (!acceptable.isEmpty() && (user.acr() == null || !acceptable.contains(user.acr()))) {
			throw new ApprovalPageException(HttpStatus.FORBIDDEN,
					"this action needs a sign-in of class " + String.join(" or ", acceptable) + "; this one is "
							+ ((user.acr() != null) ? user.acr() : "of no stated class"));
		}
	}

	private void requireFreshLogin(ActionApproval approval, ApprovalUser user, Instant now) {
		if (needsFreshLogin(approval, user)) {
			throw new FreshLoginRequiredException();
		}
	}

}
