package dev.countersign.resource.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * Gathers the marks of concurrent requests into groups written to a shared store in one
 * call each (for {@link JdbcReplayStore}, one multi-row insert and one commit), so a busy
 * API pays one round trip and one commit per group instead of one per request. No thread
 * of its own: the first caller that finds no group being written writes every waiting
 * mark, up to a limit; the others wait for their answer, and the next waiting caller
 * takes over when the writer's own mark is answered. One group is written at a time; a
 * mark alone is written at once. Every caller is answered only after the group holding
 * its mark was written; when the write fails, every caller of that group gets
 * {@link ReplayStoreUnavailableException}.
 */
final class GroupedMarks {

	private final Writer writer;

	private final int limit;

	private final ConcurrentLinkedQueue<Pending> waiting = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean writing = new AtomicBoolean();

	/**
	 * Creates the groups.
	 * @param writer writes one group
	 * @param limit the most marks in one group
	 */
	GroupedMarks(Writer writer, int limit) {
		Assert.isTrue(limit > 0, "limit must be positive");
		this.writer = writer;
		this.limit = limit;
	}

	/**
	 * Marks a {@code jti} hash used, in the next group written.
	 * @param hash the hash of the token's id
	 * @param expiresAt until when the store must remember it
	 * @return {@code true} when this was the first use
	 */
	boolean markUsed(String hash, Instant expiresAt) {
		Pending mark = new Pending(hash, expiresAt, Thread.currentThread());
		this.waiting.add(mark);
		boolean interrupted = false;
		try {
			while (!mark.answered()) {
				if (this.writing.compareAndSet(false, true)) {
					try {
						writeGroup();
					}
					finally {
						this.writing.set(false);
						handOver();
					}
				}
				else {
					LockSupport.park(this);
					interrupted |= Thread.interrupted();
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
		return mark.answer();
	}

	// a caller that queued while this one wrote is parked: wake the first, who writes the
	// next group (the queue is read after writing is released, and callers read writing
	// after queueing, so of the two one always sees the other)
	private void handOver() {
		Pending next = this.waiting.peek();
		if (next != null) {
			LockSupport.unpark(next.caller);
		}
	}

	private void writeGroup() {
		List<Pending> group = new ArrayList<>();
		Pending polled;
		while (group.size() < this.limit && (polled = this.waiting.poll()) != null) {
			group.add(polled);
		}
		if (group.isEmpty()) {
			return;
		}
		// one row or key per hash: of two uses of one token in a group, the later one is
		// not first whatever the store answers
		Map<String, Mark> marks = new LinkedHashMap<>();
		for (Pending pending : group) {
			marks.putIfAbsent(pending.hash, new Mark(pending.hash, pending.expiresAt));
		}
		Set<String> first;
		try {
			first = this.writer.write(List.copyOf(marks.values()));
		}
		catch (RuntimeException ex) {
			group.forEach((pending) -> pending.fail(ex));
			return;
		}
		catch (Error ex) {
			group.forEach((pending) -> pending.fail(ex));
			throw ex;
		}
		Set<String> answered = new HashSet<>();
		for (Pending pending : group) {
			pending.settle(answered.add(pending.hash) && first.contains(pending.hash));
		}
	}

	/**
	 * Writes one group of marks to the store.
	 */
	@FunctionalInterface
	interface Writer {

		/**
		 * Writes the marks.
		 * @param marks the marks, one per hash
		 * @return the hashes that were not in the store before
		 * @throws ReplayStoreUnavailableException when the store cannot answer
		 */
		Set<String> write(List<Mark> marks);

	}

	/**
	 * One mark of a group.
	 *
	 * @param hash the hash of the token's id
	 * @param expiresAt until when the store must remember it
	 */
	record Mark(String hash, Instant expiresAt) {
	}

	private static final class Pending {

		private final String hash;

		private final Instant expiresAt;

		private final Thread caller;

		private volatile @Nullable Boolean first;

		private volatile @Nullable Throwable failure;

		Pending(String hash, Instant expiresAt, Thread caller) {
			this.hash = hash;
			this.expiresAt = expiresAt;
			this.caller = caller;
		}

		boolean answered() {
			return this.first != null || this.failure != null;
		}

		void settle(boolean first) {
			this.first = first;
			wake();
		}

		void fail(Throwable failure) {
			this.failure = failure;
			wake();
		}

		boolean answer() {
			Throwable failure = this.failure;
			if (failure != null) {
				throw new ReplayStoreUnavailableException("the replay store did not record the use", failure);
			}
			return Boolean.TRUE.equals(this.first);
		}

		private void wake() {
			if (this.caller != Thread.currentThread()) {
				LockSupport.unpark(this.caller);
			}
		}

	}

}
