package dev.countersign.resource.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The grouping of concurrent marks, with a writer that keeps the hashes in memory the way
 * a store's primary key would.
 */
class GroupedMarksTests {

	private static final Instant LATER = Instant.now().plusSeconds(60);

	private final ExecutorService executor = Executors.newFixedThreadPool(16);

	private final Set<String> stored = ConcurrentHashMap.newKeySet();

	private final List<Integer> groupSizes = new CopyOnWriteArrayList<>();

	@AfterEach
	void stop() {
		this.executor.shutdownNow();
	}

	@Test
	void markUsedWhenSixteenThreadsShareTokensThenEachTokenFirstExactlyOnce() throws Exception {
		GroupedMarks groups = new GroupedMarks(this::storeEach, 8);
		Map<String, AtomicInteger> firsts = new ConcurrentHashMap<>();
		List<Future<?>> threads = new ArrayList<>();
		for (int t = 0; t < 16; t++) {
			int offset = t;
			threads.add(this.executor.submit(() -> {
				for (int i = 0; i < 2_000; i++) {
					// every token used by four threads
					String hash = "jti-" + i + "-" + (offset % 4);
					if (groups.markUsed(hash, LATER)) {
						firsts.computeIfAbsent(hash, (key) -> new AtomicInteger()).incrementAndGet();
					}
				}
				return null;
			}));
		}
		for (Future<?> thread : threads) {
			thread.get(60, TimeUnit.SECONDS);
		}
		assertThat(this.stored).hasSize(8_000);
		assertThat(firsts).hasSize(8_000);
		assertThat(firsts.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
		assertThat(this.groupSizes).allSatisfy((size) -> assertThat(size).isBetween(1, 8));
	}

	@Test
	void markUsedWhenCallersQueueWhileAGroupIsWrittenThenTheyGoTogetherInTheNext() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		GroupedMarks groups = new GroupedMarks((marks) -> {
			if (this.groupSizes.isEmpty()) {
				await(release);
			}
			return storeEach(marks);
		}, 64);
		Future<Boolean> firstCaller = this.executor.submit(() -> groups.markUsed("held", LATER));
		waitUntil(() -> hasWaitingThreads(1));
		List<Future<Boolean>> queued = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			String hash = (i < 2) ? "same" : "queued-" + i;
			queued.add(this.executor.submit(() -> groups.markUsed(hash, LATER)));
		}
		// the writer of the first group plus seven callers parked behind it
		waitUntil(() -> hasWaitingThreads(8));
		release.countDown();
		assertThat(firstCaller.get(10, TimeUnit.SECONDS)).isTrue();
		int first = 0;
		for (Future<Boolean> caller : queued) {
			first += caller.get(10, TimeUnit.SECONDS) ? 1 : 0;
		}
		// "same" twice: one of the two is first, in one row
		assertThat(first).isEqualTo(6);
		assertThat(this.groupSizes).containsExactly(1, 6);
	}

	@Test
	void markUsedWhenTheWriteFailsThenEveryCallerOfTheGroupRefusedAndTheNextGroupWritten() throws Exception {
		AtomicInteger writes = new AtomicInteger();
		GroupedMarks groups = new GroupedMarks((marks) -> {
			if (writes.incrementAndGet() == 1) {
				throw new ReplayStoreUnavailableException("store down");
			}
			return storeEach(marks);
		}, 64);
		assertThatExceptionOfType(ReplayStoreUnavailableException.class).isThrownBy(() -> groups.markUsed("jti", LATER))
			.havingCause()
			.withMessage("store down");
		assertThat(groups.markUsed("jti", LATER)).isTrue();
		assertThat(groups.markUsed("jti", LATER)).isFalse();
	}

	@Test
	void markUsedWhenCallerInterruptedThenStillAnsweredAndInterruptKept() throws Exception {
		GroupedMarks groups = new GroupedMarks(this::storeEach, 64);
		Future<Boolean> interrupted = this.executor.submit(() -> {
			Thread.currentThread().interrupt();
			boolean first = groups.markUsed("jti", LATER);
			return first && Thread.currentThread().isInterrupted();
		});
		assertThat(interrupted.get(10, TimeUnit.SECONDS)).isTrue();
	}

	private Set<String> storeEach(List<GroupedMarks.Mark> marks) {
		this.groupSizes.add(marks.size());
		assertThat(new HashSet<>(marks.stream().map(GroupedMarks.Mark::hash).toList())).hasSize(marks.size());
		Set<String> first = new HashSet<>();
		for (GroupedMarks.Mark mark : marks) {
			if (this.stored.add(mark.hash())) {
				first.add(mark.hash());
			}
		}
		return first;
	}

	// the executor's threads parked in the grouping (waiting on a latch counts too)
	private static boolean hasWaitingThreads(int count) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("pool-"))
			.filter((thread) -> thread.getState() == Thread.State.WAITING
					|| thread.getState() == Thread.State.TIMED_WAITING)
			.filter((thread) -> List.of(thread.getStackTrace())
				.stream()
				.anyMatch((frame) -> frame.getClassName().equals(GroupedMarks.class.getName())))
			.count() >= count;
	}

	private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
			Thread.sleep(5);
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
