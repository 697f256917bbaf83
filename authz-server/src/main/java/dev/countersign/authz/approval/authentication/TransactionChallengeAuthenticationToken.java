package dev.countersign.authz.approval.authentication;

import java.io.Serial;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.util.Assert;

import dev.countersign.authz.approval.ActionApproval;
import dev.countersign.authz.approval.TransactionAuthorization;

/**
 * A transaction authorization request (draft-rosomakho-oauth-txn-challenge-00 section
 * 4.1): an authenticated client presents a resource server's challenge; answered with the
 * pending approval and the identifier to poll with.
 */
public final class TransactionChallengeAuthenticationToken extends ApprovalEndpointAuthenticationToken {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String challenge;

	private final transient @Nullable ActionApproval approval;

	private final transient @Nullable TransactionAuthorization authorization;

	/**
	 * A request as read.
	 * @param client the client's authentication
	 * @param challenge the {@code transaction_challenge}
	 */
	public TransactionChallengeAuthenticationToken(Authentication client, String challenge) {
		super(client, false);
		Assert.hasText(challenge, "challenge cannot be empty");
		this.challenge = challenge;
		this.approval = null;
		this.authorization = null;
	}

	/**
	 * The answer.
	 * @param client the client's authentication
	 * @param approval the pending approval
	 * @param authorization its transaction authorization
	 */
	public TransactionChallengeAuthenticationToken(Authentication client, ActionApproval approval,
			TransactionAuthorization authorization) {
		super(client, true);
		this.challenge = "";
		this.approval = approval;
		this.authorization = authorization;
	}

	public String getChallenge() {
		return this.challenge;
	}

	public @Nullable ActionApproval getApproval() {
		return this.approval;
	}

	public @Nullable TransactionAuthorization getAuthorization() {
		return this.authorization;
	}

}
