package dev.countersign.authz.approval;

import java.time.Instant;

/**
 * What a transaction authorization challenge (draft-rosomakho-oauth-txn-challenge-00)
 * adds to its approval.
 *
 * @param approvalId the approval
 * @param transactionAuthorizationId the identifier the client polls with
 * @param clientId the client that presented the challenge
 * @param challengeIssuer the resource server that signed it
 * @param challengeJti its {@code jti}, used once
 * @param challengeExpiresAt when it expires
 * @param txn its transaction identifier, which the access token carries
 */
public record TransactionAuthorization(String approvalId, String transactionAuthorizationId, String clientId,
		String challengeIssuer, String challengeJti, Instant challengeExpiresAt, String txn) {

	@Override
	public String toString() {
		// the polling identifier is a credential of the client: never shown
		return "TransactionAuthorization[approval " + this.approvalId + ", " + this.clientId + ", txn " + this.txn
				+ "]";
	}

}
