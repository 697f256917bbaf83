package dev.countersign.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ActionFilterBenchmark}'s row measured on a machine whose speed wanders: the
 * starter's check of one {@code jit} request and its floor (two bare RS256 verifications)
 * in one JVM, in short slices taken in turn (the order flipped every pair), so each ratio
 * compares two slices a second apart; the median of the pairs with their range. JMH's
 * forks run one benchmark after the other, minutes apart, and on the 2-core VMs of this
 * project the machine's speed moved by up to 40 % between them (2026-12-06). Both run in
 * this JVM after a warm-up of both; they share only the JDK's RSA code and Nimbus's
 * classes.
 * <p>
 * {@code -Dslices=40 -Dslice.millis=500 -Dwarm.up.seconds=40}.
 */
public final class FilterBesideFloor {

	private FilterBesideFloor() {
	}

	public static void main(String[] args) throws Exception {
		int slices = Integer.getInteger("slices", 40);
		long sliceNanos = Long.getLong("slice.millis", 500) * 1_000_000;
		long warmUpNanos = Long.getLong("warm.up.seconds", 40) * 1_000_000_000;
		ActionFilterBenchmark benchmark = new ActionFilterBenchmark();
		benchmark.setUp();
		Operation filter = benchmark::filter;
		Operation floor = () -> benchmark.floorTwoRs256Verifications() ? 1 : 0;
		long warmUpEnd = System.nanoTime() + warmUpNanos;
		while (System.nanoTime() < warmUpEnd) {
			slice(filter, sliceNanos);
			slice(floor, sliceNanos);
		}
		List<Double> wall = new ArrayList<>();
		List<Double> cpu = new ArrayList<>();
		List<Double> filterRates = new ArrayList<>();
		List<Double> floorRates = new ArrayList<>();
		for (int i = 0; i < slices; i++) {
			Slice checked;
			Slice bare;
			if (i % 2 == 0) {
				checked = slice(filter, sliceNanos);
				bare = slice(floor, sliceNanos);
			}
			else {
				bare = slice(floor, sliceNanos);
				checked = slice(filter, sliceNanos);
			}
			wall.add(checked.nanosPerOp() / bare.nanosPerOp());
			cpu.add(checked.cpuNanosPerOp() / bare.cpuNanosPerOp());
			filterRates.add(1e9 / checked.nanosPerOp());
			floorRates.add(1e9 / bare.nanosPerOp());
		}
		System.out.printf("%d pairs of %d ms slices after %d s of warm-up%n", slices, sliceNanos / 1_000_000,
				warmUpNanos / 1_000_000_000);
		System.out.println("| measure | median (range) |");
		System.out.println("|---|---|");
		System.out.println("| filter, ops/s | " + LoadRounds.spread(filterRates, "%,.0f") + " |");
		System.out
			.println("| floor (two RS256 verifications), ops/s | " + LoadRounds.spread(floorRates, "%,.0f") + " |");
		System.out.println("| **check / floor**, wall time per op | " + LoadRounds.spread(wall, "%.3f") + " |");
		System.out.println("| check / floor, CPU time per op | " + LoadRounds.spread(cpu, "%.3f") + " |");
	}

	private static Slice slice(Operation operation, long nanos) throws Exception {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long cpuStart = threads.getCurrentThreadCpuTime();
		long start = System.nanoTime();
		long end = start + nanos;
		long ops = 0;
		long sink = 0;
		long now;
		do {
			for (int i = 0; i < 16; i++) {
				sink += operation.run();
			}
			ops += 16;
			now = System.nanoTime();
		}
		while (now < end);
		if (sink == Long.MIN_VALUE) {
			System.out.println(sink); // keeps the results alive
		}
		return new Slice((double) (now - start) / ops, (double) (threads.getCurrentThreadCpuTime() - cpuStart) / ops);
	}

	@FunctionalInterface
	private interface Operation {

		int run() throws Exception;

	}

	private record Slice(double nanosPerOp, double cpuNanosPerOp) {
	}

}
