package dev.countersign.authz.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.provisioning.UserDetailsManager;
import tools.jackson.databind.JsonNode;

import dev.countersign.test.CodeFlow;
import dev.countersign.test.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consent page in a real headless Chromium: a user asked for the records of customers
 * 42 and 43 grants 42 only by unticking 43; the token carries exactly what was ticked.
 */
class ConsentPageBrowserIT extends AbstractBrowserIT {

	@Autowired
	UserDetailsManager users;

	@Test
	void consentWhenUserUnticksOneOfTwoDetailsThenTokenCarriesTheOtherOnly() throws Exception {
		String user = TestUsers.create(this.users, "consent");
		CodeFlow flow = new CodeFlow(this.http);
		Map<String, String> parameters = AuthorizationDetailsIT.withDetails(flow,
				"[" + AuthorizationDetailsIT.CUSTOMER_42 + "," + AuthorizationDetailsIT.CUSTOMER_43 + ","
						+ AuthorizationDetailsIT.ORDER_7_STATUS + "]");
		this.browser.get(ISSUER + CodeFlow.uri(parameters));
		chromium.signIn(user, TestUsers.PASSWORD);

		chromium.waitFor(By.id("consent"));
		List<String> rows = this.browser.findElements(By.cssSelector(".detail .action"))
			.stream()
			.map(WebElement::getText)
			.toList();
		assertThat(rows).containsExactly("Read the records of customer 42", "Read the records of customer 43",
				"Update order 7");
		assertThat(this.browser.getPageSource()).contains("Demo client", "may change only status");
		WebElement customer43 = this.browser.findElement(By.id("detail-1"));
		assertThat(customer43.isSelected()).isTrue();
		customer43.click();
		this.browser.findElement(By.id("detail-2")).click();
		assertThat(customer43.isSelected()).isFalse();
		Path screenshot = chromium.screenshot("consent-page.png");
		keepForDocs(screenshot);

		String callback = chromium.clickAndFollowTo("Approve", CodeFlow.REDIRECT_URI);
		JsonNode tokens = TestHttp.json(flow.exchange(TestHttp.query(callback).get("code")));
		assertThat(tokens.get("authorization_details"))
			.isEqualTo(TestHttp.JSON.readTree("[" + AuthorizationDetailsIT.CUSTOMER_42 + "]"));
		assertThat(tokens.get("scope").asString()).isEqualTo("accounts.read");
	}

	@Test
	void consentWhenUserDeniesThenClientGetsAccessDenied() {
		String user = TestUsers.create(this.users, "consent");
		CodeFlow flow = new CodeFlow(this.http);
		this.browser.get(ISSUER + CodeFlow
			.uri(AuthorizationDetailsIT.withDetails(flow, "[" + AuthorizationDetailsIT.CUSTOMER_42 + "]")));
		chromium.signIn(user, TestUsers.PASSWORD);
		String callback = chromium.clickAndFollowTo("Deny", CodeFlow.REDIRECT_URI);
		assertThat(TestHttp.query(callback)).containsEntry("error", "access_denied").doesNotContainKey("code");
	}

	/**
	 * docs/query-level-approval.md shows this page; with
	 * {@code -Dcountersign.docs.screenshots} the test refreshes the picture there.
	 */
	private static void keepForDocs(Path screenshot) throws Exception {
		String docs = System.getProperty("countersign.docs.screenshots");
		if (docs != null) {
			Files.copy(screenshot, Path.of(docs).resolve(screenshot.getFileName()),
					StandardCopyOption.REPLACE_EXISTING);
		}
	}

}
