package org.caduceus.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real Chromium (Debian's {@code chromium} and {@code chromium-driver}, nothing
 * downloaded) driven through the console, with what each page is checked for: no serious
 * or critical accessibility violation (axe-core), no script run and no element injected
 * by text an outsider wrote, and nothing loaded from outside the node.
 */
final class Browser implements AutoCloseable {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path DRIVER = Path.of("/usr/bin/chromedriver");

	final WebDriver driver;

	private final Path profile;

	/** Every serious or critical violation seen, with the page it was on. */
	final List<String> violations = new ArrayList<>();

	final List<String> pagesChecked = new ArrayList<>();

	static boolean available() {
		return Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
	}

	Browser() throws IOException {
		this.profile = Files.createTempDirectory("caduceus-chromium");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		// without the network flags Chromium tries to reach Google and fails on a closed
		// network;
		// reduced motion: Bootstrap scrolls smoothly otherwise, and a click would land
		// mid-scroll
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
				"--window-size=1400,1000", "--force-prefers-reduced-motion", "--user-data-dir=" + this.profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
		this.driver = new ChromeDriver(service, options);
		this.driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
	}

	void open(String url) {
		this.driver.get(url);
	}

	WebElement find(String css) {
		try {
			return new WebDriverWait(this.driver, Duration.ofSeconds(30))
				.until((d) -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
		}
		catch (org.openqa.selenium.TimeoutException ex) {
			throw new AssertionError(
					"no '" + css + "' on " + this.driver.getCurrentUrl() + " within 30 s; the page said: " + bodyText(),
					ex);
		}
	}

	/**
	 * Waits until the element's text holds every one of {@code texts}, looking it up
	 * afresh each time: htmx replaces elements as it swaps.
	 */
	void waitForText(String css, String... texts) {
		try {
			new WebDriverWait(this.driver, Duration.ofSeconds(30))
				.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
				.until((d) -> d.findElements(By.cssSelector(css))
					.stream()
					.anyMatch((element) -> java.util.Arrays.stream(texts).allMatch(element.getText()::contains)));
		}
		catch (org.openqa.selenium.TimeoutException ex) {
			throw new AssertionError("'" + css + "' on " + this.driver.getCurrentUrl() + " did not come to hold "
					+ List.of(texts) + " within 30 s; the page said: " + bodyText(), ex);
		}
	}

	void type(String css, String text) {
		WebElement field = find(css);
		field.clear();
		field.sendKeys(text);
	}

	void click(String css) {
		click(find(css));
	}

	/**
	 * Clicks what {@code locator} finds and waits until the page it leads to has replaced
	 * this one. Without the wait, the next lookup can find the old page's element just
	 * before the browser drops it. Looked up again if a live update replaced it first.
	 */
	void clickToNewPage(By locator) {
		WebElement root = this.driver.findElement(By.tagName("html"));
		new WebDriverWait(this.driver, Duration.ofSeconds(10))
			.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
			.until((d) -> {
				click(d.findElement(locator));
				return true;
			});
		new WebDriverWait(this.driver, Duration.ofSeconds(30)).until((d) -> gone(root));
		new WebDriverWait(this.driver, Duration.ofSeconds(30))
			.until((d) -> "complete".equals(script("return document.readyState;")));
	}

	/**
	 * Whether the page that held {@code element} has been replaced. Chromium says so with
	 * a stale reference, or, when the old document is being torn down at that moment,
	 * with an inspector error that the node no longer belongs to the document.
	 */
	private static boolean gone(WebElement element) {
		try {
			element.isEnabled();
			return false;
		}
		catch (org.openqa.selenium.StaleElementReferenceException ex) {
			return true;
		}
		catch (org.openqa.selenium.WebDriverException ex) {
			if (String.valueOf(ex.getMessage()).contains("does not belong to the document")) {
				return true;
			}
			throw ex;
		}
	}

	/**
	 * Scrolled to the middle of the window first: a sticky footer or the edge cannot take
	 * the click.
	 */
	void click(WebElement element) {
		((JavascriptExecutor) this.driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
		element.click();
	}

	/**
	 * Waits until the page's text contains {@code text}, reloading once a second while it
	 * does not.
	 */
	void reloadUntil(String text, Duration patience) {
		try {
			new WebDriverWait(this.driver, patience).pollingEvery(Duration.ofSeconds(1)).until((d) -> {
				if (bodyText().contains(text)) {
					return true;
				}
				d.navigate().refresh();
				return false;
			});
		}
		catch (org.openqa.selenium.TimeoutException ex) {
			throw new AssertionError("'" + text + "' did not appear on " + this.driver.getCurrentUrl() + " within "
					+ patience + ": " + bodyText(), ex);
		}
	}

	/**
	 * The page's text, read again if the page was replaced while it was read (a reload,
	 * or htmx refreshing a list).
	 */
	String bodyText() {
		for (int attempt = 0;; attempt++) {
			try {
				return this.driver.findElement(By.tagName("body")).getText();
			}
			catch (org.openqa.selenium.StaleElementReferenceException ex) {
				if (attempt >= 10) {
					throw ex;
				}
			}
		}
	}

	Object script(String script) {
		return ((JavascriptExecutor) this.driver).executeScript(script);
	}

	/**
	 * Runs axe-core on the page as it is: WCAG 2.1 A and AA rules; a serious or critical
	 * violation is kept for the test to report.
	 */
	void checkAccessibility(String page) {
		Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
			.analyze(this.driver);
		if (results.isErrored()) {
			this.violations.add(page + ": axe did not run: " + results.getErrorMessage());
		}
		for (Rule rule : results.getViolations()) {
			if ("serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact())) {
				this.violations.add(page + ": " + rule.getImpact() + " " + rule.getId() + " (" + rule.getHelp()
						+ ") at " + rule.getNodes().stream().map((node) -> String.valueOf(node.getTarget())).toList());
			}
		}
		this.pagesChecked.add(page);
	}

	/**
	 * Every resource the page loaded came from {@code origin}: nothing from outside the
	 * node.
	 */
	@SuppressWarnings("unchecked")
	List<String> resourcesFromElsewhere(String origin) {
		List<Object> urls = (List<Object>) script(
				"return performance.getEntriesByType('resource').map(function (e) { return e.name; });");
		return urls.stream().map(String::valueOf).filter((url) -> !url.startsWith(origin)).toList();
	}

	void screenshot(Path file) throws IOException {
		Files.createDirectories(file.getParent());
		Files.write(file, ((TakesScreenshot) this.driver).getScreenshotAs(OutputType.BYTES));
	}

	@Override
	public void close() throws IOException {
		this.driver.quit();
		try (var files = Files.walk(this.profile)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
	}

}
