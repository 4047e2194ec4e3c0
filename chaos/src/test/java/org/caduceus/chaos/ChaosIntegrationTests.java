package org.caduceus.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./caduceus chaos} as a user runs it, with the jars this build packaged: the
 * demo's two real nodes (the demo itself checked on the way: an incident escalated across
 * the border over signed federation and accepted, TLP:RED stopped at the border, cards
 * exchanged sealed with OpenPGP, TAXII pulled with an API key), then each of their twelve
 * processes killed with SIGKILL in turn under load and started again with
 * {@code ./caduceus up}; every acknowledged write present once, every acknowledged
 * escalation delivered once with one status on both sides, no hang, no broken answer; and
 * the suite's self-check, which acknowledges writes from memory and kills the store, must
 * see what that loses. Then, on the two nodes that have just been through all that, a
 * coordinator's day in the console in a real browser ({@link ConsoleWalk}). Nothing is
 * left running afterwards.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosIntegrationTests {

	static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	static final String NL = "http://127.0.0.1:28280";

	/**
	 * The partner node by another name of the same address: a browser keeps cookies per
	 * host, not per port, and the two consoles' sessions must not overwrite each other.
	 */
	static final String DE = "http://localhost:28380";

	private static boolean nodesUp;

	/**
	 * {@code -Dcaduceus.chaos.walk-only=true -Dtest=ChaosIntegrationTests#aCoordinators*}:
	 * the walk alone, on the demo's nodes as {@code ./caduceus demo --port 28280 --keep}
	 * left them, which stay up afterwards (for working on the console).
	 */
	private static final boolean WALK_ONLY = Boolean.getBoolean("caduceus.chaos.walk-only");

	@Test
	@Order(1)
	void twoNodesLoseAndDuplicateNothingAcknowledgedWhileEachOfTheirProcessesIsKilledInTurn() throws Exception {
		Path report = ROOT.resolve("data/chaos-report.json");
		Files.deleteIfExists(report);
		Path log = Files.createTempFile("chaos", ".log");
		// light load: one client per node, 150 ms between requests, so that a
		// restart under it takes seconds, not a minute, on two cores
		int exit = chaos(log, "--rounds", "1", "--self-check", "--port", "28280", "--seed", "20261207", "--workers",
				"1", "--pause", "150", "--keep");
		nodesUp = exit == 0;
		String output = Files.readString(log);
		System.out.println(output);

		// the demo, on the way
		assertThat(output).contains("[4/10] it arrives: ACKNOWLEDGED back on demo-nl")
			.contains("[7/10] ACCEPTED shows back on demo-nl")
			.contains("[QUEUED, DELIVERED, ACKNOWLEDGED, ACCEPTED]")
			.contains("tlp-red-never-leaves")
			.contains("demo-de holds the 24/7 number of demo-nl")
			.contains("cert-be got [[domain-name:value = 'clinic-login.example']]")
			.contains("the AMBER incident was refused (tlp-not-allowed)")
			.contains("demo: every step passed");

		// the faults
		assertThat(exit).as(output).isZero();
		assertThat(output).contains("chaos: PASSED");
		JsonNode result = Api.JSON.readTree(Files.readString(report));
		List<JsonNode> faults = result.get("faults").valueStream().toList();
		assertThat(faults).hasSize(12);
		for (String node : List.of("demo-nl", "demo-de")) {
			assertThat(faults.stream()
				.filter((f) -> f.get("node").asString().equals(node))
				.map((f) -> f.get("process").asString())).containsExactlyInAnyOrderElementsOf(Node.PROCESSES);
		}
		assertThat(faults).allSatisfy((f) -> {
			assertThat(f.get("seenDown").asBoolean()).as(f.toString()).isTrue();
			assertThat(f.get("upAgain").asBoolean()).as(f.toString()).isTrue();
		});
		assertThat(result.get("acknowledged").asLong()).isGreaterThan(50);
		assertThat(result.get("lost").asLong()).isZero();
		assertThat(result.get("duplicated").asLong()).isZero();
		assertThat(result.get("escalationsAcknowledged").asLong()).isPositive()
			.isEqualTo(result.get("escalationsDeliveredOnce").asLong());
		assertThat(result.get("statusMismatches").asLong()).isZero();
		assertThat(result.get("answers").get("hang").asLong()).isZero();
		assertThat(result.get("answers").get("broken").asLong()).isZero();
		// the clients met the faults: "not now" answers as problems, not only successes
		assertThat(result.get("answers").get("unavailable").asLong()).isPositive();

		// the suite sees a loss where there is one
		assertThat(result.get("selfCheck").get("acknowledged").asLong()).isPositive();
		assertThat(result.get("selfCheck").get("lost").asLong()).isPositive();

		// each restart appended to the process's log: what it wrote before it was
		// killed is still there for the operator
		for (String node : List.of("demo-nl", "demo-de")) {
			for (String process : Node.PROCESSES) {
				String written = Files
					.readString(ROOT.resolve("data").resolve(node).resolve("logs/" + process + ".log"));
				assertThat(written.split("caduceus: starting " + process + "\n", -1)).as(node + " " + process)
					.hasSizeGreaterThanOrEqualTo(3);
			}
		}
	}

	@Test
	@Order(2)
	void aCoordinatorsDayInTheConsoleRunsAcrossTheTwoNodesInARealBrowser() throws Exception {
		org.junit.jupiter.api.Assumptions.assumeTrue(nodesUp || WALK_ONLY, "the demo's nodes did not come up");
		org.junit.jupiter.api.Assumptions.assumeTrue(Browser.available(),
				"Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver;"
						+ " .ci/run installs them and fails without them)");
		String suffix = String.valueOf(System.nanoTime() % 100_000);
		String carla = oneTimePassword("carla" + suffix, "coordinator", "demo-nl");
		String dirk = oneTimePassword("dirk" + suffix, "coordinator", "demo-de");
		String reason = "PACS ransomware crosses into your region " + System.nanoTime() % 100_000;
		try (Browser browser = new Browser()) {
			ConsoleWalk walk = new ConsoleWalk(browser, ROOT.resolve("docs/screenshots"));
			walk.signInFirstTime(NL, "carla" + suffix, carla);
			String incident = walk.fileIncident(NL, "console-walk");
			walk.triageWorkAndNote(NL, incident);
			String escalation = walk.escalate(NL, "demo-de", reason);
			walk.signInFirstTime(DE, "dirk" + suffix, dirk);
			walk.acceptFromInbox(DE, reason);
			walk.seeAccepted(escalation);
			walk.boardAndFigures(NL);
			// the demo sent demo-nl's card to demo-de, sealed for it
			walk.contacts(DE, "demo-nl");
			walk.keyboard(NL);
			assertThat(browser.pagesChecked).hasSizeGreaterThanOrEqualTo(10);
			assertThat(browser.violations).as("serious or critical accessibility violations").isEmpty();
		}
	}

	@AfterAll
	static void nothingLeftRunning() throws Exception {
		if (WALK_ONLY) {
			return;
		}
		for (String node : List.of("demo-nl", "demo-de")) {
			new ProcessBuilder(ROOT.resolve("caduceus").toString(), "down", "--node", node).inheritIO()
				.start()
				.waitFor(2, TimeUnit.MINUTES);
		}
		assertThat(anyProcessOf("demo-nl")).isFalse();
		assertThat(anyProcessOf("demo-de")).isFalse();
	}

	/** {@code ./caduceus user add}: the one-time password it prints. */
	private static String oneTimePassword(String name, String role, String node) throws Exception {
		Process process = new ProcessBuilder(ROOT.resolve("caduceus").toString(), "user", "add", name, role, "--node",
				node)
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		assertThat(process.waitFor()).as(output).isZero();
		return output.lines()
			.filter((line) -> line.matches("[a-z2-9]{5}(-[a-z2-9]{5}){3}"))
			.findFirst()
			.orElseThrow(() -> new AssertionError(output));
	}

	/** Runs {@code ./caduceus chaos}, its output into {@code log} as it comes. */
	private static int chaos(Path log, String... args) throws IOException, InterruptedException {
		List<String> command = new java.util.ArrayList<>(List.of(ROOT.resolve("caduceus").toString(), "chaos"));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		// the jars were packaged by this very build; C1 only and no class-data archive:
		// the nodes' twelve JVMs and their restarts start in about half the CPU time
		builder.environment().put("CADUCEUS_SKIP_BUILD", "1");
		builder.environment()
			.putIfAbsent("CADUCEUS_JAVA_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:-AutoCreateSharedArchive");
		Process process = builder.start();
		process.getOutputStream().close();
		if (!process.waitFor(20, TimeUnit.MINUTES)) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			// the nodes' JVMs were started with nohup and outlive the launcher
			for (String node : List.of("demo-nl", "demo-de")) {
				new ProcessBuilder(ROOT.resolve("caduceus").toString(), "down", "--node", node).inheritIO()
					.start()
					.waitFor(2, TimeUnit.MINUTES);
			}
			throw new IllegalStateException("./caduceus chaos did not finish in 20 minutes: " + Files.readString(log));
		}
		return process.exitValue();
	}

	private static boolean anyProcessOf(String node) {
		return ProcessHandle.allProcesses()
			.anyMatch((process) -> process.info().commandLine().orElse("").contains("-Dcaduceus.node=" + node + " "));
	}

}
