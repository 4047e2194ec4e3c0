package org.caduceus.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher as a user runs it: a node on its own id and ports, reached through the
 * gateway with a token from {@code ./caduceus token}, stopped without leaving a process.
 * Runs last in the build, so the jars it starts are the ones just packaged.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LauncherIntegrationTests {

	static final String NODE = "launcher-it";

	static final int PORT = 28080;

	static final Path ROOT = Launcher.ROOT;

	@BeforeAll
	static void startClean() throws Exception {
		run("down", "--node", NODE);
		deleteNodeData();
	}

	@AfterAll
	static void stopAndClean() throws Exception {
		run("down", "--node", NODE);
		deleteNodeData();
	}

	@Test
	@Order(1)
	void upStartsEveryProcessAndPrintsHowToReachTheNode() throws Exception {
		Launcher.Result up = run("up", "--node", NODE, "--port", String.valueOf(PORT), "--country", "DE");
		assertThat(up.exit()).as(up.output()).isZero();
		assertThat(up.output()).contains("node " + NODE + " (DE) is up at http://127.0.0.1:" + PORT)
			.contains("logs:")
			.contains("curl -s -H \"Authorization: Bearer $(./caduceus token alice analyst --node " + NODE + ")\"");
		Launcher.Result status = run("status", "--node", NODE);
		assertThat(status.exit()).as(status.output()).isZero();
		assertThat(status.output().lines().filter((line) -> line.contains(" up ")).count()).isEqualTo(6);
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
		// TAXII reaches the partner-api service through the gateway, with the caller's
		// identity
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

	@Test
	@Order(3)
	void aSecondUpOfTheSameNodeIsRefused() throws Exception {
		Launcher.Result again = run("up", "--node", NODE);
		assertThat(again.exit()).isNotZero();
		assertThat(again.output()).contains("already running");
	}

	@Test
	@Order(4)
	void downStopsExactlyTheNodesProcessesAndLeavesNoneBehind() throws Exception {
		Launcher.Result down = run("down", "--node", NODE);
		assertThat(down.exit()).as(down.output()).isZero();
		assertThat(down.output()).contains("stopped: gateway partner-api contacts escalation intake store");
		assertThat(ProcessHandle.allProcesses()
			.filter((process) -> process.info().commandLine().orElse("").contains("-Dcaduceus.node=" + NODE + " ")))
			.isEmpty();
		Launcher.Result status = run("status", "--node", NODE);
		assertThat(status.exit()).isEqualTo(1);
		assertThat(status.output().lines().filter((line) -> line.contains("stopped")).count()).isEqualTo(6);
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
		Path data = ROOT.resolve("data").resolve(NODE);
		if (Files.exists(data)) {
			try (var paths = Files.walk(data)) {
				paths.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
		}
	}

}
