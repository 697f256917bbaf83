package dev.countersign.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import dev.countersign.test.ApprovalClient;
import dev.countersign.test.FreePorts;
import dev.countersign.test.HeadlessChromium;
import dev.countersign.test.KeycloakServer;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Countersign beside Keycloak itself (its distribution, started once for this class with
 * an imported realm): a Keycloak user's token creates the approval, the user signs in at
 * Keycloak on the approval page (headless Chromium), approves, and the demo API, which
 * takes its base tokens from Keycloak, accepts the transfer once.
 */
class KeycloakApprovalIT {

	private static KeycloakServer keycloak;

	private static ConfigurableApplicationContext countersign;

	private static ConfigurableApplicationContext api;

	private static HeadlessChromium chromium;

	private static String issuer;

	private static String apiUrl;

	@BeforeAll
	static void start() {
		int authzPort = FreePorts.next();
		issuer = "http://localhost:" + authzPort;
		keycloak = KeycloakServer.start(issuer, "keycloak");
		// Keycloak types its access tokens JWT, names the client in azp
		countersign = BesideAnIdentityProvider.authorizationServer(authzPort,
				"keycloak.issuer-uri=" + keycloak.issuer(), "keycloak.require-typed-tokens=false",
				"keycloak.authorization-details-types=payments.transfer", "keycloak.client-id=countersign",
				"keycloak.client-secret=" + KeycloakServer.COUNTERSIGN_SECRET);
		int apiPort = FreePorts.next();
		apiUrl = "http://localhost:" + apiPort;
		api = BesideAnIdentityProvider.api(apiPort, keycloak.issuer(),
				keycloak.issuer() + "/protocol/openid-connect/certs", issuer,
				"--countersign.resource.access-token-types=JWT");
		chromium = HeadlessChromium.start();
	}

	@AfterAll
	static void stop() {
		if (chromium != null) {
			chromium.close();
		}
		if (api != null) {
			api.close();
		}
		if (countersign != null) {
			countersign.close();
		}
		if (keycloak != null) {
			keycloak.close();
		}
	}

	@Test
	void transferWhenAKeycloakUserApprovesAtKeycloakThenDoneOnce() {
		String base = keycloak.accessToken("alice", "alice-password");
		TestHttp bank = new TestHttp(apiUrl);
		HttpResponse<String> needed = bank.post("/accounts/acc-1/transfers", "application/json",
				BesideAnIdentityProvider.TRANSFER, "Authorization", "Bearer " + base);
		assertThat(needed.statusCode()).as(needed.body()).isEqualTo(403);
		JsonNode problem = TestHttp.json(needed);
		ApprovalClient client = new ApprovalClient(new TestHttp(issuer), base);
		HttpResponse<String> asked = client
			.create("{\"authorization_details\":" + problem.get("authorization_details").toString() + "}");
		assertThat(asked.statusCode()).as(asked.body()).isEqualTo(201);
		JsonNode created = TestHttp.json(asked);

		WebDriver browser = chromium.driver();
		browser.get(created.get("approval_uri").asString());
		// Keycloak renders its first login page slowly on a busy machine
		new WebDriverWait(browser, Duration.ofSeconds(90))
			.withMessage(() -> "no Keycloak login form at " + browser.getCurrentUrl() + ": " + browser.getPageSource())
			.until(ExpectedConditions.presenceOfElementLocated(By.id("username")))
			.sendKeys("alice");
		browser.findElement(By.id("password")).sendKeys("alice-password");
		browser.findElement(By.id("kc-login")).click();
		new WebDriverWait(browser, Duration.ofSeconds(60))
			.withMessage(() -> "not back on the approval page: " + browser.getCurrentUrl())
			.until(ExpectedConditions.urlContains(issuer + "/approve/"));
		chromium.button(created.get("user_code").asString()).click();
		chromium.button("Approve").click();
		assertThat(chromium.waitFor(By.id("outcome")).getText()).startsWith("Approved.");

		String actionToken = TestHttp.json(client.mint(created.get("approval_id").asString()))
			.get("action_token")
			.asString();
		HttpResponse<String> done = bank.post("/accounts/acc-1/transfers", "application/json",
				BesideAnIdentityProvider.TRANSFER, "Authorization", "Bearer " + base, "Action-Token", actionToken);
		assertThat(done.statusCode()).as(done.body()).isEqualTo(201);
		HttpResponse<String> replayed = bank.post("/accounts/acc-1/transfers", "application/json",
				BesideAnIdentityProvider.TRANSFER, "Authorization", "Bearer " + base, "Action-Token", actionToken);
		assertThat(replayed.statusCode()).isEqualTo(403);
	}

}
