package dev.countersign.authz.retention;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * How long what has ended is kept ({@code countersign.retention.*}).
 *
 * @param authorizations after the last token of an authorization expired
 * @param approvals after an approval could lead to nothing more (denied, expired,
 * revoked, or its token expired)
 * @param notifications after a notification was delivered or abandoned
 * @param interval how often the purge runs
 * @param batchSize rows one statement deletes
 * @param auditReleaseAfter how long after a checkpoint an exported audit segment is
 * released, {@code null} for never
 */
public record RetentionSettings(Duration authorizations, Duration approvals, Duration notifications, Duration interval,
		int batchSize, @Nullable Duration auditReleaseAfter) {

	public RetentionSettings {
		Assert.isTrue(!authorizations.isNegative() && !approvals.isNegative() && !notifications.isNegative(),
				"retention cannot be negative");
		Assert.isTrue(batchSize > 0, "batchSize must be positive");
	}

}
