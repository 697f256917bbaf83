package dev.countersign.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Two CPUs used as two machines ({@code taskset}): this JVM, the API and the load driver,
 * on CPU 1; what the API calls, the authorization server, PostgreSQL (every process, so
 * the backends it forks follow) and Redis, on CPU 0. The CPUs of the processes this did
 * not start are put back when closed.
 */
final class Affinity implements AutoCloseable {

	private static final String BACKENDS = "0";

	private final Map<Long, String> previous;

	private final boolean split;

	private Affinity(Map<Long, String> previous, boolean split) {
		this.previous = previous;
		this.split = split;
	}

	static Affinity none() {
		return new Affinity(Map.of(), false);
	}

	static Affinity split() throws IOException, InterruptedException {
		Map<Long, String> previous = new LinkedHashMap<>();
		long self = ProcessHandle.current().pid();
		previous.put(self, current(self));
		set(self, "1");
		for (long pid : pids("postgres", "redis-server")) {
			previous.put(pid, current(pid));
			set(pid, BACKENDS);
		}
		return new Affinity(previous, true);
	}

	/**
	 * The CPUs for the servers this benchmark starts that the API calls.
	 * @return the CPU list, {@code null} when not split
	 */
	@Nullable String backends() {
		return this.split ? BACKENDS : null;
	}

	@Override
	public void close() throws IOException, InterruptedException {
		for (Map.Entry<Long, String> entry : this.previous.entrySet()) {
			if (ProcessHandle.of(entry.getKey()).isPresent()) {
				set(entry.getKey(), entry.getValue());
			}
		}
	}

	private static List<Long> pids(String... names) throws IOException, InterruptedException {
		List<Long> pids = new ArrayList<>();
		for (String name : names) {
			for (String line : run("pgrep", "-x", name).split("\n")) {
				if (!line.isBlank()) {
					pids.add(Long.parseLong(line.trim()));
				}
			}
		}
		return pids;
	}

	private static String current(long pid) throws IOException, InterruptedException {
		String line = run("taskset", "-c", "-p", Long.toString(pid)).trim();
		return line.substring(line.lastIndexOf(':') + 1).trim();
	}

	private static void set(long pid, String cpus) throws IOException, InterruptedException {
		run("taskset", "-a", "-c", "-p", cpus, Long.toString(pid));
	}

	private static String run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		int status = process.waitFor();
		// pgrep answers 1 when nothing matches
		if (status != 0 && !(command[0].equals("pgrep") && status == 1)) {
			throw new IOException(String.join(" ", command) + " failed: " + output);
		}
		return output;
	}

}
