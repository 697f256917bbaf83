package dev.countersign.authz.approval.authentication;

import java.io.Serial;
import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.util.Assert;

/**
 * A call to one of the approval endpoints, as its converter read it (not yet
 * authenticated) or as its provider answered it (authenticated, with the result). The
 * principal is the caller's own authentication: the client's base token, or the resource
 * server's client-credentials token.
 */
public abstract sealed class ApprovalEndpointAuthenticationToken extends AbstractAuthenticationToken
		permits ApprovalRequestAuthenticationToken, ApprovalStatusAuthenticationToken, ApprovalTokenAuthenticationToken,
		ApprovalConsumptionAuthenticationToken, ApprovalRejectionAuthenticationToken, BackchannelAuthenticationToken,
		TransactionChallengeAuthenticationToken, TransactionAuthorizationPollAuthenticationToken {

	@Serial
	private static final long serialVersionUID = 1L;

	private final Authentication principal;

	ApprovalEndpointAuthenticationToken(Authentication principal, boolean answered) {
		super(List.of());
		Assert.notNull(principal, "principal cannot be null");
		this.principal = principal;
		setAuthenticated(answered);
	}

	@Override
	public Authentication getPrincipal() {
		return this.principal;
	}

	@Override
	public Object getCredentials() {
		return "";
	}

}
