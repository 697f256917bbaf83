package dev.countersign.resource.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The contract every {@link ReplayStore} must keep under concurrency, for the stores'
 * tests.
 */
final class ConcurrentUses {

	private ConcurrentUses() {
	}

	/**
	 * Marks one {@code jti} used from many threads released at once.
	 * @param store the store
	 * @param jti the token id
	 * @param threads how many uses
	 * @return how many uses were told they were first
	 */
	static int firstUses(ReplayStore store, String jti, int threads) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		CountDownLatch go = new CountDownLatch(1);
		try {
			List<Future<Boolean>> uses = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				uses.add(executor.submit(() -> {
					go.await();
					return store.markUsed(jti, Instant.now().plusSeconds(30));
				}));
			}
			go.countDown();
			int first = 0;
			for (Future<Boolean> use : uses) {
				first += use.get() ? 1 : 0;
			}
			return first;
		}
		finally {
			executor.shutdownNow();
		}
	}

	/**
	 * Marks many tokens used from many threads at once, every thread using every token in
	 * its own order, so concurrent uses of one token meet in the store (and in one group
	 * of marks).
	 * @param store the store
	 * @param threads how many threads
	 * @param tokens how many tokens
	 * @return for each token, how many uses were told they were first
	 */
	static Map<String, Integer> firstUsesOfMany(ReplayStore store, int threads, int tokens) throws Exception {
		String run = UUID.randomUUID().toString();
		List<String> jtis = new ArrayList<>();
		for (int i = 0; i < tokens; i++) {
			jtis.add(run + "-" + i);
		}
		Map<String, AtomicInteger> firsts = new ConcurrentHashMap<>();
		jtis.forEach((jti) -> firsts.put(jti, new AtomicInteger()));
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		CountDownLatch go = new CountDownLatch(1);
		try {
			List<Future<?>> uses = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				List<String> order = new ArrayList<>(jtis);
				Collections.shuffle(order, new java.util.Random(t));
				uses.add(executor.submit(() -> {
					go.await();
					for (String jti : order) {
						if (store.markUsed(jti, Instant.now().plusSeconds(30))) {
							firsts.get(jti).incrementAndGet();
						}
					}
					return null;
				}));
			}
			go.countDown();
			for (Future<?> use : uses) {
				use.get();
			}
			Map<String, Integer> counts = new java.util.HashMap<>();
			firsts.forEach((jti, count) -> counts.put(jti, count.get()));
			return counts;
		}
		finally {
			executor.shutdownNow();
		}
	}

}
