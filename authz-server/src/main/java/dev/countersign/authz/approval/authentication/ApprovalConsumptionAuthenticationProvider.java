package dev.countersign.authz.approval.authentication;

import java.util.Set;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.util.Assert;

import dev.countersign.authz.approval.ActionApproval;
import dev.countersign.authz.approval.ActionApprovalRepository.Consumption;
import dev.countersign.authz.approval.ApprovalLedger;
import dev.countersign.authz.approval.ApprovalStatus;

/**
 * Marks an action token used ({@code POST /approvals/consume}). Exactly one of any number
 * of concurrent calls for one {@code jti} gets {@link Consumption#FIRST_USE}. A resource
 * server may only use tokens of the resources it serves: for any other {@code jti} it
 * learns nothing and changes nothing ({@link Consumption#UNKNOWN}, as for a {@code jti}
 * never issued); the attempt is audited. A token whose grant was revoked is never used.
 */
public final class ApprovalConsumptionAuthenticationProvider implements AuthenticationProvider {

	private final ApprovalLedger ledger;

	private final ServedResources served;

	/**
	 * Creates the provider.
	 * @param ledger the ledger
	 * @param served the resources of the callers
	 */
	public ApprovalConsumptionAuthenticationProvider(ApprovalLedger ledger, ServedResources served) {
		Assert.notNull(ledger, "ledger cannot be null");
		Assert.notNull(served, "served cannot be null");
		this.ledger = ledger;
		this.served = served;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		ApprovalConsumptionAuthenticationToken request = (ApprovalConsumptionAuthenticationToken) authentication;
		String consumer = request.getPrincipal().getName();
		Set<String> served = this.served.of(consumer);
		Consumption consumption = this.ledger.inTransaction(() -> consume(request.getJti(), consumer, served));
		return new ApprovalConsumptionAuthenticationToken(request.getPrincipal(), request.getJti(), consumption);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return ApprovalConsumptionAuthenticationToken.class.isAssignableFrom(authentication);
	}

	private Consumption consume(String jti, String consumer, Set<String> served) {
		ActionApproval approval = this.ledger.approvals().findByTokenJtiForUpdate(jti);
		if (approval == null) {
			return Consumption.UNKNOWN;
		}
		if (!served.contains(approval.resource())) {
			this.ledger.record("consume-refused", consumer, approval,
					"the resource server does not serve " + approval.resource());
			return Consumption.UNKNOWN;
		}
		if (approval.status() == ApprovalStatus.REVOKED) {
			this.ledger.record("consume-refused", consumer, approval, "the grant of the base token was revoked");
			return Consumption.REVOKED;
		}
		if (approval.consumedAt() != null) {
			this.ledger.record("replay-refused", consumer, approval, "already used");
			return Consumption.ALREADY_USED;
		}
		this.ledger.approvals().markConsumed(approval.id(), consumer, this.ledger.now());
		this.ledger.record("consumed", consumer, approval, "first use");
		return Consumption.FIRST_USE;
	}

}
