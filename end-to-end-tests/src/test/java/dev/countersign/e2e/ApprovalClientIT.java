package dev.countersign.e2e;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.countersign.client.ApprovalDeniedException;
import dev.countersign.client.ApprovalExpiredException;
import dev.countersign.client.ApprovalPrompt;
import dev.countersign.client.CountersignApprovalInterceptor;
import dev.countersign.client.CountersignApprovals;
import dev.countersign.client.PendingApproval;
import dev.countersign.client.reactive.CountersignApprovalFilter;
import dev.countersign.test.CodeFlow;
import dev.countersign.test.HeadlessChromium;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code countersign-client} against the running server and demo API: a
 * {@code RestClient} call to the transfer route completes once alice approves in headless
 * Chromium, as the prompt told her; the same with a {@code WebClient}; and through a
 * transaction authorization challenge when the client has credentials. A denial and a
 * wait that runs out end in their exceptions.
 */
class ApprovalClientIT {

	private static RunningDemo demo;

	private static HeadlessChromium chromium;

	private static String baseToken;

	private static final ExecutorService alice = Executors.newSingleThreadExecutor();

	@BeforeAll
	static void start() {
		demo = RunningDemo.get();
		chromium = HeadlessChromium.start();
		baseToken = CodeFlow.accessToken(new TestHttp(demo.issuer), "alice", "alice-password");
	}

	@AfterAll
	static void stop() throws InterruptedException {
		alice.shutdownNow();
		alice.awaitTermination(10, TimeUnit.SECONDS);
		if (chromium != null) {
			chromium.close();
		}
	}

	@Test
	void restClientWhenAliceApprovesThenTheTransferIsDone() {
		AtomicReference<PendingApproval> prompted = new AtomicReference<>();
		RestClient api = RestClient.builder()
			.baseUrl(demo.apiUrl)
			.requestInterceptor(new CountersignApprovalInterceptor(approvals(aliceDecides(prompted, "Approve"))))
			.build();

		ResponseEntity<String> done = transfer(api, baseToken);

		assertThat(done.getStatusCode().value()).isEqualTo(201);
		assertThat(done.getBody()).contains("\"balanceAfter\"");
		assertThat(prompted.get().via()).isEqualTo("approvals");
		assertThat(prompted.get().approvalUri().toString()).startsWith(demo.issuer + "/approve/");
	}

	@Test
	void webClientWhenAliceApprovesThenTheTransferIsDone() {
		WebClient api = WebClient.builder()
			.baseUrl(demo.apiUrl)
			.clientConnector(new JdkClientHttpConnector())
			.filter(new CountersignApprovalFilter(approvals(aliceDecides(new AtomicReference<>(), "Approve"))))
			.build();

		ResponseEntity<String> done = api.post()
			.uri("/accounts/acc-1/transfers")
			.header("Authorization", "Bearer " + baseToken)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(BesideAnIdentityProvider.TRANSFER)
			.retrieve()
			.toEntity(String.class)
			.block(Duration.ofSeconds(60));

		assertThat(done).isNotNull();
		assertThat(done.getStatusCode().value()).isEqualTo(201);
	}

	@Test
	void restClientWithCredentialsWhenChallengedThenApprovedThroughTheTransactionChallenge() {
		AtomicReference<PendingApproval> prompted = new AtomicReference<>();
		CountersignApprovals approvals = approvals(aliceDecides(prompted, "Approve"));
		approvals.setClientCredentials("demo-client", "demo-secret");
		RestClient api = RestClient.builder()
			.baseUrl(demo.apiUrl)
			.requestInterceptor(new CountersignApprovalInterceptor(approvals))
			.build();

		ResponseEntity<String> done = transfer(api, baseToken);

		assertThat(done.getStatusCode().value()).isEqualTo(201);
		assertThat(prompted.get().via()).isEqualTo("transaction-challenge");
	}

	@Test
	void restClientOfAnAgentWhenItNamesAliceThenApprovedThroughCibaFromHerInbox() {
		String agentToken = TestHttp
			.json(new TestHttp(demo.issuer).token("demo-agent", "demo-agent-secret", java.util.Map.of("grant_type",
					"client_credentials", "scope", "accounts.read", "resource", "http://localhost:8080")))
			.get("access_token")
			.asString();
		AtomicReference<PendingApproval> prompted = new AtomicReference<>();
		CountersignApprovals approvals = approvals((approval) -> {
			prompted.set(approval);
			CompletableFuture.runAsync(() -> {
				chromium.driver().get(approval.approvalUri().toString());
				if (chromium.driver().getCurrentUrl().contains("/login")) {
					chromium.signIn("alice", "alice-password");
				}
				chromium.driver().findElements(By.cssSelector("a[href^='/approve/']")).get(0).click();
				chromium.button(approval.userCode()).click();
				chromium.button("Approve").click();
				chromium.waitFor(By.id("outcome"));
			}, alice);
		});
		approvals.setClientCredentials("demo-agent", "demo-agent-secret");
		approvals.setBackchannelLoginHints((headers) -> "alice");
		RestClient api = RestClient.builder()
			.baseUrl(demo.apiUrl)
			.requestInterceptor(new CountersignApprovalInterceptor(approvals))
			.build();

		ResponseEntity<String> done = transfer(api, agentToken);

		assertThat(done.getStatusCode().value()).isEqualTo(201);
		assertThat(prompted.get().via()).isEqualTo("ciba");
		assertThat(prompted.get().approvalUri().toString()).isEqualTo(demo.issuer + "/my/approvals");
	}

	@Test
	void restClientWhenTheServerSaysSlowDownThenItPollsFiveSecondsSlowerAndStillCompletes() {
		TestHttp server = new TestHttp(demo.issuer);
		CountersignApprovals approvals = approvals((approval) -> {
			String id = approval.approvalUri().getPath().substring("/approve/".length());
			CompletableFuture.runAsync(() -> {
				// another poller of the same approval, half an interval after the
				// client's
				// first poll: the client's next poll comes too soon and gets slow_down
				pause(Duration.ofMillis(500));
				server.post("/approvals/" + id + "/token", "application/json", "{}", "Authorization",
						"Bearer " + baseToken);
				chromium.driver().get(approval.approvalUri().toString());
				if (chromium.driver().getCurrentUrl().contains("/login")) {
					chromium.signIn("alice", "alice-password");
				}
				chromium.button(approval.userCode()).click();
				chromium.button("Approve").click();
				chromium.waitFor(By.id("outcome"));
			}, alice);
		});
		RestClient api = RestClient.builder()
			.baseUrl(demo.apiUrl)
			.requestInterceptor(new CountersignApprovalInterceptor(approvals))
			.build();
		long started = System.nanoTime();

		ResponseEntity<String> done = transfer(api, baseToken);

		assertThat(done.getStatusCode().value()).isEqualTo(201);
		// the interval of 1 s, then 6 s after slow_down
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofSeconds(6));
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void restClientWhenAliceDeniesThenApprovalDenied() {
		RestClient api = RestClient.builder()
			.baseUrl(demo.apiUrl)
			.requestInterceptor(
					new CountersignApprovalInterceptor(approvals(aliceDecides(new AtomicReference<>(), "Deny"))))
			.build();

		assertThatExceptionOfType(ApprovalDeniedException.class).isThrownBy(() -> transfer(api, baseToken));
	}

	@Test
	void restClientWhenNobodyDecidesThenExpiredWithinTheWait() {
		CountersignApprovals approvals = approvals((approval) -> {
		});
		approvals.setMaxWait(Duration.ofSeconds(2));
		RestClient api = RestClient.builder()
			.baseUrl(demo.apiUrl)
			.requestInterceptor(new CountersignApprovalInterceptor(approvals))
			.build();

		assertThatExceptionOfType(ApprovalExpiredException.class)
			.isThrownBy(() -> api.post()
				.uri("/accounts/acc-1/transfers")
				.header("Authorization", "Bearer " + baseToken)
				.contentType(MediaType.APPLICATION_JSON)
				.body(BesideAnIdentityProvider.TRANSFER)
				.retrieve()
				.toEntity(String.class))
			.withMessageContaining("no decision within 2 s");
	}

	private static ResponseEntity<String> transfer(RestClient api, String token) {
		return api.post()
			.uri("/accounts/acc-1/transfers")
			.header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.body(BesideAnIdentityProvider.TRANSFER)
			.retrieve()
			.toEntity(String.class);
	}

	private static CountersignApprovals approvals(ApprovalPrompt prompt) {
		CountersignApprovals approvals = new CountersignApprovals(demo.issuer, prompt);
		approvals.setBindingMessage("Client library transfer");
		return approvals;
	}

	/**
	 * A prompt that hands the approval to alice, who decides in the browser on her own
	 * thread, as a person on another device would.
	 * @param prompted receives the approval
	 * @param decision the button alice presses
	 * @return the prompt
	 */
	private static ApprovalPrompt aliceDecides(AtomicReference<PendingApproval> prompted, String decision) {
		return (approval) -> {
			prompted.set(approval);
			CompletableFuture.runAsync(() -> {
				chromium.driver().get(approval.approvalUri().toString());
				if (chromium.driver().getCurrentUrl().contains("/login")) {
					chromium.signIn("alice", "alice-password");
				}
				if (decision.equals("Approve")) {
					chromium.button(approval.userCode()).click();
				}
				chromium.button(decision).click();
				chromium.waitFor(By.id("outcome"));
			}, alice);
		};
	}

}
