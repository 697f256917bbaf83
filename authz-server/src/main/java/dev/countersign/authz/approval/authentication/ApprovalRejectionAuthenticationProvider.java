package dev.countersign.authz.approval.authentication;

import java.util.Set;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.util.Assert;

import dev.countersign.authz.approval.ActionApproval;
import dev.countersign.authz.approval.ApprovalLedger;

/**
 * Records that a resource server refused an action token after its signature verified
 * ({@code POST /approvals/rejections}), audited as {@code rejected} with the failed
 * check. As at the consume endpoint, a token the caller does not serve, or one never
 * issued, is ignored alike, so the caller learns nothing.
 */
public final class ApprovalRejectionAuthenticationProvider implements AuthenticationProvider {

	private static final int MAX_OUTCOME = 200;

	private final ApprovalLedger ledger;

	private final ServedResources served;

	/**
	 * Creates the provider.
	 * @param ledger the ledger
	 * @param served the resources of the callers
	 */
	public ApprovalRejectionAuthenticationProvider(ApprovalLedger ledger, ServedResources served) {
		Assert.notNull(ledger, "ledger cannot be null");
		Assert.notNull(served, "served cannot be null");
		this.ledger = ledger;
		this.served = served;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		ApprovalRejectionAuthenticationToken report = (ApprovalRejectionAuthenticationToken) authentication;
		String reporter = report.getPrincipal().getName();
		Set<String> served = this.served.of(reporter);
		this.ledger.inTransaction(() -> {
			ActionApproval approval = this.ledger.approvals().findByTokenJti(report.getJti());
			if (approval == null || !served.contains(approval.resource())) {
				return false;
			}
			String outcome = report.getCheck() + ": " + report.getDescription();
			this.ledger.record("rejected", reporter, approval,
					(outcome.length() > MAX_OUTCOME) ? outcome.substring(0, MAX_OUTCOME) : outcome);
			return true;
		});
		return report.taken();
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return ApprovalRejectionAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
