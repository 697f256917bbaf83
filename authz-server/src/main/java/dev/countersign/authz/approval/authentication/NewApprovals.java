package dev.countersign.authz.approval.authentication;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.util.Assert;

import dev.countersign.authz.approval.ActionApproval;
import dev.countersign.authz.approval.ActionApprovalBuilder;
import dev.countersign.authz.approval.ApprovalCodes;
import dev.countersign.authz.approval.ApprovalLedger;
import dev.countersign.authz.approval.ApprovalSettings;
import dev.countersign.authz.approval.BindingMessage;
import dev.countersign.authz.catalog.ActionCatalog;
import dev.countersign.authz.catalog.InvalidAuthorizationDetailsException;
import dev.countersign.core.Messages;

/**
 * How every call that asks for an approval ({@code POST /approvals}, the CIBA request)
 * stores it: the detail checked against the catalog, the binding message checked, then,
 * on the user's lock, the user's limits (pending approvals, requests per window: prompt
 * bombing) and the pending approval with its {@code requested} audit event, in one
 * transaction.
 */
final class NewApprovals {

	private final ApprovalLedger ledger;

	private final ActionCatalog catalog;

	private final ApprovalSettings settings;

	private final ApprovalCodes codes;

	NewApprovals(ApprovalLedger ledger, ActionCatalog catalog, ApprovalSettings settings) {
		Assert.notNull(ledger, "ledger cannot be null");
		Assert.notNull(catalog, "catalog cannot be null");
		Assert.notNull(settings, "settings cannot be null");
		this.ledger = ledger;
		this.catalog = catalog;
		this.settings = settings;
		this.codes = new ApprovalCodes(settings.numberChoices());
	}

	ApprovalSettings settings() {
		return this.settings;
	}

	ApprovalCodes codes() {
		return this.codes;
	}

	/**
	 * The one requested entry, checked against the catalog.
	 * @param authorizationDetails the {@code authorization_details} as sent
	 * @return the checked entry
	 * @throws OAuth2AuthenticationException {@code 400 invalid_authorization_details}
	 */
	ActionCatalog.CheckedDetail check(tools.jackson.databind.@Nullable JsonNode authorizationDetails) {
		try {
			return this.catalog.checkSingle(authorizationDetails);
		}
		catch (InvalidAuthorizationDetailsException ex) {
			throw ApprovalError.badRequest(InvalidAuthorizationDetailsException.ERROR_CODE, Messages.of(ex));
		}
	}

	/**
	 * A binding message, checked to be shown safely.
	 * @param message the message, or {@code null}
	 * @return the message, or {@code null}
	 * @throws OAuth2AuthenticationException {@code 400 invalid_binding_message}
	 */
	static @Nullable String bindingMessage(@Nullable String message) {
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
	 * Stores a pending approval for a user, within the user's limits.
	 * @param subjectIssuer the user's trusted issuer, or {@code null} for a user of this
	 * server
	 * @param subject the user
	 * @param lifetime how long it may wait for the user
	 * @param approval the approval's own components (client, type, detail, ...)
	 * @param alsoStore what else is stored in the same transaction, or {@code null}
	 * @return the stored approval
	 * @throws OAuth2AuthenticationException {@code 429 too_many_requests} beyond the
	 * limits
	 */
	ActionApproval create(@Nullable String subjectIssuer, String subject, Duration lifetime,
			Consumer<ActionApprovalBuilder> approval, @Nullable Consumer<ActionApproval> alsoStore) {
		return this.ledger.inTransaction(() -> {
			this.ledger.approvals().lockSubject(ActionApproval.qualify(subjectIssuer, subject));
			Instant now = this.ledger.now();
			checkLimits(subjectIssuer, subject, now);
			String userCode = this.codes.newUserCode();
			ActionApprovalBuilder builder = ActionApproval.builder()
				.id(this.codes.newId())
				.subject(subject)
				.subjectIssuer(subjectIssuer)
				.userCode(userCode)
				.numberChoices(this.codes.drawChoices(userCode))
				.createdAt(now)
				.expiresAt(now.plus(lifetime));
			approval.accept(builder);
			ActionApproval created = builder.build();
			this.ledger.approvals().insert(created);
			if (alsoStore != null) {
				alsoStore.accept(created);
			}
			this.ledger.record("requested", created.clientId(), created, "pending");
			return created;
		});
	}

	private void checkLimits(@Nullable String subjectIssuer, String subject, Instant now) {
		List<Instant> open = this.ledger.approvals().openExpiries(subjectIssuer, subject, now);
		if (open.size() >= this.settings.maxPendingPerSubject()) {
			throw tooMany("at most " + this.settings.maxPendingPerSubject() + " approvals may wait for this user",
					Duration.between(now, open.get(0)));
		}
		Duration window = this.settings.rateWindow();
		List<Instant> recent = this.ledger.approvals().createdSince(subjectIssuer, subject, now.minus(window));
		if (recent.size() >= this.settings.maxRequestsPerWindow()) {
			throw tooMany("at most " + this.settings.maxRequestsPerWindow() + " approval requests per "
					+ window.toSeconds() + " s for this user", Duration.between(now, recent.get(0).plus(window)));
		}
	}

	private static OAuth2AuthenticationException tooMany(String description, Duration retryAfter) {
		return new OAuth2AuthenticationException(
				new ApprovalError("too_many_requests", HttpStatus.TOO_MANY_REQUESTS, description, retryAfter));
	}

}
