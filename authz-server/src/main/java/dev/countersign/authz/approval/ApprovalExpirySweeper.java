package dev.countersign.authz.approval;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.util.Assert;

/**
 * Marks undecided approvals expired once their lifetime is over, each with its
 * {@code expired} audit event; calls on an approval do the same on their own, so the
 * sweep only makes the audit log timely for approvals nobody looks at again.
 */
public final class ApprovalExpirySweeper implements Runnable {

	private static final Log logger = LogFactory.getLog(ApprovalExpirySweeper.class);

	private final ActionApprovalService approvals;

	public ApprovalExpirySweeper(ActionApprovalService approvals) {
		Assert.notNull(approvals, "approvals cannot be null");
		this.approvals = approvals;
	}

	@Override
	public void run() {
		try {
			int expired = this.approvals.expireDue();
			if (expired > 0 && logger.isDebugEnabled()) {
				logger.debug("Expired " + expired + " approval requests");
			}
		}
		catch (RuntimeException ex) {
			// the next sweep tries again; never let the scheduler thread die
			logger.warn("Expiry sweep failed: " + ex.getMessage());
		}
	}

}
