package org.caduceus.chaos;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.caduceus.demo.NodeClient;
import org.caduceus.identity.Role;

/**
 * A node started by {@code ./caduceus up}: its processes as the launcher records them
 * (pid files), their health as the launcher reads it, and the launcher itself to start
 * again what was killed.
 *
 * @param client its gateway, with tokens minted from its own key
 * @param basePort the gateway's port; the others follow it as the launcher places them
 * @param launcher the {@code caduceus} script
 */
record Node(NodeClient client, int basePort, Path launcher) {

	/** Every process of a node, in the launcher's names. */
	static final List<String> PROCESSES = List.of("store", "intake", "escalation", "contacts", "partner-api",
			"gateway");

	private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	String id() {
		return this.client.nodeId();
	}

	String url(String path) {
		return this.client.gatewayUrl() + path;
	}

	String bearer(Role role) {
		return "Bearer " + this.client.token("chaos-" + role.claimValue(), role);
	}

	int port(String process) {
		return this.basePort + switch (process) {
			case "gateway" -> 0;
			case "intake" -> 1;
			case "escalation" -> 2;
			case "contacts" -> 3;
			case "store" -> 4;
			case "partner-api" -> 5;
			default -> throw new IllegalArgumentException(process);
		};
	}

	/** The running process's id, as the launcher recorded it. */
	OptionalLong pid(String process) {
		Path file = this.client.data().resolve("run").resolve(process + ".pid");
		try {
			return OptionalLong.of(Long.parseLong(Files.readString(file).trim()));
		}
		catch (IOException | NumberFormatException ex) {
			return OptionalLong.empty();
		}
	}

	/**
	 * Kills the process with SIGKILL (no shutdown hook, no flush, no goodbye) and waits
	 * until it is gone.
	 * @return false when there was no such process to kill
	 */
	boolean kill(String process) {
		OptionalLong pid = pid(process);
		if (pid.isEmpty()) {
			return false;
		}
		return ProcessHandle.of(pid.getAsLong())
			// a pid file can outlive its process, and the pid be someone else's by now
			.filter((handle) -> handle.info().commandLine().orElse("").contains("-Dcaduceus.node=" + id() + " "))
			.map((handle) -> {
				handle.destroyForcibly();
				try {
					handle.onExit().get(10, TimeUnit.SECONDS);
				}
				catch (Exception ex) {
					throw new IllegalStateException("process " + process + " of " + id() + " did not die", ex);
				}
				return true;
			})
			.orElse(false);
	}

	/** Whether every process answers its readiness probe within {@code millis}. */
	boolean awaitHealthy(long millis) {
		return within(millis, () -> PROCESSES.stream().allMatch(this::healthy));
	}

	/** Whether {@code process} answers DOWN (or nothing) within {@code millis}. */
	boolean awaitDown(String process, long millis) {
		return within(millis, () -> !healthy(process));
	}

	/** Whether {@code condition} holds within {@code millis}, looked at every 200 ms. */
	private static boolean within(long millis, java.util.function.BooleanSupplier condition) {
		long deadline = System.nanoTime() + millis * 1_000_000;
		while (true) {
			if (condition.getAsBoolean()) {
				return true;
			}
			if (System.nanoTime() > deadline) {
				return false;
			}
			Load.pause(200);
		}
	}

	/**
	 * Whether the process answers its readiness probe (the store: whether it listens).
	 */
	boolean healthy(String process) {
		if (process.equals("store")) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port(process)), 1000);
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		}
		try {
			HttpResponse<String> answer = PROBE.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + port(process) + "/actuator/health/readiness"))
				.timeout(Duration.ofSeconds(5))
				.build(), HttpResponse.BodyHandlers.ofString());
			return answer.statusCode() == 200 && answer.body().contains("\"UP\"");
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * {@code ./caduceus up --node ID}: starts what is not running and waits until it is
	 * healthy, as an operator would after a crash.
	 */
	Launch up(Map<String, String> environment) {
		List<String> command = new ArrayList<>(List.of(this.launcher.toString(), "up", "--node", id()));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().put("CADUCEUS_SKIP_BUILD", "1");
		builder.environment().remove("CADUCEUS_MONGODB_OPTIONS");
		builder.environment().putAll(environment);
		long start = System.nanoTime();
		try {
			Process process = builder.start();
			process.getOutputStream().close();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(5, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				return new Launch(-1, "did not finish in 5 minutes: " + output, System.nanoTime() - start);
			}
			return new Launch(process.exitValue(), output.strip(), System.nanoTime() - start);
		}
		catch (IOException ex) {
			return new Launch(-1, ex.getMessage(), System.nanoTime() - start);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What {@code ./caduceus up} did.
	 *
	 * @param exit its exit code
	 * @param output what it printed
	 * @param nanos how long it took, to every restarted process healthy
	 */
	record Launch(int exit, String output, long nanos) {
	}

}
