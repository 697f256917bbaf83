package dev.countersign.authz.approval.authentication;

import java.io.Serial;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.util.Assert;

import dev.countersign.authz.approval.ActionApprovalRepository.Consumption;

/**
 * {@code POST /approvals/consume}: a resource server marks an action token's {@code jti}
 * used; answered with whether this call was its first use.
 */
public final class ApprovalConsumptionAuthenticationToken extends ApprovalEndpointAuthenticationToken {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String jti;

	private final @Nullable Consumption consumption;

	public ApprovalConsumptionAuthenticationToken(Authentication principal, String jti) {
		super(principal, false);
		Assert.hasText(jti, "jti cannot be empty");
		this.jti = jti;
		this.consumption = null;
	}

	public ApprovalConsumptionAuthenticationToken(Authentication principal, String jti, Consumption consumption) {
		super(principal, true);
		Assert.hasText(jti, "jti cannot be empty");
		Assert.notNull(consumption, "consumption cannot be null");
		this.jti = jti;
		this.consumption = consumption;
	}

	public String getJti() {
		return this.jti;
	}

	public @Nullable Consumption getConsumption() {
		return this.consumption;
	}

}
