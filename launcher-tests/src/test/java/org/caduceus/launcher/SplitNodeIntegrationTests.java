package org.caduceus.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./caduceus up --split}: the node as seven processes, one per component, as the
 * Helm chart deploys it. The same jars answer the same way as in the one-process default
 * ({@link LauncherIntegrationTests}); a component whose process is killed is started
 * again by the next {@code up} while the rest runs on.
 */
class SplitNodeIntegrationTests {

	static final String NODE = "split-it";

	static final int PORT = 28480;

	@TempDir
	Path machine;

	Map<String, String> env() {
		return Map.of("CADUCEUS_DATA", this.machine.toString());
	}

	@AfterEach
	void nothingLeftRunning() throws Exception {
		Launcher.run(env(), "down", "--node", NODE);
		try (var paths = Files.walk(this.machine)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
	}

	@Test
	void aSplitNodeRunsAProcessPerComponentAndStartsAgainWhatWasKilled() throws Exception {
		Launcher.Result up = Launcher.run(env(), "up", "--node", NODE, "--port", String.valueOf(PORT), "--split");
		assertThat(up.exit()).as(up.output()).isZero();
		assertThat(up.output()).contains("is up at http://127.0.0.1:" + PORT).contains("(seven processes)");
		Launcher.Result status = Launcher.run(env(), "status", "--node", NODE);
		assertThat(status.output().lines().filter((line) -> line.matches(".* up  pid \\d+  rss \\d+ MB"))).hasSize(7);
		assertThat(ProcessHandle.allProcesses()
			.filter((process) -> process.info().commandLine().orElse("").contains("-Dcaduceus.node=" + NODE + " ")))
			.hasSize(7);
		String jwt = Launcher.run(env(), "token", "alice", "analyst", "--node", NODE).output().strip();
		assertThat(taxonomy(jwt).statusCode()).isEqualTo(200);

		long intake = Long.parseLong(Files.readString(this.machine.resolve(NODE + "/run/intake.pid")).strip());
		ProcessHandle process = ProcessHandle.of(intake).orElseThrow();
		process.destroyForcibly();
		process.onExit().get();
		Launcher.Result again = Launcher.run(env(), "up", "--node", NODE);
		assertThat(again.exit()).as(again.output()).isZero();
		assertThat(again.output()).contains("starting what stopped: intake").contains("(intake restarted)");
		assertThat(taxonomy(jwt).statusCode()).isEqualTo(200);

		Launcher.Result down = Launcher.run(env(), "down", "--node", NODE);
		assertThat(down.output()).contains("stopped: console gateway partner-api contacts escalation intake store");
		assertThat(Launcher.anyProcessOf(NODE)).isFalse();
	}

	private static HttpResponse<String> taxonomy(String jwt) throws IOException, InterruptedException {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/api/v1/taxonomy"))
				.header("Authorization", "Bearer " + jwt)
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

}
