package dev.countersign.authz.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.WebDriver;

import dev.countersign.test.HeadlessChromium;

/**
 * Base of the browser tests: one headless Chromium per test class, signed out before each
 * test, against the shared running authorization server.
 */
abstract class AbstractBrowserIT extends AbstractAuthorizationServerIT {

	static HeadlessChromium chromium;

	WebDriver browser;

	@BeforeAll
	static void startBrowser() {
		chromium = HeadlessChromium.start();
	}

	@AfterAll
	static void stopBrowser() {
		if (chromium != null) {
			chromium.close();
			chromium = null;
		}
	}

	@BeforeEach
	void signedOut() {
		chromium.signOut();
		this.browser = chromium.driver();
	}

}
