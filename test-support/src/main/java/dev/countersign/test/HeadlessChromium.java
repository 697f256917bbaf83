package dev.countersign.test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium for browser tests: Debian's {@code chromium} and
 * {@code chromium-driver}, driver path given explicitly (nothing is downloaded), a fresh
 * profile directory, and host resolution limited to localhost so that the browser reaches
 * nothing else.
 */
public final class HeadlessChromium implements AutoCloseable {

	/** The system property naming the Chromium binary. */
	public static final String BINARY_PROPERTY = "countersign.test.chromium";

	/** The system property naming the ChromeDriver binary. */
	public static final String DRIVER_PROPERTY = "webdriver.chrome.driver";

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	private final ChromeDriver driver;

	private final Path profile;

	private HeadlessChromium(ChromeDriver driver, Path profile) {
		this.driver = driver;
		this.profile = profile;
	}

	/**
	 * Starts a browser.
	 * @return the running browser
	 */
	public static HeadlessChromium start() {
		String binary = System.getProperty(BINARY_PROPERTY, "/usr/bin/chromium");
		String driverPath = System.getProperty(DRIVER_PROPERTY, "/usr/bin/chromedriver");
		if (!new File(binary).canExecute() || !new File(driverPath).canExecute()) {
			throw new IllegalStateException("Browser tests need Chromium at " + binary + " and ChromeDriver at "
					+ driverPath + ": apt-get install chromium chromium-driver (.ci/run does)");
		}
		try {
			Path profile = Files.createTempDirectory("countersign-chromium-");
			ChromeOptions options = new ChromeOptions();
			options.setBinary(binary);
			options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
					"--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
					"--window-size=430,932", "--user-data-dir=" + profile);
			ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driverPath))
				.usingAnyFreePort()
				.build();
			return new HeadlessChromium(new ChromeDriver(service, options), profile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The driver.
	 * @return the WebDriver
	 */
	public WebDriver driver() {
		return this.driver;
	}

	/**
	 * The button with a label, once the page showing it has loaded (a click starts a
	 * navigation that the next lookup must not outrun).
	 * @param label the button's visible text
	 * @return the button
	 */
	public WebElement button(String label) {
		return new WebDriverWait(this.driver, TIMEOUT)
			.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[normalize-space()='" + label + "']")));
	}

	/**
	 * Waits until an element is on the page.
	 * @param locator the element
	 * @return the element
	 */
	public WebElement waitFor(By locator) {
		return new WebDriverWait(this.driver, TIMEOUT).until(ExpectedConditions.presenceOfElementLocated(locator));
	}

	/**
	 * Clicks a button that sends the browser to a client's redirect URI and returns that
	 * URL. In tests nothing listens there, and ChromeDriver may report the refused
	 * connection as the click's error; the address bar holds the redirect all the same.
	 * @param label the button's visible text
	 * @param redirectUri the client's redirect URI
	 * @return the URL the browser was sent to
	 */
	public String clickAndFollowTo(String label, String redirectUri) {
		try {
			button(label).click();
		}
		catch (WebDriverException ex) {
			if (ex.getMessage() == null || !ex.getMessage().contains("ERR_CONNECTION_REFUSED")) {
				throw ex;
			}
		}
		return waitForUrl(redirectUri);
	}

	/**
	 * Waits until the browser is at a URL.
	 * @param prefix how the URL starts
	 * @return the URL
	 */
	public String waitForUrl(String prefix) {
		new WebDriverWait(this.driver, TIMEOUT).until(ExpectedConditions.urlMatches("^" + Pattern.quote(prefix)));
		return this.driver.getCurrentUrl();
	}

	/**
	 * Saves a screenshot of the page under {@code target/screenshots}.
	 * @param name the file name
	 * @return the file
	 */
	public Path screenshot(String name) {
		try {
			Path target = Path.of("target", "screenshots");
			Files.createDirectories(target);
			return Files.write(target.resolve(name), this.driver.getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Signs in on the login page the browser is on (or is about to show).
	 * @param username the user
	 * @param password the password
	 */
	public void signIn(String username, String password) {
		waitFor(By.id("username")).sendKeys(username);
		this.driver.findElement(By.id("password")).sendKeys(password);
		button("Sign in").click();
	}

	/**
	 * Forgets every cookie of every site (WebDriver's own call clears only the current
	 * page's site), so the next test starts signed out wherever the last one ended.
	 */
	public void signOut() {
		this.driver.executeCdpCommand("Network.clearBrowserCookies", java.util.Map.of());
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			try (Stream<Path> files = Files.walk(this.profile)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
			catch (IOException ex) {
				// a temporary directory; the system cleans it eventually
			}
		}
	}

}
