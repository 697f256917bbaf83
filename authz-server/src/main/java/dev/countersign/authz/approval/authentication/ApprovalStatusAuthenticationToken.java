package dev.countersign.authz.approval.authentication;

import java.io.Serial;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.util.Assert;

import dev.countersign.authz.approval.ActionApproval;

/**
 * {@code GET /approvals/{id}}: the state of one approval, for the client and user that
 * asked it.
 */
public final class ApprovalStatusAuthenticationToken extends ApprovalEndpointAuthenticationToken {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String approvalId;

	private final transient @Nullable ActionApproval approval;

	public ApprovalStatusAuthenticationToken(Authentication principal, String approvalId) {
		super(principal, false);
		Assert.hasText(approvalId, "approvalId cannot be empty");
		this.approvalId = approvalId;
		this.approval = null;
	}

	public ApprovalStatusAuthenticationToken(Authentication principal, ActionApproval approval) {
		super(principal, true);
		Assert.notNull(approval, "approval cannot be null");
		this.approvalId = approval.id();
		this.approval = approval;
	}

	public String getApprovalId() {
		return this.approvalId;
	}

	public @Nullable ActionApproval getApproval() {
		return this.approval;
	}

}
