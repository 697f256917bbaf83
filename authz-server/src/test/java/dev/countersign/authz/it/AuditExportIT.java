package dev.countersign.authz.it;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import dev.countersign.authz.audit.AuditSealer;
import dev.countersign.core.StrictJson;
import dev.countersign.test.ApprovalClient;
import dev.countersign.test.CodeFlow;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit export of the running server, proven by the command-line verifier run as its
 * own process ({@code countersign-audit-exec.jar verify}) against the keys the server
 * publishes, before and after a key rotation; an export changed by one character is
 * refused.
 */
class AuditExportIT extends AbstractAuthorizationServerIT {

	private static final Path VERIFIER = Path.of("..", "audit-verifier", "target", "countersign-audit-exec.jar");

	@TempDir
	Path directory;

	@Autowired
	AuditSealer sealer;

	@Autowired
	org.springframework.security.provisioning.UserDetailsManager users;

	@Test
	void exportWhenTakenThenTheVerifierProvesItWithTheServersKeys() throws Exception {
		new ApprovalClient(this.http, CodeFlow.accessToken(new TestHttp(ISSUER), user("export-a"), "export-password"))
			.createTransfer();
		String exporter = clientCredentialsToken("demo-admin", "demo-admin-secret", "audit.export");

		HttpResponse<String> export = this.http.get("/audit/export", "Authorization", "Bearer " + exporter);
		assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
		assertThat(export.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
		assertThat(export.body().lines()).anyMatch((line) -> line.contains("\"event\":\"requested\""));
		Path file = write("export.ndjson", export.body());

		Verdict verdict = verify(file, "--jwks", ISSUER + "/oauth2/jwks", "--issuer", ISSUER);
		assertThat(verdict.status()).as(verdict.out()).isZero();
		assertThat(verdict.out()).startsWith("PROVEN: ");

		Path changed = write("changed.ndjson",
				export.body().replaceFirst("\"outcome\":\"pending\"", "\"outcome\":\"approved\""));
		Verdict refused = verify(changed, "--jwks", ISSUER + "/oauth2/jwks");
		assertThat(refused.status()).as(refused.out()).isEqualTo(1);
		assertThat(refused.out()).contains("hash does not match the event's content");
	}

	@Test
	void exportWhenKeyRotatedBetweenCheckpointsThenBothKeysProveIt() throws Exception {
		new ApprovalClient(this.http, CodeFlow.accessToken(new TestHttp(ISSUER), user("export-c"), "export-password"))
			.createTransfer();
		String exporter = clientCredentialsToken("demo-admin", "demo-admin-secret", "audit.export");
		assertThat(this.http.get("/audit/export", "Authorization", "Bearer " + exporter).statusCode()).isEqualTo(200);
		String keys = clientCredentialsToken("demo-admin", "demo-admin-secret", "keys.manage");
		assertThat(this.http
			.post("/admin/signing-keys/rotation", "application/json", "", "Authorization", "Bearer " + keys)
			.statusCode()).isEqualTo(201);
		new ApprovalClient(this.http, CodeFlow.accessToken(new TestHttp(ISSUER), user("export-b"), "export-password"))
			.createTransfer();

		HttpResponse<String> export = this.http.get("/audit/export", "Authorization", "Bearer " + exporter);
		List<String> kids = new ArrayList<>();
		for (String line : export.body().lines().toList()) {
			JsonNode node = StrictJson.read(line);
			if (node.path("type").asString("").equals("checkpoint")) {
				kids.add(node.get("kid").asString());
			}
		}
		assertThat(kids.stream().distinct().count()).as(kids.toString()).isGreaterThanOrEqualTo(2);

		Verdict verdict = verify(write("rotated.ndjson", export.body()), "--jwks", ISSUER + "/oauth2/jwks");
		assertThat(verdict.status()).as(verdict.out()).isZero();
	}

	@Test
	void exportWhenToIsNoCheckpointThenProblem() {
		String exporter = clientCredentialsToken("demo-admin", "demo-admin-secret", "audit.export");
		Long head = this.sealer.checkpointNow();
		assertThat(head).isNotNull();

		HttpResponse<String> response = this.http.get("/audit/export?to=" + (head + 1000000), "Authorization",
				"Bearer " + exporter);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(TestHttp.json(response).get("error_description").asString())
			.isEqualTo("no checkpoint was signed at position " + (head + 1000000));
		assertThat(this.http.get("/audit/export?to=" + head + "&to=" + head, "Authorization", "Bearer " + exporter)
			.statusCode()).isEqualTo(400);
		assertThat(this.http.get("/audit/export?to=" + head, "Authorization", "Bearer " + exporter).statusCode())
			.isEqualTo(200);
	}

	// every test uses users of its own: the shared server limits pending approvals per
	// user
	private String user(String prefix) {
		String name = prefix + "-" + System.nanoTime();
		this.users.createUser(org.springframework.security.core.userdetails.User.withUsername(name)
			.password("{noop}export-password")
			.roles("USER")
			.build());
		return name;
	}

	private Path write(String name, String content) throws IOException {
		return Files.writeString(this.directory.resolve(name), content, StandardCharsets.UTF_8);
	}

	private static Verdict verify(Path export, String... options) throws Exception {
		assertThat(VERIFIER).as("built by the audit-verifier module").exists();
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", VERIFIER.toString(),
						"verify", export.toString()));
		command.addAll(List.of(options));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Verdict(process.exitValue(), out);
	}

	private record Verdict(int status, String out) {
	}

}
