package dev.countersign.authz.it;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;

import dev.countersign.test.ApprovalClient;
import dev.countersign.test.CodeFlow;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The approval page in a real headless Chromium: alice signs in, sees the action, picks
 * the number the client shows and approves; a wrong number is refused.
 */
class ApprovalPageBrowserIT extends AbstractBrowserIT {

	private ApprovalClient client;

	@BeforeEach
	void aliceAsksForATransfer() {
		this.client = new ApprovalClient(this.http,
				CodeFlow.accessToken(new TestHttp(ISSUER), "alice", "alice-password"));
	}

	@Test
	void approveWhenAlicePicksTheRightNumberThenApproved() {
		JsonNode created = this.client.createTransfer();
		String id = created.get("approval_id").asString();

		signIn(created.get("approval_uri").asString());
		assertThat(this.browser.findElement(By.id("display-text")).getText())
			.isEqualTo("Transfer 250 EUR from acc-1 to DE89370400440532013000");
		assertThat(this.browser.getPageSource()).contains("Demo client");
		assertThat(this.browser.findElements(By.name("number"))).hasSize(9);
		// the client's message is shown isolated, so its text cannot reorder what
		// surrounds it
		assertThat(this.browser.findElement(By.id("binding-message")).getTagName()).isEqualTo("bdi");
		screenshot("approval-page.png");

		button(created.get("user_code").asString()).click();
		button("Approve").click();

		waitFor(By.id("outcome"));
		assertThat(this.browser.findElement(By.id("outcome")).getText()).startsWith("Approved.");
		assertThat(TestHttp.json(this.client.status(id)).get("status").asString()).isEqualTo("approved");
	}

	@Test
	void pickWhenAlicePicksAWrongNumberThenDeniedAtOnce() {
		JsonNode created = this.client.createTransfer();
		String id = created.get("approval_id").asString();
		String right = created.get("user_code").asString();

		signIn(created.get("approval_uri").asString());
		String wrong = this.browser.findElements(By.name("number"))
			.stream()
			.map((button) -> button.getText())
			.filter((number) -> !number.equals(right))
			.findFirst()
			.orElseThrow();
		button(wrong).click();

		waitFor(By.id("outcome"));
		assertThat(this.browser.findElement(By.id("outcome")).getText()).startsWith("Denied.");
		assertThat(this.browser.findElements(By.xpath("//button[normalize-space()='Approve']"))).isEmpty();
		assertThat(TestHttp.json(this.client.status(id)).get("status").asString()).isEqualTo("denied");
	}

	private void signIn(String approvalUri) {
		this.browser.get(approvalUri);
		chromium.signIn("alice", "alice-password");
		waitFor(By.id("display-text"));
	}

	private org.openqa.selenium.WebElement button(String label) {
		return chromium.button(label);
	}

	private void waitFor(By locator) {
		chromium.waitFor(locator);
	}

	private void screenshot(String name) {
		chromium.screenshot(name);
	}

}
