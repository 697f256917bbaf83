package dev.countersign.resource.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

import dev.countersign.core.Messages;
import dev.countersign.core.StrictJson;
import dev.countersign.resource.client.AuthorizationServerClient;
import dev.countersign.resource.client.AuthorizationServerUnreachableException;

/**
 * Reports to the authorization server every action token this resource server refused
 * after its signature verified ({@link ActionCheckEvent.Refused#getJti()}), so the
 * approval's audit trail records it as {@code rejected} (the audit's steps: requested,
 * shown, approved, denied, expired, issued, consumed, rejected). Bounded and
 * non-blocking: the request thread only offers the report to a queue of fixed capacity;
 * one background thread posts them; when the queue is full or a post fails, the report is
 * dropped and counted ({@link #getDropped()}), never retried at the request's expense.
 */
public final class ActionTokenRejectionReporter
		implements ApplicationListener<ActionCheckEvent.Refused>, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ActionTokenRejectionReporter.class);

	/** The longest description reported. */
	static final int MAX_DESCRIPTION = 160;

	private final AuthorizationServerClient client;

	private final URI endpoint;

	private final BlockingQueue<Report> queue;

	private final AtomicLong dropped = new AtomicLong();

	private final AtomicLong delivered = new AtomicLong();

	private volatile @Nullable Thread worker;

	/**
	 * Create a new {@code ActionTokenRejectionReporter}.
	 * @param client the authorization server's client
	 * @param endpoint the rejection endpoint, {@code POST /approvals/rejections}
	 * @param capacity how many reports may wait
	 */
	public ActionTokenRejectionReporter(AuthorizationServerClient client, URI endpoint, int capacity) {
		Assert.notNull(client, "client cannot be null");
		Assert.notNull(endpoint, "endpoint cannot be null");
		Assert.isTrue(capacity > 0, "capacity must be positive");
		this.client = client;
		this.endpoint = endpoint;
		this.queue = new ArrayBlockingQueue<>(capacity);
	}

	@Override
	public void onApplicationEvent(ActionCheckEvent.Refused event) {
		String jti = event.getJti();
		if (jti == null || event.getCheck() == null) {
			return;
		}
		String description = event.getDescription();
		if (description.length() > MAX_DESCRIPTION) {
			description = description.substring(0, MAX_DESCRIPTION);
		}
		if (!this.queue.offer(new Report(jti, event.getCheck(), description))) {
			drop("the queue is full");
		}
	}

	/**
	 * Reports dropped so far: the queue was full or the authorization server did not take
	 * them.
	 * @return the count
	 */
	public long getDropped() {
		return this.dropped.get();
	}

	/**
	 * Reports the authorization server took so far.
	 * @return the count
	 */
	public long getDelivered() {
		return this.delivered.get();
	}

	@Override
	public void start() {
		Thread thread = new Thread(this::deliver, "countersign-rejection-reporter");
		thread.setDaemon(true);
		this.worker = thread;
		thread.start();
	}

	@Override
	public void stop() {
		Thread thread = this.worker;
		this.worker = null;
		if (thread != null) {
			thread.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.worker != null;
	}

	private void deliver() {
		while (this.worker == Thread.currentThread()) {
			Report report;
			try {
				report = this.queue.poll(1, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				return;
			}
			if (report != null) {
				post(report);
			}
		}
	}

	private void post(Report report) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("jti", report.jti());
		body.put("check", report.check());
		body.put("description", report.description());
		try {
			int status = this.client.post(this.endpoint, StrictJson.write(body), "rejection endpoint")
				.getStatusCode()
				.value();
			if (status / 100 == 2) {
				this.delivered.incrementAndGet();
			}
			else {
				drop("the rejection endpoint answered " + status);
			}
		}
		catch (AuthorizationServerUnreachableException ex) {
			drop(Messages.of(ex));
		}
	}

	private void drop(String why) {
		long count = this.dropped.incrementAndGet();
		if (count == 1 || count % 100 == 0) {
			logger.warn("Refusal reports not delivered to the authorization server (" + count + " so far): " + why);
		}
	}

	private record Report(String jti, String check, String description) {
	}

}
