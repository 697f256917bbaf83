package dev.countersign.resource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter ships, beside its classes, a sources jar and a Javadoc jar (built in the
 * package phase, before this test), so an IDE shows the Javadoc of
 * {@code @RequiresApproval}.
 */
class ShippedJarsIT {

	private static final Path TARGET = Path.of("target");

	@Test
	void packageWhenBuiltThenSourcesAndJavadocJarsHoldRequiresApproval() throws IOException {
		try (JarFile sources = new JarFile(jar("-sources.jar").toFile());
				JarFile javadoc = new JarFile(jar("-javadoc.jar").toFile())) {
			assertThat(sources.getEntry("dev/countersign/resource/web/RequiresApproval.java")).isNotNull();
			assertThat(javadoc.getEntry("dev/countersign/resource/web/RequiresApproval.html")).isNotNull();
		}
	}

	private static Path jar(String suffix) throws IOException {
		try (Stream<Path> files = Files.list(TARGET)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(suffix))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no *" + suffix + " in " + TARGET.toAbsolutePath()));
		}
	}

}
