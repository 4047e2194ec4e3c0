package org.caduceus.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code ./caduceus} as a user would, with the jars this build just packaged. */
final class Launcher {

	static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	record Result(int exit, String output) {
	}

	private Launcher() {
	}

	static Result run(String... args) throws IOException, InterruptedException {
		return run(java.util.Map.of(), args);
	}

	/** Runs it with {@code env} added to this process's environment. */
	static Result run(java.util.Map<String, String> env, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(ROOT.resolve("caduceus").toString());
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
		// the jars were packaged by this very build; a nested build would race with it
		builder.environment().put("CADUCEUS_SKIP_BUILD", "1");
		// C1 only: a node's start-up costs about half the CPU (78 s against 142 s for
		// the six JVMs on this 2-core machine). No class-data archive: these nodes are
		// fresh, so it is never read, and writing it at exit made a down take 36 s, not
		// 5 s. What these tests check depends on neither.
		builder.environment()
			.putIfAbsent("CADUCEUS_JAVA_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:-AutoCreateSharedArchive");
		builder.environment().putAll(env);
		Process process = builder.start();
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(600, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("./caduceus " + String.join(" ", args) + " did not finish: " + output);
		}
		return new Result(process.exitValue(), output);
	}

	/** Whether any process of node {@code node} still runs. */
	static boolean anyProcessOf(String node) {
		return ProcessHandle.allProcesses()
			.anyMatch((process) -> process.info().commandLine().orElse("").contains("-Dcaduceus.node=" + node + " "));
	}

}
