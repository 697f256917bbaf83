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
 * @param baseTokenHash base64url SHA-256 of the base token that asked, or {@code null}
 * for an approval asked without one (OpenID CIBA)
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
 * @param subjectIssuer the trusted issuer the subject belongs to, or {@code null} for a
 * user of this server
 */
public record ActionApproval(String id, String clientId, String subject, String actionType, String resource,
		AuthorizationDetail detail, @Nullable String bindingMessage, @Nullable String baseTokenHash,
		@Nullable String authorizationId, String userCode, List<String> numberChoices, ApprovalStatus status,
		int failedAttempts, @Nullable Instant numberMatchedAt, Instant createdAt, Instant expiresAt,
		@Nullable Instant shownAt, @Nullable Instant decidedAt, @Nullable String decidedBy, @Nullable String acr,
		@Nullable Instant authTime, @Nullable Instant lastPolledAt, @Nullable String tokenJti,
		@Nullable Instant tokenIssuedAt, @Nullable Instant tokenExpiresAt, @Nullable Instant consumedAt,
		@Nullable String consumedBy, @Nullable Instant revokedAt, @Nullable String subjectIssuer) {

	public ActionApproval {
		numberChoices = List.copyOf(numberChoices);
	}

	/**
	 * Whether a client and subject may see and redeem this approval.
	 * @param issuer the trusted issuer of the base token, or {@code null} for this server
	 * @param clientId the client of the base token
	 * @param subject the subject of the base token
	 * @return {@code true} for the client and user that asked
	 */
	public boolean belongsTo(@Nullable String issuer, String clientId, String subject) {
		return java.util.Objects.equals(this.subjectIssuer, issuer) && this.clientId.equals(clientId)
				&& this.subject.equals(subject);
	}

	/**
	 * The subject as the audit log names it: the user name of a user of this server, or
	 * {@code issuer#sub} for a subject of a trusted issuer (an issuer identifier has no
	 * fragment, so the form is unambiguous).
	 * @return the qualified subject
	 */
	public String qualifiedSubject() {
		return qualify(this.subjectIssuer, this.subject);
	}

	/**
	 * A subject as the audit log and the per-user limits name it.
	 * @param issuer the trusted issuer, or {@code null} for this server
	 * @param subject the subject
	 * @return {@code subject}, or {@code issuer#subject}
	 */
	public static String qualify(@Nullable String issuer, String subject) {
		return (issuer != null) ? issuer + "#" + subject : subject;
	}

	/**
	 * Whether the approval is past its lifetime while still waiting for a step.
	 * @param now the time
	 * @return {@code true} when it must be treated as expired
	 */
	public boolean isDue(Instant now) {
		return this.status.isOpen() && !now.isBefore(this.expiresAt);
	}

	/**
	 * A builder of a new, pending approval.
	 * @return the builder
	 */
	public static ActionApprovalBuilder builder() {
		return new ActionApprovalBuilder();
	}

	/**
	 * A builder that starts from this approval, for a changed copy.
	 * @return the builder
	 */
	public ActionApprovalBuilder toBuilder() {
		return new ActionApprovalBuilder(this);
	}

	public ActionApproval withStatus(ApprovalStatus newStatus) {
		return toBuilder().status(newStatus).build();
	}

	public ActionApproval withFailedAttempt() {
		return toBuilder().failedAttempts(this.failedAttempts + 1).build();
	}

	public ActionApproval withNumberMatched(Instant at) {
		return toBuilder().numberMatchedAt(at).build();
	}

	public ActionApproval withDecision(ApprovalStatus decision, Instant at, String by, @Nullable String acrValue,
			@Nullable Instant authenticatedAt) {
		return toBuilder().status(decision).decidedAt(at).decidedBy(by).acr(acrValue).authTime(authenticatedAt).build();
	}

	public ActionApproval withPoll(Instant at) {
		return toBuilder().lastPolledAt(at).build();
	}

	public ActionApproval withToken(String jti, Instant issuedAt, Instant expiresAtValue) {
		return toBuilder().status(ApprovalStatus.ISSUED)
			.tokenJti(jti)
			.tokenIssuedAt(issuedAt)
			.tokenExpiresAt(expiresAtValue)
			.build();
	}

	public ActionApproval withShown(Instant at, List<String> choices) {
		return toBuilder().shownAt(at).numberChoices(choices).build();
	}

	public ActionApproval withRevoked(Instant at) {
		return toBuilder().status(ApprovalStatus.REVOKED).revokedAt(at).build();
	}

}
