import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Downloads a Temurin JDK of a feature release from Adoptium into a directory, for the
 * one test that needs a newer Java than the build (Keycloak 26 runs on 21 or newer). Run
 * by ./run-tests as a single-file program: java src/build/FetchJdk.java 21 DIRECTORY.
 */
public final class FetchJdk {

	private FetchJdk() {
	}

	public static void main(String[] args) throws IOException, InterruptedException {
		String feature = args[0];
		Path target = Path.of(args[1]);
		String arch = switch (System.getProperty("os.arch")) {
			case "amd64", "x86_64" -> "x64";
			case "aarch64", "arm64" -> "aarch64";
			default -> throw new IllegalStateException("no Temurin build known for " + System.getProperty("os.arch"));
		};
		URI uri = URI.create("https://api.adoptium.net/v3/binary/latest/" + feature + "/ga/linux/" + arch
				+ "/jdk/hotspot/normal/eclipse");
		Path archive = Files.createTempFile("temurin-" + feature + "-", ".tar.gz");
		try {
			HttpResponse<Path> response = HttpClient.newBuilder()
				.followRedirects(HttpClient.Redirect.NORMAL)
				.connectTimeout(Duration.ofSeconds(20))
				.build()
				.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).build(),
						HttpResponse.BodyHandlers.ofFile(archive));
			if (response.statusCode() != 200) {
				throw new IllegalStateException(uri + " answered " + response.statusCode());
			}
			Path unpacking = Files.createDirectories(target.resolveSibling(target.getFileName() + ".part"));
			Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", unpacking.toString(),
					"--strip-components=1")
				.inheritIO()
				.start();
			if (tar.waitFor() != 0 || !Files.isExecutable(unpacking.resolve("bin/java"))) {
				throw new IllegalStateException("the archive of " + uri + " did not unpack to a JDK");
			}
			Files.move(unpacking, target);
		}
		finally {
			Files.deleteIfExists(archive);
		}
	}

}
