package dev.countersign.resource.autoconfigure;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpMethod;
import org.springframework.web.util.pattern.PathPatternParser;

import dev.countersign.resource.client.AuthorizationServerClient;
import dev.countersign.resource.replay.InMemoryReplayStore;
import dev.countersign.resource.web.ActionBinding;
import dev.countersign.resource.web.ActionBindingResolver;
import dev.countersign.resource.web.ActionMode;
import dev.countersign.resource.web.RouteBinding;
import dev.countersign.test.FreePorts;
import dev.countersign.test.HttpExchanges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The start-up check of the issuer's metadata: in the background, again while the issuer
 * does not answer (it may start beside the API), and a warning only when it never did.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupReportTests {

	private final ActionBindingResolver bindings = new ActionBindingResolver(
			List.of(new RouteBinding(HttpMethod.POST,
					PathPatternParser.defaultInstance.parse("/invoices/{id}/payments"),
					new ActionBinding("invoices.pay", ActionMode.JIT, Map.of()), "countersign.resource.routes[0]")),
			null);

	@Test
	void reportWhenTheIssuerAnswersOnlyAfterTheAppStartedThenTheTypesAreStillChecked(CapturedOutput output)
			throws Exception {
		int port = FreePorts.next();
		String issuer = "http://127.0.0.1:" + port;
		StartupReport report = report(issuer, 200);
		HttpServer server = null;
		try {
			report.report();
			assertThat(output).contains("Countersign resource server: issuer " + issuer
					+ ", replay store in-memory, 1 route bound: POST /invoices/{id}/payments jit invoices.pay");
			// the issuer comes up after the API, once the check has found it down twice
			await().atMost(Duration.ofSeconds(20)).until(() -> report.attempted() >= 2);
			server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
			server
				.createContext("/.well-known/oauth-authorization-server",
						(exchange) -> HttpExchanges.answer(exchange, 200, "{\"issuer\":\"" + issuer
								+ "\",\"approval_endpoint\":\"" + issuer
								+ "/approvals\",\"authorization_details_types_supported\":[\"payments.transfer\"]}"));
			server.start();
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(output).contains("Countersign: POST /invoices/{id}/payments "
						+ "(countersign.resource.routes[0]) is bound to the action type invoices.pay, which the issuer "
						+ issuer + " does not list in authorization_details_types_supported"));
			assertThat(output).doesNotContain("could not be read");
		}
		finally {
			report.destroy();
			if (server != null) {
				server.stop(0);
			}
		}
	}

	@Test
	void reportWhenTheIssuerNeverAnswersThenOneWarningAfterTheLastAttempt(CapturedOutput output) {
		String issuer = "http://127.0.0.1:" + FreePorts.next();
		StartupReport report = report(issuer, 3);
		try {
			report.report();
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(output).contains("Countersign: the metadata of the issuer " + issuer
						+ " could not be read from " + issuer + "/.well-known/oauth-authorization-server"));
			assertThat(output.toString().split("could not be read", -1)).hasSize(2);
		}
		finally {
			report.destroy();
		}
	}

	@Test
	void reportWhenTheIssuerIsNoCountersignServerThenAWarningSaysWhichPropertyToSet(CapturedOutput output)
			throws Exception {
		HttpServer idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		String issuer = "http://127.0.0.1:" + idp.getAddress().getPort();
		idp.createContext("/.well-known/oauth-authorization-server", (exchange) -> HttpExchanges.answer(exchange, 200,
				"{\"issuer\":\"" + issuer + "\",\"token_endpoint\":\"" + issuer + "/token\"}"));
		idp.start();
		StartupReport report = report(issuer, 3);
		try {
			report.report();
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(output).contains("Countersign: the issuer " + issuer
						+ " advertises no approval_endpoint, so it is no Countersign authorization server. Set "
						+ "countersign.resource.issuer-uri to Countersign's issuer"));
		}
		finally {
			report.destroy();
			idp.stop(0);
		}
	}

	@Test
	void metadataUriWhenIssuerHasAPathThenTheWellKnownPathComesBeforeIt() {
		assertThat(StartupReport.metadataUri("https://as.example/tenant/"))
			.isEqualTo("https://as.example/.well-known/oauth-authorization-server/tenant");
		assertThat(StartupReport.metadataUri("http://localhost:9000"))
			.isEqualTo("http://localhost:9000/.well-known/oauth-authorization-server");
	}

	private StartupReport report(String issuer, int attempts) {
		return new StartupReport(this.bindings, new InMemoryReplayStore(), issuer,
				AuthorizationServerClient.restClient(Duration.ofSeconds(1), Duration.ofSeconds(2)),
				Duration.ofMillis(50), attempts);
	}

}
