package dev.countersign.authz.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

import dev.countersign.authz.approval.ActionApproval;
import dev.countersign.authz.approval.ActionApprovalRepository;
import dev.countersign.authz.audit.AuditLog;
import dev.countersign.authz.audit.AuditRecord;
import dev.countersign.core.Messages;
import dev.countersign.core.StrictJson;

/**
 * Delivers the outbox: one thread that claims due notifications, delivers them through
 * their channels outside any transaction ({@code concurrency} at a time), and records the
 * outcomes with their audit events ({@code notification-delivered},
 * {@code notification-failed} with the next attempt's time,
 * {@code notification-abandoned} after the last) in one transaction per batch. It runs
 * when woken (a step with notifications committed) and at least every poll interval, so
 * nothing waits for a restart and nothing is lost by one: a notification is delivered at
 * least once. A request never waits for it.
 */
public final class NotificationWorker implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(NotificationWorker.class);

	private final NotificationOutbox outbox;

	private final Map<NotificationChannel.Kind, NotificationChannel> channels = new EnumMap<>(
			NotificationChannel.Kind.class);

	private final AuditLog audit;

	private final ActionApprovalRepository approvals;

	private final TransactionOperations transactions;

	private final NotificationSettings settings;

	private final Semaphore wakeUps = new Semaphore(0);

	private Clock clock = Clock.systemUTC();

	private volatile boolean running;

	private @Nullable Thread thread;

	private @Nullable ExecutorService deliveries;

	/**
	 * Creates the worker.
	 * @param outbox the outbox
	 * @param channels the channels, one per kind
	 * @param audit the audit log
	 * @param approvals the approvals, for what the audit events name
	 * @param transactions the transactions
	 * @param settings the settings
	 */
	public NotificationWorker(NotificationOutbox outbox, List<NotificationChannel> channels, AuditLog audit,
			ActionApprovalRepository approvals, TransactionOperations transactions, NotificationSettings settings) {
		Assert.notNull(outbox, "outbox cannot be null");
		Assert.notNull(audit, "audit cannot be null");
		Assert.notNull(approvals, "approvals cannot be null");
		Assert.notNull(transactions, "transactions cannot be null");
		Assert.notNull(settings, "settings cannot be null");
		this.outbox = outbox;
		channels.forEach((channel) -> this.channels.put(channel.kind(), channel));
		this.audit = audit;
		this.approvals = approvals;
		this.transactions = transactions;
		this.settings = settings;
	}

	public void setClock(Clock clock) {
		Assert.notNull(clock, "clock cannot be null");
		this.clock = clock;
	}

	/**
	 * Asks the worker to look for due notifications now.
	 */
	public void wake() {
		if (this.wakeUps.availablePermits() == 0) {
			this.wakeUps.release();
		}
	}

	/**
	 * Delivers one batch of due notifications: each through its channel, up to
	 * {@code concurrency} at a time, then every outcome and its audit event in one
	 * transaction.
	 * @return how many were attempted
	 */
	public int deliverDue() {
		Instant now = this.clock.instant();
		List<Notification> due = this.transactions
			.execute((status) -> this.outbox.claimDue(now, now.plus(this.settings.lease()), this.settings.batchSize()));
		if (due == null || due.isEmpty()) {
			return 0;
		}
		List<Outcome> outcomes = new ArrayList<>();
		ExecutorService deliveries = this.deliveries;
		if (deliveries == null || due.size() == 1) {
			due.forEach((notification) -> outcomes.add(attempt(notification)));
		}
		else {
			List<Future<Outcome>> attempts = new ArrayList<>();
			due.forEach((notification) -> attempts.add(deliveries.submit(() -> attempt(notification))));
			for (int i = 0; i < attempts.size(); i++) {
				outcomes.add(outcome(attempts.get(i), due.get(i)));
			}
		}
		record(outcomes);
		return due.size();
	}

	private static Outcome outcome(Future<Outcome> attempt, Notification notification) {
		try {
			return attempt.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Outcome(notification, "interrupted while delivering");
		}
		catch (ExecutionException ex) {
			return new Outcome(notification,
					"delivery failed: " + Messages.of((ex.getCause() != null) ? ex.getCause() : ex));
		}
	}

	private Outcome attempt(Notification notification) {
		NotificationChannel channel = this.channels.get(notification.channel());
		if (channel == null) {
			return new Outcome(notification,
					"the " + notification.channel().value() + " channel is not configured on this instance");
		}
		try {
			channel.deliver(notification);
			return new Outcome(notification, null);
		}
		catch (Exception ex) {
			return new Outcome(notification, ex.getClass().getSimpleName() + ": " + Messages.of(ex));
		}
	}

	private void record(List<Outcome> outcomes) {
		Instant now = this.clock.instant();
		this.transactions.executeWithoutResult((status) -> outcomes.forEach((outcome) -> record(outcome, now)));
		for (Outcome outcome : outcomes) {
			if (outcome.failure() != null) {
				logger.warn("Notification " + outcome.notification().id() + " (" + what(outcome.notification())
						+ ") failed, attempt " + (outcome.notification().attempts() + 1) + ": " + outcome.failure());
			}
		}
	}

	private void record(Outcome result, Instant now) {
		Notification notification = result.notification();
		String failure = result.failure();
		int attempt = notification.attempts() + 1;
		String what = what(notification);
		String event;
		String outcome;
		if (failure == null) {
			this.outbox.delivered(notification.id(), now);
			event = "notification-delivered";
			outcome = what + " delivered, attempt " + attempt;
		}
		else if (attempt >= this.settings.maxAttempts()) {
			this.outbox.abandon(notification.id(), now, failure);
			event = "notification-abandoned";
			outcome = what + " abandoned after attempt " + attempt + ": " + failure;
		}
		else {
			Duration backoff = this.settings.backoff(attempt);
			this.outbox.retry(notification.id(), now.plus(backoff), failure);
			event = "notification-failed";
			outcome = what + " failed, attempt " + attempt + ", next in " + backoff.toSeconds() + " s: " + failure;
		}
		ActionApproval approval = this.approvals.findById(notification.approvalId());
		this.audit.append(new AuditRecord(event, "system", (approval != null) ? approval.qualifiedSubject() : null,
				(approval != null) ? approval.clientId() : null, (approval != null) ? approval.actionType() : null,
				notification.approvalId(), (approval != null) ? StrictJson.write(approval.detail().parameters()) : null,
				truncate(outcome)));
	}

	private static String what(Notification notification) {
		return notification.channel().value() + " to " + recipient(notification);
	}

	/**
	 * Where a notification goes, as the audit log names it: the address or the URL
	 * without its query (which may hold a secret).
	 * @param notification the notification
	 * @return the recipient
	 */
	private static String recipient(Notification notification) {
		String recipient = notification.recipient();
		int query = recipient.indexOf('?');
		return (query >= 0) ? recipient.substring(0, query) : recipient;
	}

	private static String truncate(String outcome) {
		return (outcome.length() > 200) ? outcome.substring(0, 197) + "..." : outcome;
	}

	private void run() {
		while (this.running) {
			try {
				if (deliverDue() < this.settings.batchSize()) {
					this.wakeUps.tryAcquire(this.settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
					this.wakeUps.drainPermits();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (DataAccessException | IllegalStateException ex) {
				logger.warn("Notification outbox unavailable, trying again: " + Messages.of(ex));
				try {
					Thread.sleep(this.settings.pollInterval().toMillis());
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	@Override
	public void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		if (this.settings.concurrency() > 1) {
			AtomicInteger threads = new AtomicInteger();
			this.deliveries = Executors.newFixedThreadPool(this.settings.concurrency(), (task) -> {
				Thread delivery = new Thread(task, "countersign-notification-" + threads.incrementAndGet());
				delivery.setDaemon(true);
				return delivery;
			});
		}
		Thread worker = new Thread(this::run, "countersign-notifications");
		worker.setDaemon(true);
		this.thread = worker;
		worker.start();
	}

	@Override
	public void stop() {
		this.running = false;
		Thread worker = this.thread;
		if (worker != null) {
			worker.interrupt();
			try {
				worker.join(this.settings.timeout().toMillis() + 1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.thread = null;
		ExecutorService pool = this.deliveries;
		if (pool != null) {
			pool.shutdownNow();
		}
		this.deliveries = null;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * What one attempt came to.
	 *
	 * @param notification the notification
	 * @param failure why it was not delivered, or {@code null} when it was
	 */
	private record Outcome(Notification notification, @Nullable String failure) {
	}

}
