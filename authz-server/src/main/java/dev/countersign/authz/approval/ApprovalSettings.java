package dev.countersign.authz.approval;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How approvals behave ({@code countersign.approvals.*}).
 *
 * @param requestLifetime how long the user has to decide, and the client to fetch the
 * token
 * @param interval the least time between two polls of one approval; faster polls get
 * slow_down
 * @param maxPendingPerSubject most undecided approvals one user may have at once
 * @param maxRequestsPerWindow most approval requests for one user within the rate window
 * @param rateWindow the window of the per-user request rate
 * @param maxFailedAttempts wrong number picks that deny an approval
 * @param numberChoices how many numbers the approval page offers, drawn once per approval
 * @param expirySweepInterval how often undecided approvals past their lifetime are
 * expired
 */
public record ApprovalSettings(Duration requestLifetime, Duration interval, int maxPendingPerSubject,
		int maxRequestsPerWindow, Duration rateWindow, int maxFailedAttempts, int numberChoices,
		Duration expirySweepInterval) {

	public ApprovalSettings {
		Assert.notNull(requestLifetime, "requestLifetime cannot be null");
		Assert.notNull(interval, "interval cannot be null");
		Assert.notNull(rateWindow, "rateWindow cannot be null");
		Assert.notNull(expirySweepInterval, "expirySweepInterval cannot be null");
	}

}
