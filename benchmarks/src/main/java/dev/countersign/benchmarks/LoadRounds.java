package dev.countersign.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.management.OperatingSystemMXBean;
import org.jspecify.annotations.Nullable;

/**
 * The load driver the benchmarks share, made to be trusted: a closed loop of a fixed
 * number of workers and a bounded request count per round; each load warmed until two
 * rounds in a row agree within {@link #STEADY} (the JVMs have compiled what the load
 * runs); then the loads measured in alternating rounds, so that drift of the machine
 * falls on all of them alike; the median of the rounds reported with its spread.
 */
final class LoadRounds implements AutoCloseable {

	/** Two warm-up rounds whose rates differ by less than this are steady. */
	static final double STEADY = 0.05;

	static final int MAX_WARM_UP_ROUNDS = ServerLoad.intEnv("LOAD_WARM_UP_ROUNDS", 20);

	private static final OperatingSystemMXBean PROCESS = (OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	/** Linux's USER_HZ, 100 on every usual kernel. */
	private static final long NANOS_PER_TICK = 10_000_000L;

	/** The name prefix of the driver's worker threads. */
	private static final String DRIVER_THREADS = "load-driver-";

	/** The name prefix of the JDK HTTP client's threads, which the driver's calls use. */
	private static final String HTTP_CLIENT_THREADS = "HttpClient-";

	private final int workers;

	private final ExecutorService executor;

	LoadRounds(int workers) {
		this.workers = workers;
		AtomicInteger number = new AtomicInteger();
		this.executor = Executors.newFixedThreadPool(workers,
				(task) -> new Thread(task, DRIVER_THREADS + number.incrementAndGet()));
	}

	int workers() {
		return this.workers;
	}

	/**
	 * Runs {@code count} calls spread over the workers.
	 * @param count the calls
	 * @param call one call; its first timing is the whole call, the others its steps
	 * @return the timings and the elapsed time
	 * @throws Exception when a call fails
	 */
	Result run(int count, Call call) throws Exception {
		return run(count, call, null);
	}

	private Result run(int count, Call call, @Nullable String threads) throws Exception {
		long threadCpu = threadCpu(threads);
		long driverCpu = driverCpu();
		long processCpu = PROCESS.getProcessCpuTime();
		long[] vmCpu = vmCpu();
		long start = System.nanoTime();
		List<Future<List<long[]>>> futures = new ArrayList<>();
		for (int w = 0; w < this.workers; w++) {
			int worker = w;
			int share = count / this.workers + ((w < count % this.workers) ? 1 : 0);
			futures.add(this.executor.submit(() -> {
				List<long[]> timings = new ArrayList<>(share);
				for (int i = 0; i < share; i++) {
					timings.add(call.run(worker));
				}
				return timings;
			}));
		}
		List<long[]> all = new ArrayList<>(count);
		for (Future<List<long[]>> future : futures) {
			all.addAll(future.get());
		}
		long elapsed = System.nanoTime() - start;
		long[] vmCpuAfter = vmCpu();
		return new Result(all, elapsed, PROCESS.getProcessCpuTime() - processCpu, threadCpu(threads) - threadCpu,
				driverCpu() - driverCpu, Math.max(0, vmCpuAfter[0] - vmCpu[0]), Math.max(0, vmCpuAfter[1] - vmCpu[1]));
	}

	/**
	 * The CPU time of the JVM's own threads, which no {@link ThreadMXBean} lists, from
	 * {@code /proc/self/task} (in clock ticks of 10 ms, so exact over many calls only):
	 * the JIT compiler's and the garbage collector's.
	 * @return nanoseconds of the compiler threads and of the collector threads; zeros
	 * where {@code /proc} is missing
	 */
	private static long[] vmCpu() {
		long[] cpu = new long[2];
		Path tasks = Path.of("/proc/self/task");
		if (!Files.isDirectory(tasks)) {
			return cpu;
		}
		try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
			for (Path thread : threads) {
				String stat;
				try {
					stat = Files.readString(thread.resolve("stat"));
				}
				catch (IOException ex) {
					// the thread ended meanwhile
					continue;
				}
				String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
				int kind = -1;
				if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
					kind = 0;
				}
				else if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
					kind = 1;
				}
				if (kind >= 0) {
					String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					// utime and stime, fields 14 and 15 of proc(5)
					cpu[kind] += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
				}
			}
		}
		catch (IOException ex) {
			return new long[2];
		}
		return cpu;
	}

	// the CPU time of the driver's own threads: its workers and the HTTP client's
	private static long driverCpu() {
		return threadCpu(DRIVER_THREADS) + threadCpu(HTTP_CLIENT_THREADS);
	}

	/**
	 * The CPU time of this JVM's threads whose names start with a prefix.
	 * @param prefix the prefix, {@code null} for none
	 * @return nanoseconds
	 */
	private static long threadCpu(@Nullable String prefix) {
		if (prefix == null) {
			return 0;
		}
		long total = 0;
		for (ThreadInfo thread : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
			if (thread != null && thread.getThreadName().startsWith(prefix)) {
				total += Math.max(0, THREADS.getThreadCpuTime(thread.getThreadId()));
			}
		}
		return total;
	}

	/**
	 * Warms every load, in turn, until each one's last two rounds agree within
	 * {@link #STEADY}, at most {@code LOAD_WARM_UP_ROUNDS} rounds (default 20).
	 * @param loads the loads
	 * @return each load's warm-up rates, for the report
	 * @throws Exception when a call fails
	 */
	Map<String, List<Double>> warm(List<Load> loads) throws Exception {
		return warm(loads, () -> {
		});
	}

	/**
	 * Warms every load, in turn, until each one's last two rounds agree within
	 * {@link #STEADY}, at most {@code LOAD_WARM_UP_ROUNDS} rounds (default 20).
	 * @param loads the loads
	 * @param beforeRound what to prepare before each round, not timed
	 * @return each load's warm-up rates, for the report
	 * @throws Exception when a call fails
	 */
	Map<String, List<Double>> warm(List<Load> loads, Runnable beforeRound) throws Exception {
		Map<String, List<Double>> rates = new LinkedHashMap<>();
		loads.forEach((load) -> rates.put(load.name(), new ArrayList<>()));
		for (int round = 0; round < MAX_WARM_UP_ROUNDS; round++) {
			boolean steady = true;
			beforeRound.run();
			for (Load load : loads) {
				List<Double> seen = get(rates, load.name());
				seen.add(run(load.count(), load.call(), load.threads()).perSecond());
				steady &= seen.size() >= 2
						&& Math.abs(seen.get(seen.size() - 1) / seen.get(seen.size() - 2) - 1) < STEADY;
			}
			if (steady) {
				break;
			}
		}
		return rates;
	}

	/**
	 * Measures the loads in alternating rounds: each round runs every load once, in the
	 * given order.
	 * @param loads the loads
	 * @param rounds the rounds
	 * @return each load's rounds, by name
	 * @throws Exception when a call fails
	 */
	Map<String, List<Result>> alternate(List<Load> loads, int rounds) throws Exception {
		return alternate(loads, rounds, () -> {
		});
	}

	/**
	 * Measures the loads in alternating rounds: each round runs every load once, in the
	 * given order.
	 * @param loads the loads
	 * @param rounds the rounds
	 * @param beforeRound what to prepare before each round, not timed
	 * @return each load's rounds, by name
	 * @throws Exception when a call fails
	 */
	Map<String, List<Result>> alternate(List<Load> loads, int rounds, Runnable beforeRound) throws Exception {
		Map<String, List<Result>> results = new LinkedHashMap<>();
		loads.forEach((load) -> results.put(load.name(), new ArrayList<>()));
		for (int round = 0; round < rounds; round++) {
			beforeRound.run();
			for (Load load : loads) {
				get(results, load.name()).add(run(load.count(), load.call(), load.threads()));
			}
		}
		return results;
	}

	/**
	 * Warm-up rates for a report: {@code "412 → 498 → 505"}.
	 * @param rates the rates of one load's warm-up rounds
	 * @return the text
	 */
	static String warmUp(List<Double> rates) {
		return String.join(" → ", rates.stream().map((rate) -> String.format("%.0f", rate)).toList());
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	/**
	 * The median of some values with their range, {@code "0.93 (0.90–0.97)"}.
	 * @param values the values
	 * @param format the format of one value
	 * @return the text
	 */
	static String spread(List<Double> values, String format) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return String.format(format + " (" + format + "–" + format + ")", median(sorted), sorted.get(0),
				sorted.get(sorted.size() - 1));
	}

	/**
	 * One load's entry of a result.
	 * @param <T> what is kept per load
	 * @param results the results by load
	 * @param name the load
	 * @return its entry
	 */
	static <T> T get(Map<String, T> results, String name) {
		return Objects.requireNonNull(results.get(name), name);
	}

	static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	/**
	 * The ratio of two loads' rates round by round.
	 * @param numerator the rounds of the load on top
	 * @param denominator the rounds of the load below, as many
	 * @return one ratio per round
	 */
	static List<Double> ratios(List<Result> numerator, List<Result> denominator) {
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i < numerator.size(); i++) {
			ratios.add(numerator.get(i).perSecond() / denominator.get(i).perSecond());
		}
		return ratios;
	}

	static List<Double> rates(List<Result> rounds) {
		return rounds.stream().map(Result::perSecond).toList();
	}

	/**
	 * One load: its name, the calls of one round, one call.
	 *
	 * @param name the name
	 * @param count the calls of one round
	 * @param call one call
	 * @param threads the name prefix of the threads whose CPU time to measure, or
	 * {@code null}
	 */
	record Load(String name, int count, Call call, @Nullable String threads) {

		Load(String name, int count, Call call) {
			this(name, count, call, null);
		}

	}

	/**
	 * One call of a load by one worker.
	 */
	@FunctionalInterface
	interface Call {

		/**
		 * Runs the call.
		 * @param worker the worker, {@code 0} to {@code workers - 1}
		 * @return the call's timings in nanoseconds, the whole call first
		 * @throws Exception when the call fails
		 */
		long[] run(int worker) throws Exception;

	}

	/**
	 * The calls of one round.
	 *
	 * @param timings each call's timings
	 * @param elapsedNanos how long the round took
	 * @param processCpuNanos the CPU time this JVM used meanwhile
	 * @param threadCpuNanos the CPU time the load's measured threads used meanwhile
	 * @param driverCpuNanos the CPU time the driver's own threads (its workers and the
	 * HTTP client's) used meanwhile
	 * @param compilerCpuNanos the CPU time the JIT compiler's threads used meanwhile
	 * @param gcCpuNanos the CPU time the garbage collector's threads used meanwhile
	 */
	record Result(List<long[]> timings, long elapsedNanos, long processCpuNanos, long threadCpuNanos,
			long driverCpuNanos, long compilerCpuNanos, long gcCpuNanos) {

		/**
		 * CPU time per call, in microseconds.
		 * @param threadsOnly the measured threads' only, else the whole JVM's
		 * @return microseconds
		 */
		double cpuMicros(boolean threadsOnly) {
			return ((threadsOnly) ? this.threadCpuNanos : this.processCpuNanos) / 1e3 / this.timings.size();
		}

		/**
		 * CPU time per call of this JVM without the driver's own threads: what serving a
		 * call costs when the servers run in this JVM (their request threads, garbage
		 * collection, the compiler, client libraries' threads).
		 * @return microseconds
		 */
		double servingCpuMicros() {
			return (this.processCpuNanos - this.driverCpuNanos) / 1e3 / this.timings.size();
		}

		/**
		 * The JIT compiler's CPU time per call, in microseconds: still compiling, not yet
		 * steady.
		 * @return microseconds
		 */
		double compilerCpuMicros() {
			return this.compilerCpuNanos / 1e3 / this.timings.size();
		}

		/**
		 * The garbage collector's CPU time per call, in microseconds.
		 * @return microseconds
		 */
		double gcCpuMicros() {
			return this.gcCpuNanos / 1e3 / this.timings.size();
		}

		/**
		 * Calls one fully used core serves at {@link #servingCpuMicros()} each.
		 * @return calls per vCPU-second
		 */
		double perCpuSecond() {
			return 1e6 / servingCpuMicros();
		}

		double perSecond() {
			return this.timings.size() / (this.elapsedNanos / 1e9);
		}

		/**
		 * A quantile of one timing, in milliseconds.
		 * @param column the timing
		 * @param quantile the quantile
		 * @return milliseconds
		 */
		double millis(int column, double quantile) {
			List<Long> values = new ArrayList<>(this.timings.size());
			this.timings.forEach((timing) -> values.add(timing[column]));
			Collections.sort(values);
			int index = Math.max(0, Math.min(values.size() - 1, (int) Math.ceil(quantile * values.size()) - 1));
			return values.get(index) / 1e6;
		}

		static Result all(List<Result> rounds) {
			List<long[]> timings = new ArrayList<>();
			long elapsed = 0;
			long processCpu = 0;
			long threadCpu = 0;
			long driverCpu = 0;
			long compilerCpu = 0;
			long gcCpu = 0;
			for (Result round : rounds) {
				timings.addAll(round.timings);
				elapsed += round.elapsedNanos;
				processCpu += round.processCpuNanos;
				threadCpu += round.threadCpuNanos;
				driverCpu += round.driverCpuNanos;
				compilerCpu += round.compilerCpuNanos;
				gcCpu += round.gcCpuNanos;
			}
			return new Result(timings, elapsed, processCpu, threadCpu, driverCpu, compilerCpu, gcCpu);
		}

	}

}
