package dev.countersign.authz.approval.authentication;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.OAuth2Error;

import dev.countersign.authz.approval.ActionApproval;
import dev.countersign.authz.approval.ApprovalLedger;

/**
 * One poll for the token of an approval, as the device grant and CIBA answer it:
 * {@code slow_down} for two polls closer than the interval (never the first),
 * {@code authorization_pending}, {@code access_denied}, {@code expired_token},
 * {@code invalid_grant} (already issued, or the grant revoked); nothing for an approved
 * request, whose token is then minted. The poll's time is kept whatever the answer.
 */
final class Polls {

	private Polls() {
	}

	/**
	 * Answers a poll, inside the transaction that locked the approval.
	 * @param ledger the ledger
	 * @param locked the approval, locked and expired if due
	 * @param interval the least time between polls, or {@code null} for no limit
	 * @param issuedDescription what an issued approval's refusal says
	 * @return the approval as polled, and the refusal, or none when it is approved
	 */
	static Answer poll(ApprovalLedger ledger, ActionApproval locked, @Nullable Duration interval,
			String issuedDescription) {
		Instant now = ledger.now();
		Instant previousPoll = locked.lastPolledAt();
		ActionApproval approval = locked.withPoll(now);
		ledger.approvals().update(approval);
		if (interval != null && previousPoll != null && Duration.between(previousPoll, now).compareTo(interval) < 0) {
			return new Answer(approval, error("slow_down", "poll at most every " + interval.toSeconds() + " s"));
		}
		return new Answer(approval, switch (approval.status()) {
			case PENDING -> error("authorization_pending", "the user has not decided yet");
			case DENIED -> error("access_denied", "the user denied the request");
			case EXPIRED -> error("expired_token", "the approval request expired");
			case ISSUED -> error("invalid_grant", issuedDescription);
			case REVOKED -> error("invalid_grant", "the grant of the base token was revoked");
			case APPROVED -> null;
		});
	}

	private static OAuth2Error error(String errorCode, String description) {
		return new OAuth2Error(errorCode, description, null);
	}

	/**
	 * The answer to a poll.
	 *
	 * @param polled the approval with the poll's time
	 * @param refusal the refusal, or {@code null} when the token is to be minted
	 */
	record Answer(ActionApproval polled, @Nullable OAuth2Error refusal) {
	}

}
