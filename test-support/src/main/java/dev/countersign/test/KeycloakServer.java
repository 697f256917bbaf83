package dev.countersign.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.jspecify.annotations.Nullable;

/**
 * Keycloak itself, from its distribution in the Maven repository
 * ({@code org.keycloak:keycloak-quarkus-dist}), started on a free port of 127.0.0.1 in
 * development mode, on an in-memory database, with an imported realm {@code bank}: user
 * {@code alice} ({@code alice-password}, id {@code alice}), client {@code bank-app}
 * (password grant, tokens for the audience {@code http://localhost:8080}) and client
 * {@code countersign} (code flow with PKCE) for the approval page's sign-in. Keycloak 26
 * runs on Java 21 or newer: {@code KEYCLOAK_JAVA_HOME}, else the newest such JDK in
 * {@code /usr/lib/jvm}. A start that fails or takes longer than three minutes fails with
 * the reason and the log.
 */
public final class KeycloakServer implements AutoCloseable {

	/** The system property naming the distribution archive. */
	public static final String DIST_PROPERTY = "countersign.test.keycloak.dist";

	/** The realm. */
	public static final String REALM = "bank";

	/** The sign-in client's secret. */
	public static final String COUNTERSIGN_SECRET = "countersign-secret";

	private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

	private final Process process;

	private final int port;

	private final Path log;

	private KeycloakServer(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/**
	 * Starts Keycloak with the realm, its sign-in client redirecting to Countersign.
	 * @param countersignBase the base URL of Countersign
	 * @param registration the trusted-issuer entry's name, the last segment of the
	 * redirect URI
	 * @return the running server
	 */
	public static KeycloakServer start(String countersignBase, String registration) {
		String dist = System.getProperty(DIST_PROPERTY);
		if (dist == null || !Files.isRegularFile(Path.of(dist))) {
			throw new IllegalStateException("Keycloak's distribution is not at " + DIST_PROPERTY + "=" + dist
					+ "; the end-to-end module's pom resolves org.keycloak:keycloak-quarkus-dist");
		}
		Path javaHome = java21();
		try {
			Path base = Path.of("target", "keycloak");
			Path home = unpack(Path.of(dist), base);
			Path imports = home.resolve("data/import");
			Files.createDirectories(imports);
			Files.writeString(imports.resolve(REALM + "-realm.json"),
					realm(countersignBase + "/login/oauth2/code/" + registration));
			int port = FreePorts.next();
			Path log = base.resolve("keycloak-" + port + ".log");
			ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev",
					"--http-port=" + port, "--http-host=127.0.0.1", "--db=dev-mem", "--import-realm",
					"--http-management-port=" + FreePorts.next())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			Map<String, String> environment = builder.environment();
			environment.put("JAVA_HOME", javaHome.toString());
			environment.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
			environment.put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin-" + port);
			KeycloakServer server = new KeycloakServer(builder.start(), port, log);
			Runtime.getRuntime().addShutdownHook(new Thread(server::close));
			server.awaitRealm();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The realm's issuer identifier.
	 * @return {@code http://127.0.0.1:<port>/realms/bank}
	 */
	public String issuer() {
		return "http://127.0.0.1:" + this.port + "/realms/" + REALM;
	}

	/**
	 * An access token of a user by the password grant of {@code bank-app}.
	 * @param username the user
	 * @param password the password
	 * @return the access token
	 */
	public String accessToken(String username, String password) {
		HttpResponse<String> response = new TestHttp(issuer()).postForm(issuer() + "/protocol/openid-connect/token",
				Map.of("grant_type", "password", "client_id", "bank-app", "client_secret", "bank-app-secret",
						"username", username, "password", password, "scope", "openid"));
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Keycloak gave no token: " + response.body());
		}
		return TestHttp.json(response).get("access_token").asString();
	}

	@Override
	public void close() {
		this.process.descendants().forEach(ProcessHandle::destroy);
		this.process.destroy();
	}

	private void awaitRealm() {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		Instant deadline = Instant.now().plus(START_TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Keycloak stopped at start-up: " + tail());
			}
			try {
				HttpResponse<Void> response = client.send(
						HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration")).build(),
						HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			try {
				Thread.sleep(500);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		close();
		throw new IllegalStateException("Keycloak did not answer within " + START_TIMEOUT + ": " + tail());
	}

	private String tail() {
		try {
			List<String> lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	private static Path unpack(Path archive, Path base) throws IOException {
		Files.createDirectories(base);
		try (var entries = Files.list(base)) {
			Path existing = entries
				.filter((path) -> path.getFileName().toString().startsWith("keycloak-")
						&& Files.isDirectory(path.resolve("bin")))
				.findFirst()
				.orElse(null);
			if (existing != null) {
				return existing;
			}
		}
		Process tar = new ProcessBuilder("tar", "xzf", archive.toAbsolutePath().toString(), "-C", base.toString())
			.redirectErrorStream(true)
			.start();
		try {
			if (tar.waitFor() != 0) {
				throw new IllegalStateException(
						"tar could not unpack " + archive + ": " + new String(tar.getInputStream().readAllBytes()));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return unpack(archive, base);
	}

	/**
	 * A JDK that runs Keycloak 26: {@code KEYCLOAK_JAVA_HOME}, else the newest of 21 or
	 * more in {@code /usr/lib/jvm}.
	 * @return its home
	 */
	private static Path java21() {
		String configured = System.getenv("KEYCLOAK_JAVA_HOME");
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		Path best = null;
		int bestVersion = 0;
		List<Path> candidates = new ArrayList<>();
		try (var jdks = Files.list(Path.of("/usr/lib/jvm"))) {
			jdks.forEach(candidates::add);
		}
		catch (IOException ex) {
			// none there
		}
		for (Path jdk : candidates) {
			int version = version(jdk);
			if (version >= 21 && version > bestVersion && Files.isExecutable(jdk.resolve("bin/java"))) {
				best = jdk;
				bestVersion = version;
			}
		}
		if (best == null) {
			throw new IllegalStateException("Keycloak 26 needs Java 21 or newer and none was found in /usr/lib/jvm; "
					+ "install one (for example Temurin 21 or 25) or set KEYCLOAK_JAVA_HOME");
		}
		return best;
	}

	private static int version(Path jdk) {
		Properties release = new Properties();
		try {
			release.load(Files.newBufferedReader(jdk.resolve("release")));
		}
		catch (IOException ex) {
			return 0;
		}
		@Nullable String value = release.getProperty("JAVA_VERSION");
		if (value == null) {
			return 0;
		}
		String digits = value.replace("\"", "").split("[.+-]")[0];
		try {
			return Integer.parseInt(digits);
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static String realm(String redirectUri) {
		return """
				{"realm": "bank", "enabled": true, "sslRequired": "none",
				 "users": [{"id": "alice", "username": "alice", "enabled": true, "email": "alice@example.com",
				   "emailVerified": true, "firstName": "Alice", "lastName": "Example",
				   "credentials": [{"type": "password", "value": "alice-password", "temporary": false}]}],
				 "clients": [
				  {"clientId": "bank-app", "enabled": true, "publicClient": false, "secret": "bank-app-secret",
				   "directAccessGrantsEnabled": true, "standardFlowEnabled": false,
				   "protocolMappers": [{"name": "api-audience", "protocol": "openid-connect",
				     "protocolMapper": "oidc-audience-mapper", "config": {"included.custom.audience":
				     "http://localhost:8080", "access.token.claim": "true", "id.token.claim": "false"}}]},
				  {"clientId": "countersign", "enabled": true, "publicClient": false, "secret": "%s",
				   "standardFlowEnabled": true, "directAccessGrantsEnabled": false, "redirectUris": ["%s"],
				   "attributes": {"pkce.code.challenge.method": "S256"}}]}
				""".formatted(COUNTERSIGN_SECRET, redirectUri);
	}

}
