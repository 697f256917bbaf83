package dev.countersign.authz.notification;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * The notification channels of a deployment ({@code countersign.notifications.*}) and how
 * the outbox is delivered.
 *
 * @param webhookUrl where approval requests are POSTed as signed JWS, or {@code null} for
 * no webhook
 * @param email whether users are sent an e-mail for each approval request
 * @param emailFrom the sender of those e-mails
 * @param timeout how long one delivery may take
 * @param pollInterval how often the worker looks for due notifications when not woken
 * @param batchSize how many notifications one claim takes
 * @param initialBackoff the wait after the first failed delivery; doubled after each
 * further failure
 * @param maxBackoff the longest wait between attempts
 * @param maxAttempts attempts before a notification is abandoned (and that audited)
 * @param lease how long a claimed notification is held by its worker before another may
 * try it (the worker died mid-delivery)
 * @param concurrency how many deliveries of a batch run at once
 */
public record NotificationSettings(@Nullable String webhookUrl, boolean email, String emailFrom, Duration timeout,
		Duration pollInterval, int batchSize, Duration initialBackoff, Duration maxBackoff, int maxAttempts,
		Duration lease, int concurrency) {

	public NotificationSettings {
		Assert.hasText(emailFrom, "emailFrom cannot be empty");
		Assert.isTrue(batchSize > 0 && maxAttempts > 0 && concurrency > 0,
				"batchSize, maxAttempts and concurrency must be positive");
		Assert.isTrue(lease.compareTo(timeout) > 0, "the lease must outlast a delivery's timeout");
	}

	/**
	 * The wait after a failed attempt.
	 * @param failures how many attempts failed, this one included
	 * @return the backoff: initial × 2^(failures − 1), at most the maximum
	 */
	public Duration backoff(int failures) {
		Duration wait = this.initialBackoff;
		for (int i = 1; i < failures && wait.compareTo(this.maxBackoff) < 0; i++) {
			wait = wait.multipliedBy(2);
		}
		return (wait.compareTo(this.maxBackoff) > 0) ? this.maxBackoff : wait;
	}

}
