package dev.countersign.resource.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

}
