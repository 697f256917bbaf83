package dev.countersign.authz.it;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

import dev.countersign.test.ApprovalClient;
import dev.countersign.test.CodeFlow;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbox in a real browser on a phone-sized screen (headless Chromium, 430 × 932): the
 * pending approval is listed, fits the screen, and its link opens the approval page.
 */
class InboxBrowserIT extends AbstractBrowserIT {

	@Test
	void inboxWhenAliceHasAPendingApprovalThenListedWithinTheScreenAndItsLinkOpensIt() {
		ApprovalClient client = new ApprovalClient(this.http,
				CodeFlow.accessToken(new TestHttp(ISSUER), "alice", "alice-password"));
		JsonNode created = client.createTransfer();
		String id = created.get("approval_id").asString();

		this.browser.get(ISSUER + "/my/approvals");
		chromium.signIn("alice", "alice-password");
		WebElement entry = chromium.waitFor(By.cssSelector("a[href='/approve/" + id + "']"));

		assertThat(entry.getText()).contains("Demo client").contains("Transfer 250 EUR from acc-1");
		Number overflow = (Number) ((org.openqa.selenium.JavascriptExecutor) this.browser)
			.executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
		assertThat(overflow.intValue()).as("no sideways scrolling on a phone").isLessThanOrEqualTo(0);
		entry.click();
		assertThat(chromium.waitFor(By.id("display-text")).getText())
			.isEqualTo("Transfer 250 EUR from acc-1 to DE89370400440532013000");
	}

}
