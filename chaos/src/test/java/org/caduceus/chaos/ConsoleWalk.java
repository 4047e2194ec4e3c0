package org.caduceus.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A coordinator's day in the console, in a real browser, across the demo's two nodes:
 * first sign-in with the one-time password, filing an incident whose title is hostile
 * markup, triage, work, a note, an escalation to the partner node, the partner's
 * coordinator accepting it in their own console, the acceptance showing back home, the
 * NIS2 board and the figures. Every page is checked with axe-core and for resources from
 * outside the node; the main pages are photographed into {@code docs/screenshots}.
 */
final class ConsoleWalk {

	/**
	 * Markup an outsider might put in a title or a note; none of it may run or render.
	 */
	static final String HOSTILE_TITLE = "Ransomware <img src=x onerror=\"window.__pwned=1\"> at Oost";

	static final String HOSTILE_NOTE = "Encryptor seen on **three** PACS servers. <script>window.__pwned=2</script> [more](javascript:window.__pwned=3)";

	static final String PASSWORD = "plum orchard telescope";

	private final Browser browser;

	private final Path screenshots;

	ConsoleWalk(Browser browser, Path screenshots) {
		this.browser = browser;
		this.screenshots = screenshots;
	}

	void signInFirstTime(String base, String name, String oneTime) throws Exception {
		this.browser.open(base + "/");
		assertThat(this.browser.driver.getCurrentUrl()).startsWith(base + "/sign-in");
		page(base, "sign-in", true);
		this.browser.type("#name", name);
		this.browser.type("#password", oneTime);
		this.browser.clickToNewPage(By.cssSelector("button[type=submit]"));
		this.browser.find("#repeated");
		page(base, "choose a password", false);
		this.browser.type("#password", PASSWORD);
		this.browser.type("#repeated", PASSWORD);
		this.browser.clickToNewPage(By.cssSelector("button[type=submit]"));
		this.browser.find("#content h1");
		assertThat(this.browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("My work");
		page(base, "my-work", true);
	}

	/** Files an incident and returns its page's URL. */
	String fileIncident(String base, String reference) throws Exception {
		this.browser.open(base + "/incidents/new");
		this.browser.type("#title", HOSTILE_TITLE + " " + reference);
		new Select(this.browser.find("#classification")).selectByValue("malicious-code/infected-system");
		new Select(this.browser.find("#tlp")).selectByValue("GREEN");
		new Select(this.browser.find("#severity")).selectByValue("HIGH");
		new Select(this.browser.find("#patientSafetyImpact")).selectByValue("POTENTIAL");
		this.browser.type("#reporter-organisation", "Ziekenhuis Oost");
		this.browser.click("#significant");
		this.browser.click("#cs-diagnostics-imaging");
		this.browser.type("#observables", "hxxp://pacs-update[.]example/agent.exe\n192.0.2[.]77\nnot an indicator");
		// the preview comes from the API's own normaliser, before anything is saved
		this.browser.waitForText("#preview", "http://pacs-update.example/agent.exe", "192.0.2.77", "2 will be saved");
		page(base, "file-incident", true);
		// the line that is not an indicator is removed before filing
		this.browser.type("#observables", "hxxp://pacs-update[.]example/agent.exe\n192.0.2[.]77");
		// leaving the field fires its change (one more preview) before the click lands
		this.browser.find("#title").click();
		this.browser.waitForText("#preview", "0 are not observables");
		this.browser.clickToNewPage(By.cssSelector("form.incident-form button[type=submit]"));
		this.browser.find(".tlp-banner");
		String url = this.browser.driver.getCurrentUrl();
		assertThat(url).matches(".*/incidents/[0-9a-f-]+$");
		assertThat(this.browser.driver.findElement(By.tagName("h1")).getText()).contains(HOSTILE_TITLE);
		assertInert();
		return url;
	}

	void triageWorkAndNote(String base, String incident) throws Exception {
		button("Triage");
		this.browser.find(".status-triaged");
		button("Assign to me");
		button("Start work");
		this.browser.find(".status-in_progress");
		this.browser.type("#note-text", HOSTILE_NOTE);
		button("Add note");
		this.browser.find(".note strong");
		this.browser.waitForText(".note", "three", "<script>window.__pwned=2</script>");
		assertInert();
		assertThat(this.browser.driver.findElements(By.cssSelector(".note a[href^='javascript']"))).isEmpty();
		page(base, "incident", true);
		assertThat(this.browser.driver.getCurrentUrl()).isEqualTo(incident);
	}

	/** Escalates the open incident to {@code partner}; returns the escalation's URL. */
	String escalate(String base, String partner, String reason) throws Exception {
		this.browser.type("#escalate-to", partner);
		this.browser.type("#escalate-reason", reason);
		button("Escalate");
		this.browser.find(".status");
		assertThat(this.browser.driver.getCurrentUrl()).contains("/escalations/");
		this.browser.reloadUntil("ACKNOWLEDGED", Duration.ofSeconds(90));
		page(base, "escalation", true);
		return this.browser.driver.getCurrentUrl();
	}

	void acceptFromInbox(String base, String reason) throws Exception {
		this.browser.open(base + "/escalations?box=inbox");
		this.browser.reloadUntil(reason, Duration.ofSeconds(90));
		page(base, "escalation-inbox", true);
		// the rows are replaced whenever the event stream says something changed
		this.browser.clickToNewPage(By.xpath("//tr[contains(., '" + reason + "')]//a"));
		this.browser.find("button[value=accept]");
		// what the partner wrote is as inert on this side of the border
		assertInert();
		page(base, "inbound escalation", false);
		this.browser.clickToNewPage(By.cssSelector("button[value=accept]"));
		this.browser.reloadUntil("ACCEPTED", Duration.ofSeconds(30));
	}

	void seeAccepted(String escalation) {
		this.browser.open(escalation);
		this.browser.reloadUntil("ACCEPTED", Duration.ofSeconds(90));
	}

	void boardAndFigures(String base) throws Exception {
		this.browser.open(base + "/nis2");
		this.browser.find("table");
		assertThat(this.browser.driver.findElement(By.tagName("main")).getText()).contains("Ransomware");
		page(base, "nis2-board", true);
		this.browser.open(base + "/figures?groupBy=rsitClass");
		this.browser.find("#figures");
		new org.openqa.selenium.support.ui.WebDriverWait(this.browser.driver, Duration.ofSeconds(20))
			.until((d) -> Boolean.TRUE.equals(this.browser.script("return typeof Chart !== 'undefined' && "
					+ "Chart.getChart(document.getElementById('chart')) !== undefined;")));
		assertThat(this.browser.driver.findElement(By.id("figures")).getText()).contains("malicious-code");
		page(base, "figures", true);
	}

	/**
	 * The partner's card came over signed federation in the demo; its confidential part
	 * on request.
	 */
	void contacts(String base, String partner) throws Exception {
		this.browser.open(base + "/contacts");
		this.browser.waitForText("main", "Partner teams", partner);
		page(base, "contacts", true);
		this.browser.click(this.browser.driver
			.findElement(By.xpath("//tr[contains(., '" + partner + "')]//button[contains(., 'Confidential part')]")));
		this.browser.waitForText("main", "This read was recorded", "24/7 telephone");
		page(base, "confidential card", false);
	}

	void keyboard(String base) {
		this.browser.open(base + "/incidents");
		this.browser.find("table.incidents");
		this.browser.driver.findElement(By.tagName("body")).sendKeys("?");
		assertThat(this.browser.find("dialog#help").isDisplayed()).isTrue();
		this.browser.driver.findElement(By.cssSelector("dialog#help button")).click();
		this.browser.driver.findElement(By.tagName("body")).sendKeys("j");
		assertThat(this.browser.driver.findElements(By.cssSelector("tr[data-row].selected"))).hasSize(1);
		this.browser.driver.findElement(By.tagName("body")).sendKeys("n");
		this.browser.find("#title");
		assertThat(this.browser.driver.getCurrentUrl()).endsWith("/incidents/new");
	}

	/** Every button the walk presses here posts a form and leads to a new page. */
	private void button(String label) {
		this.browser.clickToNewPage(By.xpath("//button[normalize-space()='" + label + "']"));
	}

	/** No script written by an outsider ran, and no element of theirs was made. */
	private void assertInert() {
		assertThat(this.browser.script("return window.__pwned === undefined;")).isEqualTo(true);
		assertThat(this.browser.driver.findElements(By.cssSelector("img[src='x'], script:not([src])"))).isEmpty();
	}

	private void page(String base, String name, boolean photograph) throws Exception {
		this.browser.checkAccessibility(name + " (" + this.browser.driver.getCurrentUrl() + ")");
		List<String> elsewhere = this.browser.resourcesFromElsewhere(base);
		assertThat(elsewhere).as("resources of %s from outside the node", name).isEmpty();
		if (photograph) {
			this.browser.screenshot(this.screenshots.resolve(name + ".png"));
		}
	}

}
