package dev.countersign.test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium for browser tests: Debian's {@code chromium} and
 * {@code chromium-driver}, driver path given explicitly (nothing is downloaded), a fresh profile
 * directory, and host resolution limited to localhost so that the browser reaches nothing else.
 */
public final class HeadlessChromium implements AutoCloseable {

	/** The system property naming the Chromium binary. */
	public static final String BINARY_PROPERTY = "countersign.test.chromium";

	/** The system property naming the ChromeDriver binary. */
	public static final String DRIVER_PROPERTY = "webdriver.chrome.driver";

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
			throw new IllegalStateException("Browser tests need Chromium at " + binary + " and ChromeDriver at " + driverPath
					+ ": apt-get install chromium chromium-driver (.ci/run does)");
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
	 * Forgets every cookie, so the next test starts signed out.
	 */
	public void signOut() {
		this.driver.manage().deleteAllCookies();
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
