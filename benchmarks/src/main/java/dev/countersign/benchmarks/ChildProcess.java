package dev.countersign.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A server the benchmark starts in a process of its own, on the same Java, optionally on
 * given CPUs ({@code taskset}), its output in {@code target/<name>.log}; started when its
 * probe answers, stopped when closed.
 */
final class ChildProcess implements AutoCloseable {

	private final Process process;

	private ChildProcess(Process process) {
		this.process = process;
	}

	/**
	 * Starts a Java program and waits until it answers.
	 * @param name the log's name
	 * @param cpus the CPUs to run on, {@code null} for any
	 * @param arguments the arguments of {@code java}
	 * @param ready answers without an exception once the server is up
	 * @return the process
	 * @throws Exception when it does not start within two minutes
	 */
	static ChildProcess java(String name, @Nullable String cpus, List<String> arguments, Probe ready) throws Exception {
		List<String> command = new ArrayList<>();
		if (cpus != null) {
			command.addAll(List.of("taskset", "-c", cpus));
		}
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.addAll(arguments);
		Path log = Path.of("target", name + ".log");
		Files.createDirectories(log.getParent());
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		Instant deadline = Instant.now().plusSeconds(120);
		while (true) {
			try {
				ready.check();
				return new ChildProcess(process);
			}
			catch (Exception ex) {
				if (!process.isAlive() || Instant.now().isAfter(deadline)) {
					process.destroyForcibly();
					throw new IllegalStateException(name + " did not start; see " + log.toAbsolutePath(), ex);
				}
				Thread.sleep(200);
			}
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		this.process.waitFor();
	}

	/**
	 * Whether the server answers.
	 */
	@FunctionalInterface
	interface Probe {

		/**
		 * Asks the server once.
		 * @throws Exception when it does not answer as started
		 */
		void check() throws Exception;

	}

}
