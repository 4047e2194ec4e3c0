package org.caduceus.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher as a user runs it: a node on its own id and ports, reached through the
 * gateway with a token from {@code ./caduceus token}, backed up while it runs and writes
 * go on, stopped without leaving a process, and restored on a fresh machine folder, where
 * it starts with everything back. Runs last in the build, so the jars it starts are the
 * ones just packaged.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LauncherIntegrationTests {

	static final String NODE = "launcher-it";

	static final int PORT = 28080;

	static final Path ROOT = Launcher.ROOT;

	static final String PASSPHRASE = "launcher test passphrase, long enough";

	/** Another machine's data folder, where the backup is restored. */
	static Path machine;

	static Path backupFile;

	/** What the node held when it was backed up, found again after the restore. */
	static final Map<String, String> before = new ConcurrentHashMap<>();

	static final List<String> incidentsBefore = new CopyOnWriteArrayList<>();

	static final List<String> incidentsDuring = new CopyOnWriteArrayList<>();

	@BeforeAll
	static void startClean() throws Exception {
		run("down", "--node", NODE);
		deleteNodeData();
		machine = Files.createTempDirectory("caduceus-other-machine-");
		backupFile = machine.resolve("launcher-it.backup");
	}

	@AfterAll
	static void stopAndClean() throws Exception {
		run("down", "--node", NODE);
		deleteNodeData();
		if (machine != null) {
			Launcher.run(Map.of("CADUCEUS_DATA", machine.toString()), "down", "--node", NODE);
			deleteTree(machine);
		}
	}

	@Test
	@Order(1)
	void upStartsTheWholeNodeInOneProcessAndPrintsHowToReachIt() throws Exception {
		Launcher.Result up = run("up", "--node", NODE, "--port", String.valueOf(PORT), "--country", "DE");
		assertThat(up.exit()).as(up.output()).isZero();
		assertThat(up.output()).contains("node " + NODE + " (DE) is up at http://127.0.0.1:" + PORT)
			.contains("(one process)")
			.contains("logs:")
			.contains("console: http://127.0.0.1:" + PORT + "/")
			.contains("curl -s -H \"Authorization: Bearer $(./caduceus token alice analyst --node " + NODE + ")\"");
		Launcher.Result status = run("status", "--node", NODE);
		assertThat(status.exit()).as(status.output()).isZero();
		assertThat(status.output().lines().filter((line) -> line.contains(" up  in the node's one process")).count())
			.isEqualTo(7);
		assertThat(status.output()).containsPattern("one process: pid \\d+  rss \\d+ MB");
		assertThat(ProcessHandle.allProcesses()
			.filter((process) -> process.info().commandLine().orElse("").contains("-Dcaduceus.node=" + NODE + " ")))
			.hasSize(1);
	}

	/**
	 * In one JVM each component still answers as its own deployable: a service asks for
	 * the gateway's bearer identity in its own problem+json, not with a login page of the
	 * gateway's Spring Security; only the console serves the console's files; and each
	 * has its own health with its own store check.
	 */
	@Test
	@Order(2)
	void eachComponentInTheOneProcessAnswersAsItsOwnDeployable() throws Exception {
		HttpResponse<String> intake = atPort(PORT + 1, "/api/v1/incidents");
		assertThat(intake.statusCode()).isEqualTo(401);
		assertThat(intake.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(intake.headers().allValues("WWW-Authenticate")).containsExactly("Bearer");
		for (int port : new int[] { PORT + 1, PORT + 2, PORT + 3, PORT + 5 }) {
			HttpResponse<String> css = atPort(port, "/css/console.css");
			assertThat(css.body()).as("port %d", port).doesNotContain("Caduceus console");
			assertThat(css.statusCode()).as("port %d", port).isIn(401, 404);
		}
		HttpResponse<String> console = atPort(PORT + 6, "/css/console.css");
		assertThat(console.statusCode()).isEqualTo(200);
		for (int port : new int[] { PORT + 1, PORT + 2, PORT + 3, PORT + 5, PORT + 6 }) {
			HttpResponse<String> health = atPort(port, "/actuator/health/readiness");
			assertThat(health.body()).as("port %d", port).contains("\"mongo\":{\"status\":\"UP\"");
		}
	}

	@Test
	@Order(2)
	void aMintedTokenReachesAServiceThroughTheGatewayAndABadRoleIsRefused() throws Exception {
		Launcher.Result token = run("token", "alice", "analyst", "--node", NODE);
		assertThat(token.exit()).as(token.output()).isZero();
		String jwt = token.output().strip();
		assertThat(jwt).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
		HttpResponse<String> taxonomy = get("/api/v1/taxonomy", jwt);
		assertThat(taxonomy.statusCode()).isEqualTo(200);
		assertThat(taxonomy.body()).contains("\"version\":\"rsit-1003");
		assertThat(get("/api/v1/taxonomy", null).statusCode()).isEqualTo(401);
		// TAXII reaches the partner-api service through the gateway,
		// with the caller's identity
		HttpResponse<String> taxii = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/taxii2/"))
				.timeout(Duration.ofSeconds(10))
				.header("Authorization", "Bearer " + jwt)
				.header("Accept", "application/taxii+json;version=2.1")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(taxii.statusCode()).as(taxii.body()).isEqualTo(200);
		assertThat(taxii.body()).contains("\"api_roots\":[\"http://127.0.0.1:" + PORT + "/taxii2/api/\"]");
		Launcher.Result bad = run("token", "alice", "root", "--node", NODE);
		assertThat(bad.exit()).isNotZero();
		assertThat(bad.output()).contains("unknown role 'root'");
	}

	/**
	 * The whole path a person takes: an account from the command line, the console
	 * through the gateway, the first sign-in that must change the one-time password, and
	 * a page the console reads from the services with the token it minted for that user.
	 */
	@Test
	@Order(2)
	void anAccountMadeOnTheCommandLineSignsInToTheConsoleThroughTheGateway() throws Exception {
		Launcher.Result added = run("user", "add", "ada", "analyst", "--node", NODE);
		assertThat(added.exit()).as(added.output()).isZero();
		String oneTime = added.output()
			.lines()
			.filter((line) -> line.matches("[a-z2-9]{5}(-[a-z2-9]{5}){3}"))
			.findFirst()
			.orElseThrow();
		Launcher.Result twice = run("user", "add", "ada", "coordinator", "--node", NODE);
		assertThat(twice.exit()).isNotZero();
		assertThat(twice.output()).contains("exists already");
		HttpClient http = HttpClient.newHttpClient();
		HttpResponse<String> home = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/"))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(home.statusCode()).isEqualTo(303);
		assertThat(home.headers().firstValue("Location")).hasValue("/sign-in");
		HttpResponse<String> signIn = form(http, "/sign-in", null, "name=ada&password=" + oneTime);
		assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(303);
		assertThat(signIn.headers().firstValue("Location")).hasValue("/sign-in/password");
		String pending = cookie(signIn);
		HttpResponse<String> step = http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/sign-in/password"))
				.header("Cookie", "caduceus_session=" + pending)
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
			.matcher(step.body());
		assertThat(csrf.find()).as(step.body()).isTrue();
		HttpResponse<String> changed = form(http, "/sign-in/password", pending,
				"password=plum+orchard+telescope&repeated=plum+orchard+telescope&_csrf=" + csrf.group(1));
		assertThat(changed.headers().firstValue("Location")).hasValue("/");
		HttpResponse<String> work = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/"))
			.header("Cookie", "caduceus_session=" + cookie(changed))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(work.statusCode()).as(work.body()).isEqualTo(200);
		assertThat(work.body()).contains("My work", "ada (analyst)", "assigned to me");
		assertThat(work.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				(policy) -> assertThat(policy).contains("script-src 'self'").doesNotContain("unsafe-inline"));
	}

	/** A GET without a token straight to one component's own port. */
	private static HttpResponse<String> atPort(int port, String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> form(HttpClient http, String path,
			@org.jspecify.annotations.Nullable String cookie, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path))
			.timeout(Duration.ofSeconds(20))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (cookie != null) {
			request.header("Cookie", "caduceus_session=" + cookie);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String cookie(HttpResponse<String> response) {
		return response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((set) -> set.startsWith("caduceus_session="))
			.map((set) -> set.substring("caduceus_session=".length(), set.indexOf(';')))
			.findFirst()
			.orElseThrow();
	}

	@Test
	@Order(3)
	void aSecondUpOfTheSameNodeIsRefused() throws Exception {
		Launcher.Result again = run("up", "--node", NODE);
		assertThat(again.exit()).isNotZero();
		assertThat(again.output()).contains("already running");
	}

	@Test
	@Order(4)
	void aRunningNodeIsBackedUpWhileWritesGoOnAndCannotBeRestoredOver() throws Exception {
		String analyst = run("token", "alice", "analyst", "--node", NODE).output().strip();
		String coordinator = run("token", "carol", "coordinator", "--node", NODE).output().strip();
		String admin = run("token", "root", "admin", "--node", NODE).output().strip();
		for (int i = 0; i < 3; i++) {
			incidentsBefore.add(fileIncident(analyst, "before the backup " + i));
		}
		// a peer (the gateway's database) and an escalation to it (queued: the peer does
		// not answer), so that every service's database is in the backup
		HttpResponse<String> peer = post("/api/v1/admin/peers", admin, """
				{"nodeId":"be-x","country":"BE","baseUrl":"http://127.0.0.1:9","publicKey":"%s","tlpCeiling":"amber"}"""
			.formatted(ed25519PublicKeyPem().replace("\n", "\\n")));
		assertThat(peer.statusCode()).as(peer.body()).isEqualTo(201);
		HttpResponse<String> escalation = post("/api/v1/escalations", coordinator, """
				{"incidentId":"%s","to":["be-x"],"reason":"C2 servers in your country"}"""
			.formatted(incidentsBefore.get(0)));
		assertThat(escalation.statusCode()).as(escalation.body()).isEqualTo(201);
		before.put("escalation", escalation.headers().firstValue("Location").orElseThrow());
		// the team card (the contacts service's database)
		HttpResponse<String> card = send("PUT", "/api/v1/contacts/card", admin, "\"0\"", """
				{"teamName":"CERT before the backup","country":"DE","constituency":"hospitals","sector":"health",
				 "confidential":{"phone24x7":"+49 30 555 0100","emergencyEmail":"soc@cert.example","onCall":[]}}""");
		assertThat(card.statusCode()).as(card.body()).isIn(200, 201);
		before.put("nodeKey", publicKeyOf(get("/federation/v1/node", null).body()));
		before.put("teamKey",
				get("/api/v1/contacts/key.asc", analyst).headers().firstValue("X-Caduceus-Fingerprint").orElseThrow());

		// writes go on while the store copies its file: they wait, none fails
		AtomicBoolean stop = new AtomicBoolean();
		List<String> failures = new CopyOnWriteArrayList<>();
		Thread writer = Thread.ofPlatform().start(() -> {
			for (int i = 0; !stop.get(); i++) {
				try {
					incidentsDuring.add(fileIncident(analyst, "during the backup " + i));
				}
				catch (Exception | AssertionError ex) {
					failures.add(ex.toString());
				}
			}
		});
		Launcher.Result backup;
		try {
			org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> incidentsDuring.size() >= 3);
			backup = Launcher.run(Map.of("CADUCEUS_BACKUP_PASSPHRASE", PASSPHRASE), "backup", "--node", NODE,
					backupFile.toString());
			int atTheEnd = incidentsDuring.size();
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(60))
				.until(() -> incidentsDuring.size() >= atTheEnd + 3);
		}
		finally {
			stop.set(true);
			writer.join(Duration.ofSeconds(30));
		}
		assertThat(backup.exit()).as(backup.output()).isZero();
		assertThat(backup.output()).contains("backup of node " + NODE + " written to " + backupFile)
			.containsPattern("commit point of the running store \\(writes held \\d+ ms\\)")
			.contains("federation key sha256:");
		assertThat(failures).as("writes while the store copied its file").isEmpty();
		System.err.println("[launcher-it] " + backup.output().strip().replace("\n", "\n[launcher-it] ")
				+ "\n[launcher-it] incidents filed while the backup ran: " + incidentsDuring.size());

		Launcher.Result overRunning = Launcher.run(Map.of("CADUCEUS_BACKUP_PASSPHRASE", PASSPHRASE), "restore",
				"--node", NODE, backupFile.toString());
		assertThat(overRunning.exit()).isNotZero();
		assertThat(overRunning.output()).contains("node " + NODE + " is running").contains("nothing was changed");
		assertThat(get("/api/v1/incidents/" + incidentsBefore.get(2), analyst).statusCode()).isEqualTo(200);
	}

	@Test
	@Order(5)
	void downStopsExactlyTheNodesProcessesAndLeavesNoneBehind() throws Exception {
		Launcher.Result down = run("down", "--node", NODE);
		assertThat(down.exit()).as(down.output()).isZero();
		assertThat(down.output()).contains("node " + NODE + " stopped: node");
		assertThat(ProcessHandle.allProcesses()
			.filter((process) -> process.info().commandLine().orElse("").contains("-Dcaduceus.node=" + NODE + " ")))
			.isEmpty();
		Launcher.Result status = run("status", "--node", NODE);
		assertThat(status.exit()).isEqualTo(1);
		assertThat(status.output().lines().filter((line) -> line.contains("stopped")).count()).isEqualTo(7);
	}

	@Test
	@Order(6)
	void aWrongPassphraseATruncatedFileAndAnotherIdentityAreRefusedWithNothingChanged() throws Exception {
		Map<String, String> env = Map.of("CADUCEUS_DATA", machine.toString(), "CADUCEUS_BACKUP_PASSPHRASE",
				"not the passphrase of this backup");
		Launcher.Result wrong = Launcher.run(env, "restore", "--node", NODE, backupFile.toString());
		assertThat(wrong.exit()).isNotZero();
		assertThat(wrong.output()).contains("wrong passphrase");

		Map<String, String> right = Map.of("CADUCEUS_DATA", machine.toString(), "CADUCEUS_BACKUP_PASSPHRASE",
				PASSPHRASE);
		byte[] whole = Files.readAllBytes(backupFile);
		Path truncated = machine.resolve("truncated.backup");
		Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
		Launcher.Result cut = Launcher.run(right, "restore", "--node", NODE, truncated.toString());
		assertThat(cut.exit()).as(cut.output()).isNotZero();
		assertThat(cut.output()).contains("damaged");

		Launcher.Result otherNode = Launcher.run(right, "restore", "--node", "nl-other", backupFile.toString());
		assertThat(otherNode.exit()).isNotZero();
		assertThat(otherNode.output()).contains("the backup is of node " + NODE + ", not nl-other").contains("--force");
		try (var left = Files.list(machine)) {
			assertThat(left.map((p) -> p.getFileName().toString())).as("nothing written on the other machine")
				.containsExactlyInAnyOrder("launcher-it.backup", "truncated.backup");
		}
	}

	@Test
	@Order(7)
	void theBackupRestoredOnAnotherMachineStartsWithEverythingBackAndTheSameKeys() throws Exception {
		Map<String, String> env = Map.of("CADUCEUS_DATA", machine.toString(), "CADUCEUS_BACKUP_PASSPHRASE", PASSPHRASE);
		deleteNodeData();
		Launcher.Result restore = Launcher.run(env, "restore", "--node", NODE, backupFile.toString());
		assertThat(restore.exit()).as(restore.output()).isZero();
		assertThat(restore.output()).contains("node " + NODE + " restored from " + backupFile)
			.contains("start it: ./caduceus up --node " + NODE);
		Launcher.Result up = Launcher.run(env, "up", "--node", NODE);
		assertThat(up.exit()).as(up.output()).isZero();
		assertThat(up.output()).contains("node " + NODE + " (DE) is up at http://127.0.0.1:" + PORT)
			.contains(machine.resolve(NODE).toString());

		// a token minted after the restore, with the restored key
		Launcher.Result token = Launcher.run(env, "token", "alice", "analyst", "--node", NODE);
		assertThat(token.exit()).as(token.output()).isZero();
		String analyst = token.output().strip();
		String coordinator = Launcher.run(env, "token", "carol", "coordinator", "--node", NODE).output().strip();
		for (String id : incidentsBefore) {
			assertThat(get("/api/v1/incidents/" + id, analyst).statusCode()).as("incident %s", id).isEqualTo(200);
		}
		long during = 0;
		for (String id : incidentsDuring) {
			int status = get("/api/v1/incidents/" + id, analyst).statusCode();
			assertThat(status).as("incident %s filed while the backup ran", id).isIn(200, 404);
			during += (status == 200) ? 1 : 0;
		}
		assertThat(during).as("filed before the store's commit point").isPositive();
		assertThat(during).as("filed after it (the backup is one point in time)").isLessThan(incidentsDuring.size());
		HttpResponse<String> escalation = get(URI.create(before.get("escalation")).getPath(), coordinator);
		assertThat(escalation.statusCode()).as(escalation.body()).isEqualTo(200);
		assertThat(escalation.body()).contains(incidentsBefore.get(0)).contains("be-x");
		String admin = Launcher.run(env, "token", "root", "admin", "--node", NODE).output().strip();
		assertThat(get("/api/v1/admin/peers", admin).body()).contains("\"nodeId\":\"be-x\"");
		assertThat(get("/api/v1/contacts/card", analyst).body()).contains("CERT before the backup");
		assertThat(publicKeyOf(get("/federation/v1/node", null).body())).as("the federation key")
			.isEqualTo(before.get("nodeKey"));
		assertThat(get("/api/v1/contacts/key.asc", analyst).headers().firstValue("X-Caduceus-Fingerprint"))
			.as("the team key")
			.hasValue(before.get("teamKey"));
		Launcher.Result down = Launcher.run(env, "down", "--node", NODE);
		assertThat(down.exit()).as(down.output()).isZero();
		assertThat(Launcher.anyProcessOf(NODE)).isFalse();
	}

	private static String fileIncident(String token, String title) throws Exception {
		HttpResponse<String> created = post("/api/v1/incidents", token, """
				{"title":"%s","rsitClass":"malicious-code","rsitType":"infected-system","tlp":"green",
				 "reporter":{"organisation":"St. Example Hospital","entityType":"healthcare-provider"}}"""
			.formatted(title));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(created.body());
		assertThat(id.find()).as(created.body()).isTrue();
		return id.group(1);
	}

	private static String publicKeyOf(String node) {
		Matcher key = Pattern.compile("\"publicKey\":\"([^\"]+)\"").matcher(node);
		assertThat(key.find()).as(node).isTrue();
		return key.group(1);
	}

	private static String ed25519PublicKeyPem() throws Exception {
		byte[] spki = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
		return "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(spki)
				+ "\n-----END PUBLIC KEY-----\n";
	}

	private static HttpResponse<String> post(String path, String token, String json) throws Exception {
		return send("POST", path, token, null, json);
	}

	private static HttpResponse<String> send(String method, String path, String token, String ifMatch, String json)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(json));
		if (ifMatch != null) {
			request.header("If-Match", ifMatch);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> get(String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path))
			.timeout(Duration.ofSeconds(10));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static Launcher.Result run(String... args) throws IOException, InterruptedException {
		return Launcher.run(args);
	}

	private static void deleteNodeData() throws IOException {
		deleteTree(ROOT.resolve("data").resolve(NODE));
	}

	private static void deleteTree(Path dir) throws IOException {
		if (Files.exists(dir)) {
			try (var paths = Files.walk(dir)) {
				paths.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
		}
	}

}
