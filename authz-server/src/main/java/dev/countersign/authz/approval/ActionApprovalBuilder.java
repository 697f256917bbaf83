package dev.countersign.authz.approval;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.countersign.core.AuthorizationDetail;

/**
 * Builds an {@link ActionApproval}: a new one from {@link ActionApproval#builder()}, or a
 * changed copy from {@link ActionApproval#toBuilder()} that names only what changes. A
 * new approval is {@linkplain ApprovalStatus#PENDING pending}, with no number choices
 * drawn and nothing happened to it yet.
 */
public final class ActionApprovalBuilder {

	private @Nullable String id;

	private @Nullable String clientId;

	private @Nullable String subject;

	private @Nullable String actionType;

	private @Nullable String resource;

	private @Nullable AuthorizationDetail detail;

	private @Nullable String bindingMessage;

	private @Nullable String baseTokenHash;

	private @Nullable String authorizationId;

	private @Nullable String userCode;

	private List<String> numberChoices = List.of();

	private ApprovalStatus status = ApprovalStatus.PENDING;

	private int failedAttempts;

	private @Nullable Instant numberMatchedAt;

	private @Nullable Instant createdAt;

	private @Nullable Instant expiresAt;

	private @Nullable Instant shownAt;

	private @Nullable Instant decidedAt;

	private @Nullable String decidedBy;

	private @Nullable String acr;

	private @Nullable Instant authTime;

	private @Nullable Instant lastPolledAt;

	private @Nullable String tokenJti;

	private @Nullable Instant tokenIssuedAt;

	private @Nullable Instant tokenExpiresAt;

	private @Nullable Instant consumedAt;

	private @Nullable String consumedBy;

	private @Nullable Instant revokedAt;

	private @Nullable String subjectIssuer;

	ActionApprovalBuilder() {
	}

	ActionApprovalBuilder(ActionApproval approval) {
		this.id = approval.id();
		this.clientId = approval.clientId();
		this.subject = approval.subject();
		this.actionType = approval.actionType();
		this.resource = approval.resource();
		this.detail = approval.detail();
		this.bindingMessage = approval.bindingMessage();
		this.baseTokenHash = approval.baseTokenHash();
		this.authorizationId = approval.authorizationId();
		this.userCode = approval.userCode();
		this.numberChoices = approval.numberChoices();
		this.status = approval.status();
		this.failedAttempts = approval.failedAttempts();
		this.numberMatchedAt = approval.numberMatchedAt();
		this.createdAt = approval.createdAt();
		this.expiresAt = approval.expiresAt();
		this.shownAt = approval.shownAt();
		this.decidedAt = approval.decidedAt();
		this.decidedBy = approval.decidedBy();
		this.acr = approval.acr();
		this.authTime = approval.authTime();
		this.lastPolledAt = approval.lastPolledAt();
		this.tokenJti = approval.tokenJti();
		this.tokenIssuedAt = approval.tokenIssuedAt();
		this.tokenExpiresAt = approval.tokenExpiresAt();
		this.consumedAt = approval.consumedAt();
		this.consumedBy = approval.consumedBy();
		this.revokedAt = approval.revokedAt();
		this.subjectIssuer = approval.subjectIssuer();
	}

	public ActionApprovalBuilder id(String id) {
		this.id = id;
		return this;
	}

	public ActionApprovalBuilder clientId(String clientId) {
		this.clientId = clientId;
		return this;
	}

	public ActionApprovalBuilder subject(String subject) {
		this.subject = subject;
		return this;
	}

	public ActionApprovalBuilder actionType(String actionType) {
		this.actionType = actionType;
		return this;
	}

	public ActionApprovalBuilder resource(String resource) {
		this.resource = resource;
		return this;
	}

	public ActionApprovalBuilder detail(AuthorizationDetail detail) {
		this.detail = detail;
		return this;
	}

	public ActionApprovalBuilder bindingMessage(@Nullable String bindingMessage) {
		this.bindingMessage = bindingMessage;
		return this;
	}

	public ActionApprovalBuilder baseTokenHash(@Nullable String baseTokenHash) {
		this.baseTokenHash = baseTokenHash;
		return this;
	}

	public ActionApprovalBuilder authorizationId(@Nullable String authorizationId) {
		this.authorizationId = authorizationId;
		return this;
	}

	public ActionApprovalBuilder userCode(String userCode) {
		this.userCode = userCode;
		return this;
	}

	public ActionApprovalBuilder numberChoices(List<String> numberChoices) {
		this.numberChoices = numberChoices;
		return this;
	}

	public ActionApprovalBuilder status(ApprovalStatus status) {
		this.status = status;
		return this;
	}

	public ActionApprovalBuilder failedAttempts(int failedAttempts) {
		this.failedAttempts = failedAttempts;
		return this;
	}

	public ActionApprovalBuilder numberMatchedAt(@Nullable Instant numberMatchedAt) {
		this.numberMatchedAt = numberMatchedAt;
		return this;
	}

	public ActionApprovalBuilder createdAt(Instant createdAt) {
		this.createdAt = createdAt;
		return this;
	}

	public ActionApprovalBuilder expiresAt(Instant expiresAt) {
		this.expiresAt = expiresAt;
		return this;
	}

	public ActionApprovalBuilder shownAt(@Nullable Instant shownAt) {
		this.shownAt = shownAt;
		return this;
	}

	public ActionApprovalBuilder decidedAt(@Nullable Instant decidedAt) {
		this.decidedAt = decidedAt;
		return this;
	}

	public ActionApprovalBuilder decidedBy(@Nullable String decidedBy) {
		this.decidedBy = decidedBy;
		return this;
	}

	public ActionApprovalBuilder acr(@Nullable String acr) {
		this.acr = acr;
		return this;
	}

	public ActionApprovalBuilder authTime(@Nullable Instant authTime) {
		this.authTime = authTime;
		return this;
	}

	public ActionApprovalBuilder lastPolledAt(@Nullable Instant lastPolledAt) {
		this.lastPolledAt = lastPolledAt;
		return this;
	}

	public ActionApprovalBuilder tokenJti(@Nullable String tokenJti) {
		this.tokenJti = tokenJti;
		return this;
	}

	public ActionApprovalBuilder tokenIssuedAt(@Nullable Instant tokenIssuedAt) {
		this.tokenIssuedAt = tokenIssuedAt;
		return this;
	}

	public ActionApprovalBuilder tokenExpiresAt(@Nullable Instant tokenExpiresAt) {
		this.tokenExpiresAt = tokenExpiresAt;
		return this;
	}

	public ActionApprovalBuilder consumedAt(@Nullable Instant consumedAt) {
		this.consumedAt = consumedAt;
		return this;
	}

	public ActionApprovalBuilder consumedBy(@Nullable String consumedBy) {
		this.consumedBy = consumedBy;
		return this;
	}

	public ActionApprovalBuilder revokedAt(@Nullable Instant revokedAt) {
		this.revokedAt = revokedAt;
		return this;
	}

	public ActionApprovalBuilder subjectIssuer(@Nullable String subjectIssuer) {
		this.subjectIssuer = subjectIssuer;
		return this;
	}

	/**
	 * The approval.
	 * @return the approval
	 * @throws NullPointerException when an identifying component is missing
	 */
	public ActionApproval build() {
		return new ActionApproval(Objects.requireNonNull(this.id, "id cannot be null"),
				Objects.requireNonNull(this.clientId, "clientId cannot be null"),
				Objects.requireNonNull(this.subject, "subject cannot be null"),
				Objects.requireNonNull(this.actionType, "actionType cannot be null"),
				Objects.requireNonNull(this.resource, "resource cannot be null"),
				Objects.requireNonNull(this.detail, "detail cannot be null"), this.bindingMessage, this.baseTokenHash,
				this.authorizationId, Objects.requireNonNull(this.userCode, "userCode cannot be null"),
				this.numberChoices, this.status, this.failedAttempts, this.numberMatchedAt,
				Objects.requireNonNull(this.createdAt, "createdAt cannot be null"),
				Objects.requireNonNull(this.expiresAt, "expiresAt cannot be null"), this.shownAt, this.decidedAt,
				this.decidedBy, this.acr, this.authTime, this.lastPolledAt, this.tokenJti, this.tokenIssuedAt,
				this.tokenExpiresAt, this.consumedAt, this.consumedBy, this.revokedAt, this.subjectIssuer);
	}

}
