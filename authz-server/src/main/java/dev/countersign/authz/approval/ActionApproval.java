package dev.countersign.authz.approval;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.countersign.core.AuthorizationDetail;

/**
 * An approval request and everything that happened to it.
 *
 * @param id the approval id
 * @param clientId the client that asked
 * @param subject the user who must decide (the base token's {@code sub})
 * @param actionType the action type
 * @param resource the resource indicator of the API; the action token's audience
 * @param detail the requested detail in canonical form
 * @param bindingMessage text the client shows next to the number, or {@code null}
 * @param baseTokenHash base64url SHA-256 of the base token that asked
 * @param authorizationId the authorization (grant) of the base token, or {@code null} for
 * approvals made before it was recorded
 * @param userCode the number the user must pick
 * @param numberChoices the numbers the approval page offers, the right one among them,
 * drawn once; empty until first drawn
 * @param status where it stands
 * @param failedAttempts wrong numbers picked so far
 * @param numberMatchedAt when the user picked the right number
 * @param createdAt when it was asked
 * @param expiresAt when it expires unless the token was issued
 * @param shownAt when the approval page was first shown to its user
 * @param decidedAt when the user decided
 * @param decidedBy who decided
 * @param acr how the deciding user authenticated
 * @param authTime when the deciding user authenticated
 * @param lastPolledAt when the client last asked for the token
 * @param tokenJti the action token's {@code jti}
 * @param tokenIssuedAt when the action token was issued
 * @param tokenExpiresAt when the action token expires
 * @param consumedAt when a resource server used the action token
 * @param consumedBy the resource server client that used it
 * @param revokedAt when the grant of its base token was revoked
 */
public record ActionApproval(String id, String clientId, String subject, String actionType, String resource,
		AuthorizationDetail detail, @Nullable String bindingMessage, String baseTokenHash,
		@Nullable String authorizationId, String userCode, List<String> numberChoices, ApprovalStatus status,
		int failedAttempts, @Nullable Instant numberMatchedAt, Instant createdAt, Instant expiresAt,
		@Nullable Instant shownAt, @Nullable Instant decidedAt, @Nullable String decidedBy, @Nullable String acr,
		@Nullable Instant authTime, @Nullable Instant lastPolledAt, @Nullable String tokenJti,
		@Nullable Instant tokenIssuedAt, @Nullable Instant tokenExpiresAt, @Nullable Instant consumedAt,
		@Nullable String consumedBy, @Nullable Instant revokedAt) {

	public ActionApproval {
		numberChoices = List.copyOf(numberChoices);
	}

	/**
	 * Whether a client and subject may see and redeem this approval.
	 * @param clientId the client of the base token
	 * @param subject the subject of the base token
	 * @return {@code true} for the client and user that asked
	 */
	public boolean belongsTo(String clientId, String subject) {
		return this.clientId.equals(clientId) && this.subject.equals(subject);
	}

	/**
	 * Whether the approval is past its lifetime while still waiting for a step.
	 * @param now the time
	 * @return {@code true} when it must be treated as expired
	 */
	public boolean isDue(Instant now) {
		return this.status.isOpen() && !now.isBefore(this.expiresAt);
	}

	ActionApproval withStatus(ApprovalStatus newStatus) {
		return new ActionApproval(this.id, this.clientId, this.subject, this.actionType, this.resource, this.detail,
				this.bindingMessage, this.baseTokenHash, this.authorizationId, this.userCode, this.numberChoices,
				newStatus, this.failedAttempts, this.numberMatchedAt, this.createdAt, this.expiresAt, this.shownAt,
				this.decidedAt, this.decidedBy, this.acr, this.authTime, this.lastPolledAt, this.tokenJti,
				this.tokenIssuedAt, this.tokenExpiresAt, this.consumedAt, this.consumedBy, this.revokedAt);
	}

	ActionApproval withFailedAttempt() {
		return new ActionApproval(this.id, this.clientId, this.subject, this.actionType, this.resource, this.detail,
				this.bindingMessage, this.baseTokenHash, this.authorizationId, this.userCode, this.numberChoices,
				this.status, this.failedAttempts + 1, this.numberMatchedAt, this.createdAt, this.expiresAt,
				this.shownAt, this.decidedAt, this.decidedBy, this.acr, this.authTime, this.lastPolledAt, this.tokenJti,
				this.tokenIssuedAt, this.tokenExpiresAt, this.consumedAt, this.consumedBy, this.revokedAt);
	}

	ActionApproval withNumberMatched(Instant at) {
		return new ActionApproval(this.id, this.clientId, this.subject, this.actionType, this.resource, this.detail,
				this.bindingMessage, this.baseTokenHash, this.authorizationId, this.userCode, this.numberChoices,
				this.status, this.failedAttempts, at, this.createdAt, this.expiresAt, this.shownAt, this.decidedAt,
				this.decidedBy, this.acr, this.authTime, this.lastPolledAt, this.tokenJti, this.tokenIssuedAt,
				this.tokenExpiresAt, this.consumedAt, this.consumedBy, this.revokedAt);
	}

	ActionApproval withDecision(ApprovalStatus decision, Instant at, String by, @Nullable String acrValue,
			@Nullable Instant authenticatedAt) {
		return new ActionApproval(this.id, this.clientId, this.subject, this.actionType, this.resource, this.detail,
				this.bindingMessage, this.baseTokenHash, this.authorizationId, this.userCode, this.numberChoices,
				decision, this.failedAttempts, this.numberMatchedAt, this.createdAt, this.expiresAt, this.shownAt, at,
				by, acrValue, authenticatedAt, this.lastPolledAt, this.tokenJti, this.tokenIssuedAt,
				this.tokenExpiresAt, this.consumedAt, this.consumedBy, this.revokedAt);
	}

	ActionApproval withPoll(Instant at) {
		return new ActionApproval(this.id, this.clientId, this.subject, this.actionType, this.resource, this.detail,
				this.bindingMessage, this.baseTokenHash, this.authorizationId, this.userCode, this.numberChoices,
				this.status, this.failedAttempts, this.numberMatchedAt, this.createdAt, this.expiresAt, this.shownAt,
				this.decidedAt, this.decidedBy, this.acr, this.authTime, at, this.tokenJti, this.tokenIssuedAt,
				this.tokenExpiresAt, this.consumedAt, this.consumedBy, this.revokedAt);
	}

	ActionApproval withToken(String jti, Instant issuedAt, Instant expiresAtValue) {
		return new ActionApproval(this.id, this.clientId, this.subject, this.actionType, this.resource, this.detail,
				this.bindingMessage, this.baseTokenHash, this.authorizationId, this.userCode, this.numberChoices,
				ApprovalStatus.ISSUED, this.failedAttempts, this.numberMatchedAt, this.createdAt, this.expiresAt,
				this.shownAt, this.decidedAt, this.decidedBy, this.acr, this.authTime, this.lastPolledAt, jti, issuedAt,
				expiresAtValue, this.consumedAt, this.consumedBy, this.revokedAt);
	}

	ActionApproval withShown(Instant at, List<String> choices) {
		return new ActionApproval(this.id, this.clientId, this.subject, this.actionType, this.resource, this.detail,
				this.bindingMessage, this.baseTokenHash, this.authorizationId, this.userCode, List.copyOf(choices),
				this.status, this.failedAttempts, this.numberMatchedAt, this.createdAt, this.expiresAt, at,
				this.decidedAt, this.decidedBy, this.acr, this.authTime, this.lastPolledAt, this.tokenJti,
				this.tokenIssuedAt, this.tokenExpiresAt, this.consumedAt, this.consumedBy, this.revokedAt);
	}

	ActionApproval withRevoked(Instant at) {
		return new ActionApproval(this.id, this.clientId, this.subject, this.actionType, this.resource, this.detail,
				this.bindingMessage, this.baseTokenHash, this.authorizationId, this.userCode, this.numberChoices,
				ApprovalStatus.REVOKED, this.failedAttempts, this.numberMatchedAt, this.createdAt, this.expiresAt,
				this.shownAt, this.decidedAt, this.decidedBy, this.acr, this.authTime, this.lastPolledAt, this.tokenJti,
				this.tokenIssuedAt, this.tokenExpiresAt, this.consumedAt, this.consumedBy, at);
	}

}
