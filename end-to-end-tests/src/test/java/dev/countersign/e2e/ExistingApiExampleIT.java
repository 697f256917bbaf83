package dev.countersign.e2e;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.example.invoices.InvoicesApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import dev.countersign.test.ApprovalClient;
import dev.countersign.test.ApprovalPage;
import dev.countersign.test.CodeFlow;
import dev.countersign.test.FreePorts;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The guide, followed literally: {@code examples/existing-api} is an existing Spring Boot
 * API (a JWT resource server, no Countersign code but one annotation) that added the
 * starter as {@code docs/resource-starter.md} says, and the authorization server got the
 * guide's {@code authorization-server.yml}. Its configuration is read from the example's
 * own files, and the guide must quote those files unchanged, so the guide cannot drift
 * from what works.
 */
@ExtendWith(OutputCaptureExtension.class)
class ExistingApiExampleIT {

	static final Path EXAMPLE = Path.of("..", "examples", "existing-api").toAbsolutePath().normalize();

	static final Path AUTHORIZATION_SERVER_CONFIG = EXAMPLE.resolve("authorization-server.yml");

	private static final Path APPLICATION_YML = EXAMPLE.resolve("src/main/resources/application.yml");

	private static final Path GUIDE = EXAMPLE.resolve("../../docs/resource-starter.md").normalize();

	/** The resource indicator of the example API, wherever it listens. */
	private static final String RESOURCE = "http://localhost:8090";

	private static RunningDemo demo;

	private static ConfigurableApplicationContext api;

	private static String apiUrl;

	@BeforeAll
	static void start() {
		demo = RunningDemo.get();
		int port = FreePorts.next();
		apiUrl = "http://localhost:" + port;
		api = startExample(port);
	}

	@AfterAll
	static void stop() {
		api.close();
	}

	@Test
	void paymentWhenTheGuidesStepsAreFollowedThenApprovedOnceAndDone() {
		String base = baseToken();
		TestHttp http = new TestHttp(apiUrl);
		String body = "{\"amount\":\"120.50\"}";

		HttpResponse<String> needed = http.post("/invoices/INV-1001/payments", "application/json", body,
				"Authorization", "Bearer " + base);
		assertThat(needed.statusCode()).as(needed.body()).isEqualTo(403);
		JsonNode problem = TestHttp.json(needed);
		assertThat(problem.get("error").asString()).isEqualTo("approval_required");
		assertThat(problem.get("issuer").asString()).isEqualTo(demo.issuer);
		assertThat(problem.get("approval_endpoint").asString()).isEqualTo(demo.issuer + "/approvals");
		assertThat(needed.headers().firstValue("WWW-Authenticate").orElseThrow())
			.contains("resource_metadata=\"" + RESOURCE + "/.well-known/oauth-protected-resource\"");

		ApprovalClient client = new ApprovalClient(new TestHttp(demo.issuer), base);
		HttpResponse<String> asked = client
			.create("{\"authorization_details\":" + problem.get("authorization_details") + "}");
		assertThat(asked.statusCode()).as(asked.body()).isEqualTo(201);
		String id = TestHttp.json(asked).get("approval_id").asString();
		ApprovalPage.signIn(demo.issuer, "alice", "alice-password")
			.approve(id, TestHttp.json(asked).get("user_code").asString());
		String actionToken = TestHttp.json(client.mint(id)).get("action_token").asString();

		HttpResponse<String> paid = http.post("/invoices/INV-1001/payments", "application/json", body, "Authorization",
				"Bearer " + base, "Action-Token", actionToken);
		assertThat(paid.statusCode()).as(paid.body()).isEqualTo(201);
		assertThat(TestHttp.json(paid).get("paid").decimalValue()).isEqualByComparingTo("120.50");

		HttpResponse<String> again = http.post("/invoices/INV-1001/payments", "application/json", body, "Authorization",
				"Bearer " + base, "Action-Token", actionToken);
		assertThat(again.statusCode()).isEqualTo(403);
		assertThat(TestHttp.json(again).get("error_description").asString()).startsWith("jti:");
	}

	@Test
	void metadataWhenReadThenTheExampleAndItsBoundTypeAndServer() {
		HttpResponse<String> response = new TestHttp(apiUrl).get("/.well-known/oauth-protected-resource");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode metadata = TestHttp.json(response);
		assertThat(metadata.get("resource").asString()).isEqualTo(RESOURCE);
		assertThat(metadata.get("authorization_servers").toString()).isEqualTo("[\"" + demo.issuer + "\"]");
		assertThat(metadata.get("authorization_details_types_supported").toString()).isEqualTo("[\"invoices.pay\"]");
		assertThat(metadata.get("resource_name").asString()).isEqualTo("invoices-api");
	}

	@Test
	void startWhenABoundTypeIsNotInTheIssuersCatalogThenOneLineAndAWarningNamingTypeAndIssuer(CapturedOutput output) {
		try (ConfigurableApplicationContext second = startExample(FreePorts.next(),
				"--countersign.resource.routes[0].method=POST",
				"--countersign.resource.routes[0].path=/invoices/{id}/refunds",
				"--countersign.resource.routes[0].type=invoices.refund",
				"--countersign.resource.routes[0].parameters.invoiceId=path:id")) {
			assertThat(output).contains("Countersign resource server: issuer " + demo.issuer
					+ ", replay store authorization-server, 2 routes bound: POST /invoices/{id}/refunds jit invoices.refund, "
					+ "POST /invoices/{invoiceId}/payments jit invoices.pay");
			// read on a background thread, never delaying the start
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(output).contains("Countersign: POST /invoices/{id}/refunds "
						+ "(countersign.resource.routes[0]) is bound to the action type invoices.refund, which the issuer "
						+ demo.issuer + " does not list in authorization_details_types_supported"));
			assertThat(output).doesNotContain("to the action type invoices.pay, which");
		}
	}

	@Test
	void guideWhenReadThenItQuotesTheExamplesFilesUnchanged() throws Exception {
		String guide = Files.readString(GUIDE);
		for (Path file : new Path[] { APPLICATION_YML, AUTHORIZATION_SERVER_CONFIG,
				EXAMPLE.resolve("src/main/java/com/example/invoices/InvoiceController.java") }) {
			assertThat(guide).as("docs/resource-starter.md quotes " + EXAMPLE.relativize(file))
				.contains(Files.readString(file).strip());
		}
		String pom = Files.readString(EXAMPLE.resolve("pom.xml"));
		String imported = pom.substring(pom.indexOf("    <dependencyManagement>"),
				pom.indexOf("</dependencyManagement>") + "</dependencyManagement>".length());
		assertThat(guide).as("the guide quotes the example's BOM import").contains(imported);
	}

	/**
	 * A base token of alice for the example API: the authorization code flow of the demo
	 * client, with the example's resource indicator.
	 */
	private static String baseToken() {
		CodeFlow flow = new CodeFlow(new TestHttp(demo.issuer));
		Map<String, String> parameters = flow.parameters(true);
		parameters.put("resource", RESOURCE);
		HttpResponse<String> tokens = flow.exchange(flow.authorize(parameters, "alice", "alice-password"));
		assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
		return TestHttp.json(tokens).get("access_token").asString();
	}

	private static ConfigurableApplicationContext startExample(int port, String... extra) {
		String[] arguments = new String[5 + extra.length];
		arguments[0] = "--spring.config.location=file:" + APPLICATION_YML;
		arguments[1] = "--server.port=" + port;
		arguments[2] = "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + demo.issuer;
		arguments[3] = "--logging.level.dev.countersign.resource=INFO";
		arguments[4] = RunningDemo.NO_DATABASE;
		System.arraycopy(extra, 0, arguments, 5, extra.length);
		return new SpringApplicationBuilder(InvoicesApplication.class).run(arguments);
	}

}
