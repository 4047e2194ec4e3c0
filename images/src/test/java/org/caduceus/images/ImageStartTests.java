package org.caduceus.images;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.caduceus.federation.NodeKey;
import org.caduceus.identity.Role;
import org.caduceus.identity.ServiceIdentity;
import org.caduceus.identity.SigningKey;
import org.caduceus.identity.TokenMinter;
import org.caduceus.openpgp.TeamKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The images this build made start a whole node: each is unpacked with {@code umoci} and
 * run with {@code runc} as the chart runs it (read-only root, user 10001, no
 * capabilities, the chart's environment, the key files it mounts read-only at
 * {@code /keys}, keys made as {@code ./caduceus up} makes them). The containers share the
 * host's network namespace, so each listens on a loopback port of its own instead of
 * 8080. Skips, saying why, where the images were not built or runc cannot run (not root,
 * no runc or umoci).
 */
class ImageStartTests {

	static final Path TARGET = Path.of("target");

	static final Path WORK = TARGET.resolve("start-test");

	static final String NODE = "images-it";

	static final List<String> APPS = List.of("intake", "escalation", "contacts", "partner-api", "console", "gateway");

	static final Map<String, Container> containers = new LinkedHashMap<>();

	static final Map<String, Integer> ports = new LinkedHashMap<>();

	static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	static SigningKey userKey;

	static long startSeconds;

	@BeforeAll
	static void startANodeInContainers() throws Exception {
		Path images = TARGET.resolve("images");
		Path skipped = images.resolve(ImageBuild.SKIPPED);
		skipUnless(!Files.exists(skipped), "images not built: " + read(skipped));
		skipUnless(Files.isRegularFile(images.resolve("oci/index.json")), "images not built: no target/images/oci");
		for (String tool : List.of("runc", "umoci")) {
			skipUnless(onPath(tool), "no " + tool + " on the PATH (apt-get install runc umoci)");
		}
		skipUnless(((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0,
				"runc runs containers as root here: this build is not root (rootless runc needs user namespaces)");
		Path runcRoot = WORK.resolve("runc");
		if (Files.isDirectory(runcRoot)) {
			// what an earlier run that was killed left, before its state goes with WORK
			for (String component : List.of("store", "intake", "escalation", "contacts", "partner-api", "console",
					"gateway")) {
				new Container("caduceus-images-it-" + component, runcRoot.toAbsolutePath(), WORK, WORK).remove();
			}
		}
		deleteTree(WORK);
		Files.createDirectories(WORK.resolve("logs"));
		Files.createDirectories(runcRoot);
		long started = System.nanoTime();
		for (String component : List.of("store", "intake", "escalation", "contacts", "partner-api", "console",
				"gateway")) {
			ports.put(component, freePort());
		}
		Path keys = makeKeys();
		Path data = WORK.resolve("data");
		Files.createDirectories(data);
		Files.setAttribute(data, "unix:uid", 10001);
		Files.setAttribute(data, "unix:gid", 10001);
		Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
		Container store = container("store", images);
		store.configure("caduceus-store", Map.of("JAVA_TOOL_OPTIONS", jvm("384m")),
				List.of("--data", "/data", "--host", "127.0.0.1", "--port", String.valueOf(ports.get("store"))),
				List.of(new Container.Bind("/data", data.toAbsolutePath(), false), hosts("store"), resolver()));
		store.start();
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
			store.assertRunning();
			return listening(ports.get("store"));
		});
		for (String app : APPS) {
			Container container = container(app, images);
			container.configure("caduceus-" + app, env(app), List.of(), List
				.of(new Container.Bind("/keys", keys.resolve(app).toAbsolutePath(), true), hosts(app), resolver()));
			container.start();
		}
		await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(1)).until(() -> {
			boolean ready = true;
			for (String app : APPS) {
				containers.get(app).assertRunning();
				ready &= readiness(app).contains("\"status\":\"UP\"");
			}
			return ready;
		});
		startSeconds = (System.nanoTime() - started) / 1_000_000_000;
		Files.writeString(WORK.resolve("start-time.txt"), "node of 7 containers ready in " + startSeconds + " s\n");
	}

	@AfterAll
	static void removeTheContainers() throws IOException {
		List<String> order = new ArrayList<>(containers.keySet());
		java.util.Collections.reverse(order);
		for (String component : order) {
			containers.get(component).remove();
		}
		// the unpacked root file systems are 90 MB each
		try (Stream<Path> bundles = Files.exists(WORK.resolve("bundles")) ? Files.list(WORK.resolve("bundles"))
				: Stream.empty()) {
			for (Path bundle : bundles.toList()) {
				deleteTree(bundle);
			}
		}
	}

	@Test
	void everyComponentIsReadyAndRunsAsUser10001OnAReadOnlyRoot() throws Exception {
		for (String app : APPS) {
			assertThat(readiness(app)).as(app).contains("\"status\":\"UP\"");
		}
		for (Map.Entry<String, Container> entry : containers.entrySet()) {
			long pid = entry.getValue().pid();
			String status = Files.readString(Path.of("/proc/" + pid + "/status"));
			assertThat(status).as(entry.getKey())
				.containsPattern("(?m)^Uid:\\s+10001\\s+10001\\s+10001\\s+10001$")
				.containsPattern("(?m)^Gid:\\s+10001\\s+10001\\s+10001\\s+10001$")
				.containsPattern("(?m)^CapEff:\\s+0+$");
			String root = Files.readAllLines(Path.of("/proc/" + pid + "/mountinfo"))
				.stream()
				.filter((line) -> line.split(" ")[4].equals("/"))
				.findFirst()
				.orElseThrow();
			assertThat(root.split(" ")[5]).as(entry.getKey() + " root mount options").startsWith("ro");
			assertThat(Files.readString(Path.of("/proc/" + pid + "/cmdline"))).as(entry.getKey())
				.startsWith("/opt/java/bin/java\0");
		}
	}

	@Test
	void aTokenMintedAsTheLauncherDoesFilesAnIncidentThroughTheGatewayAndReadsItBack() throws Exception {
		TokenMinter minter = new TokenMinter(userKey, "caduceus:" + NODE, "caduceus:" + NODE, Duration.ofHours(1),
				Clock.systemUTC());
		String token = minter.mint("alice", Set.of(Role.ofUser("analyst")));
		String body = "{\"title\":\"Ransomware on radiology PACS (containers)\",\"rsitClass\":\"malicious-code\","
				+ "\"rsitType\":\"infected-system\",\"tlp\":\"amber\",\"reporter\":{\"organisation\":\"St. Example\"},"
				+ "\"observables\":[{\"type\":\"domain\",\"value\":\"pay-up.example\"}]}";
		HttpResponse<String> filed = http
			.send(request("/api/v1/incidents", token).header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
		String id = Container.JSON.readTree(filed.body()).get("id").asString();
		HttpResponse<String> read = http.send(request("/api/v1/incidents/" + id, token).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
		assertThat(read.body()).contains("Ransomware on radiology PACS (containers)").contains(id);
		HttpResponse<String> anonymous = http.send(
				HttpRequest.newBuilder(URI.create(gateway() + "/api/v1/incidents/" + id)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(anonymous.statusCode()).isEqualTo(401);
	}

	@Test
	void theConsolesPagesAnswerThroughTheGateway() throws Exception {
		HttpResponse<String> home = http.send(
				HttpRequest.newBuilder(URI.create(gateway() + "/")).timeout(Duration.ofSeconds(30)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(home.statusCode()).as(home.body()).isEqualTo(303);
		assertThat(home.headers().firstValue("Location")).hasValue("/sign-in");
		HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create(gateway() + "/sign-in"))
			.timeout(Duration.ofSeconds(30))
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
		assertThat(signIn.headers().firstValue("Content-Security-Policy")).isPresent();
		assertThat(signIn.body()).contains("<form");
	}

	@Test
	void theChartsAccountCommandMakesAConsoleAccountInTheConsoleContainer() throws Exception {
		// NOTES.txt's command (kubectl exec deploy/...-console -- java -cp /app/app.jar
		// ...),
		// run in the console's container as runc exec runs it there: its user, its
		// environment
		Container.Result made = containers.get("console")
			.exec(List.of("java", "-cp", "/app/app.jar", "-Dloader.main=org.caduceus.console.account.AccountCli",
					"org.springframework.boot.loader.launch.PropertiesLauncher", "--mongodb",
					"mongodb://127.0.0.1:" + ports.get("store") + "/", "add", "carol", "coordinator"));
		assertThat(made.exit()).as(made.output()).isZero();
		assertThat(made.output()).contains("account carol (coordinator) created; one-time password:");
	}

	private static HttpRequest.Builder request(String path, String token) {
		return HttpRequest.newBuilder(URI.create(gateway() + path))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + token);
	}

	private static String gateway() {
		return "http://127.0.0.1:" + ports.get("gateway");
	}

	private static Container container(String component, Path images) throws IOException {
		Path bundle = WORK.resolve("bundles").resolve(component);
		Files.createDirectories(bundle.getParent());
		Container container = new Container("caduceus-images-it-" + component, WORK.resolve("runc").toAbsolutePath(),
				bundle.toAbsolutePath(), WORK.resolve("logs").resolve(component + ".log").toAbsolutePath());
		containers.put(component, container);
		container.remove();
		container.unpack(images.resolve("oci").toAbsolutePath(), "caduceus-" + component);
		return container;
	}

	/**
	 * Skips the whole class, saying why where the build's output shows it, as the MongoDB
	 * tests do without Docker.
	 */
	static void skipUnless(boolean condition, String reason) {
		if (!condition) {
			System.out.println("ImageStartTests SKIPPED: " + reason);
		}
		assumeTrue(condition, reason);
	}

	/**
	 * The environment of the chart's ConfigMap and Secrets, with loopback URLs for the
	 * in-cluster ones.
	 */
	static Map<String, String> env(String app) {
		Map<String, String> env = new LinkedHashMap<>();
		env.put("CADUCEUS_NODE_ID", NODE);
		env.put("CADUCEUS_NODE_COUNTRY", "NL");
		env.put("CADUCEUS_PORT", String.valueOf(ports.get(app)));
		env.put("CADUCEUS_BIND_ADDRESS", "127.0.0.1");
		env.put("CADUCEUS_MONGODB_DATABASE", app.equals("gateway") ? "federation" : app);
		env.put("CADUCEUS_MONGODB_URI", "mongodb://127.0.0.1:" + ports.get("store"));
		if (!app.equals("console")) {
			env.put("CADUCEUS_GATEWAY_PUBLIC_KEY", "/keys/gateway-identity.pub.pem");
		}
		env.put("JAVA_TOOL_OPTIONS", jvm(switch (app) {
			case "escalation", "contacts" -> "256m";
			case "console" -> "128m";
			default -> "192m";
		}));
		switch (app) {
			case "gateway" -> {
				env.put("CADUCEUS_INTAKE_URL", url("intake"));
				env.put("CADUCEUS_ESCALATION_URL", url("escalation"));
				env.put("CADUCEUS_CONTACTS_URL", url("contacts"));
				env.put("CADUCEUS_PARTNER_API_URL", url("partner-api"));
				env.put("CADUCEUS_GATEWAY_IDENTITY_KEY", "/keys/gateway-identity.key.pem");
				env.put("CADUCEUS_FEDERATION_KEY", "/keys/federation.key.pem");
				env.put("CADUCEUS_FEDERATION_PUBLIC_KEY", "/keys/federation.pub.pem");
				env.put("CADUCEUS_ESCALATION_SERVICE_PUBLIC_KEY", "/keys/service-escalation.pub.pem");
				env.put("CADUCEUS_CONTACTS_SERVICE_PUBLIC_KEY", "/keys/service-contacts.pub.pem");
				env.put("CADUCEUS_PARTNER_API_SERVICE_PUBLIC_KEY", "/keys/service-partner-api.pub.pem");
				env.put("CADUCEUS_PUBLIC_URL", url("gateway"));
				env.put("CADUCEUS_TEAM_NAME", "Caduceus node");
				env.put("CADUCEUS_ROLES_CLAIM", "roles");
				env.put("CADUCEUS_MAX_BODY", "1MB");
				env.put("CADUCEUS_RATE_PER_SECOND", "50");
				env.put("CADUCEUS_RATE_BURST", "100");
				env.put("CADUCEUS_FEDERATION_RATE_PER_SECOND", "500");
				env.put("CADUCEUS_FEDERATION_RATE_BURST", "1000");
				env.put("CADUCEUS_MAX_IMPORT_BODY", "16MB");
				env.put("CADUCEUS_TAXII_MAX_CONTENT_LENGTH", "16777216");
				env.put("CADUCEUS_USER_PUBLIC_KEY", "/keys/user-jwt.pub.pem");
				env.put("CADUCEUS_CONSOLE_URL", url("console"));
				env.put("CADUCEUS_CONSOLE_RATE_PER_SECOND", "30");
				env.put("CADUCEUS_CONSOLE_RATE_BURST", "120");
			}
			case "console" -> {
				env.put("CADUCEUS_GATEWAY_URL", url("gateway"));
				env.put("CADUCEUS_USER_KEY", "/keys/user-jwt.key.pem");
				env.put("CADUCEUS_USER_PUBLIC_KEY", "/keys/user-jwt.pub.pem");
				env.put("CADUCEUS_CONSOLE_SECURE_COOKIES", "true");
			}
			case "contacts" -> {
				env.put("CADUCEUS_OPENPGP_KEY", "/keys/team-key.asc");
				env.put("CADUCEUS_OPENPGP_PASSPHRASE", passphrase);
				env.put("CADUCEUS_GATEWAY_URL", url("gateway"));
				env.put("CADUCEUS_CONTACTS_SERVICE_KEY", "/keys/service-contacts.key.pem");
				env.put("CADUCEUS_CONTACTS_SERVICE_PUBLIC_KEY", "/keys/service-contacts.pub.pem");
			}
			case "partner-api" -> {
				env.put("CADUCEUS_GATEWAY_URL", url("gateway"));
				env.put("CADUCEUS_PARTNER_API_SERVICE_KEY", "/keys/service-partner-api.key.pem");
				env.put("CADUCEUS_PARTNER_API_SERVICE_PUBLIC_KEY", "/keys/service-partner-api.pub.pem");
				env.put("CADUCEUS_TEAM_NAME", "Caduceus node");
				env.put("CADUCEUS_TAXII_MAX_CONTENT_LENGTH", "16777216");
				env.put("CADUCEUS_TAXII_RATE_PER_SECOND", "20");
				env.put("CADUCEUS_TAXII_RATE_BURST", "40");
			}
			case "intake" -> env.put("CADUCEUS_ESCALATION_SERVICE_PUBLIC_KEY", "/keys/service-escalation.pub.pem");
			case "escalation" -> {
				env.put("CADUCEUS_INTAKE_URL", url("intake"));
				env.put("CADUCEUS_GATEWAY_URL", url("gateway"));
				env.put("CADUCEUS_ESCALATION_SERVICE_KEY", "/keys/service-escalation.key.pem");
				env.put("CADUCEUS_ESCALATION_SERVICE_PUBLIC_KEY", "/keys/service-escalation.pub.pem");
				env.put("CADUCEUS_DELIVERY_CONCURRENCY", "8");
				env.put("CADUCEUS_DELIVERY_BACKOFF_BASE", "2s");
				env.put("CADUCEUS_DELIVERY_BACKOFF_MAX", "10m");
				env.put("CADUCEUS_DELIVERY_GIVE_UP_AFTER", "72h");
			}
			default -> throw new IllegalArgumentException(app);
		}
		return env;
	}

	/**
	 * The chart's JAVA_TOOL_OPTIONS with the component's heap, and C1 only: seven JVMs
	 * start with about half the CPU on two cores, and nothing this test checks depends on
	 * the JIT.
	 */
	static String jvm(String heap) {
		return "-Xms64m -Xmx" + heap + " -Xss512k -XX:MaxMetaspaceSize=160m -XX:MaxDirectMemorySize=128m"
				+ " -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp -XX:TieredStopAtLevel=1";
	}

	/**
	 * The key files each component mounts, as the chart's caduceus.keyFiles lists them
	 * (OIDC off).
	 */
	static final Map<String, List<String>> KEY_FILES = Map.of("gateway",
			List.of("federation.key.pem", "federation.pub.pem", "gateway-identity.key.pem", "gateway-identity.pub.pem",
					"service-escalation.pub.pem", "service-contacts.pub.pem", "service-partner-api.pub.pem",
					"user-jwt.pub.pem"),
			"escalation",
			List.of("gateway-identity.pub.pem", "service-escalation.key.pem", "service-escalation.pub.pem"), "contacts",
			List.of("gateway-identity.pub.pem", "team-key.asc", "service-contacts.key.pem", "service-contacts.pub.pem"),
			"partner-api",
			List.of("gateway-identity.pub.pem", "service-partner-api.key.pem", "service-partner-api.pub.pem"), "intake",
			List.of("gateway-identity.pub.pem", "service-escalation.pub.pem"), "console",
			List.of("user-jwt.key.pem", "user-jwt.pub.pem"));

	static String passphrase = "";

	/**
	 * The node's keys as {@code ./caduceus up} makes them ({@code init-keys}: ES256 pairs
	 * for user tokens, the gateway's identity and each calling service; the gateway's
	 * Ed25519 federation pair; the team's OpenPGP key under a passphrase), then one
	 * directory per component with only its files, root-owned, group 10001, mode 0440 as
	 * the chart's Secret volume (defaultMode 0440, fsGroup 10001) has them.
	 */
	static Path makeKeys() throws IOException {
		Path all = WORK.resolve("keys/all");
		Files.createDirectories(all);
		userKey = SigningKey.loadOrCreate(all.resolve("user-jwt.key.pem"), all.resolve("user-jwt.pub.pem"));
		SigningKey.loadOrCreate(all.resolve("gateway-identity.key.pem"), all.resolve("gateway-identity.pub.pem"));
		for (String service : ServiceIdentity.SERVICES) {
			String name = ServiceIdentity.keyName(service);
			SigningKey.loadOrCreate(all.resolve(name + ".key.pem"), all.resolve(name + ".pub.pem"));
		}
		NodeKey.loadOrCreate(all.resolve("federation.key.pem"), all.resolve("federation.pub.pem"));
		byte[] random = new byte[18];
		new SecureRandom().nextBytes(random);
		passphrase = HexFormat.of().formatHex(random);
		Files.writeString(all.resolve("team-key.asc"),
				TeamKey.generate("Caduceus node " + NODE + " <cert@" + NODE + ".example>", passphrase.toCharArray())
					.secretKeyArmored(),
				StandardCharsets.US_ASCII);
		for (Map.Entry<String, List<String>> component : KEY_FILES.entrySet()) {
			Path dir = WORK.resolve("keys").resolve(component.getKey());
			Files.createDirectories(dir);
			for (String file : component.getValue()) {
				Path copy = Files.copy(all.resolve(file), dir.resolve(file));
				Files.setAttribute(copy, "unix:gid", 10001);
				Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("r--r-----"));
			}
		}
		return WORK.resolve("keys");
	}

	/** An /etc/hosts for the container, as the kubelet mounts one. */
	static Container.Bind hosts(String component) throws IOException {
		Path file = WORK.resolve("hosts-" + component);
		Files.writeString(file, "127.0.0.1\tlocalhost caduceus-" + component + "\n::1\tlocalhost\n");
		return new Container.Bind("/etc/hosts", file.toAbsolutePath(), true);
	}

	/**
	 * The host's resolver settings, as the kubelet mounts the cluster's at
	 * /etc/resolv.conf.
	 */
	static Container.Bind resolver() {
		return new Container.Bind("/etc/resolv.conf", Path.of("/etc/resolv.conf"), true);
	}

	static String url(String component) {
		return "http://127.0.0.1:" + ports.get(component);
	}

	static String readiness(String app) {
		try {
			HttpResponse<String> response = http
				.send(HttpRequest.newBuilder(URI.create(url(app) + "/actuator/health/readiness"))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString());
			return response.statusCode() + " " + response.body();
		}
		catch (IOException ex) {
			return "not answering: " + ex;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

	static boolean listening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	static boolean onPath(String tool) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
			if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
				return true;
			}
		}
		return false;
	}

	static String read(Path file) {
		try {
			return Files.readString(file).strip();
		}
		catch (IOException ex) {
			return "(unreadable " + file + ")";
		}
	}

	static void deleteTree(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> walk = Files.walk(dir)) {
			for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
