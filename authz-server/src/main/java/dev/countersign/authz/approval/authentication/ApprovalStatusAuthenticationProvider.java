package dev.countersign.authz.approval.authentication;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.util.Assert;

import dev.countersign.authz.approval.ActionApproval;
import dev.countersign.authz.approval.ApprovalLedger;
import dev.countersign.authz.approval.BaseToken;

/**
 * The state of an approval ({@code GET /approvals/{id}}), for the client and user that
 * asked it; {@code 404} for anyone else, whether or not it exists. An approval past its
 * lifetime is expired (and audited) as it is read.
 */
public final class ApprovalStatusAuthenticationProvider implements AuthenticationProvider {

	private final ApprovalLedger ledger;

	private final BaseTokens baseTokens;

	public ApprovalStatusAuthenticationProvider(ApprovalLedger ledger, BaseTokens baseTokens) {
		Assert.notNull(ledger, "ledger cannot be null");
		Assert.notNull(baseTokens, "baseTokens cannot be null");
		this.ledger = ledger;
		this.baseTokens = baseTokens;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		ApprovalStatusAuthenticationToken request = (ApprovalStatusAuthenticationToken) authentication;
		BaseToken base = this.baseTokens.resolve(request.getPrincipal());
		ActionApproval approval = this.ledger
			.inTransaction(() -> this.ledger.expireIfDue(ownApproval(this.ledger, request.getApprovalId(), base)));
		return new ApprovalStatusAuthenticationToken(request.getPrincipal(), approval);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return ApprovalStatusAuthenticationToken.class.isAssignableFrom(authentication);
	}

	/**
	 * An approval locked for the rest of the transaction, when it belongs to the base
	 * token's client and subject.
	 * @param ledger the ledger
	 * @param id the approval id
	 * @param base the base token
	 * @return the approval
	 * @throws org.springframework.security.oauth2.core.OAuth2AuthenticationException
	 * {@code 404} when there is none or it is another's
	 */
	static ActionApproval ownApproval(ApprovalLedger ledger, String id, BaseToken base) {
		ActionApproval approval = ledger.approvals().findByIdForUpdate(id);
		if (approval == null || !approval.belongsTo(base.subjectIssuer(), base.clientId(), base.subject())) {
			throw ApprovalError.notFound();
		}
		return approval;
	}

}
