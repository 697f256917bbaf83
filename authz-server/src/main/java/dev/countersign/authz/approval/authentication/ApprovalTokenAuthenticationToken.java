package dev.countersign.authz.approval.authentication;

import java.io.Serial;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.Assert;

/**
 * {@code POST /approvals/{id}/token}: the action token of an approved request, minted
 * once.
 */
public final class ApprovalTokenAuthenticationToken extends ApprovalEndpointAuthenticationToken {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String approvalId;

	private final @Nullable Jwt actionToken;

	private final @Nullable Duration lifetime;

	public ApprovalTokenAuthenticationToken(Authentication principal, String approvalId) {
		super(principal, false);
		Assert.hasText(approvalId, "approvalId cannot be empty");
		this.approvalId = approvalId;
		this.actionToken = null;
		this.lifetime = null;
	}

	/**
	 * The answer.
	 * @param principal the base token's authentication
	 * @param approvalId the approval
	 * @param actionToken the action token
	 * @param lifetime how long it lives
	 */
	public ApprovalTokenAuthenticationToken(Authentication principal, String approvalId, Jwt actionToken,
			Duration lifetime) {
		super(principal, true);
		Assert.notNull(actionToken, "actionToken cannot be null");
		Assert.notNull(lifetime, "lifetime cannot be null");
		this.approvalId = approvalId;
		this.actionToken = actionToken;
		this.lifetime = lifetime;
	}

	public String getApprovalId() {
		return this.approvalId;
	}

	public @Nullable Jwt getActionToken() {
		return this.actionToken;
	}

	public @Nullable Duration getLifetime() {
		return this.lifetime;
	}

}
