package org.caduceus.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.json.JsonMapper;

/**
 * One image unpacked by {@code umoci} and run by {@code runc} the way the chart runs it:
 * read-only root, user 10001, no capabilities, {@code /tmp} a small tmpfs, the
 * component's key files bind-mounted read-only at {@code /keys}. It shares the host's
 * network namespace (no bridge or CNI here), so it listens on a loopback port of its own.
 */
final class Container {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final String id;

	private final Path runcRoot;

	private final Path bundle;

	private final Path log;

	private Process process;

	Container(String id, Path runcRoot, Path bundle, Path log) {
		this.id = id;
		this.runcRoot = runcRoot;
		this.bundle = bundle;
		this.log = log;
	}

	/**
	 * {@code umoci unpack} of {@code image} from the build's OCI layout into this bundle.
	 */
	void unpack(Path layout, String image) throws IOException {
		run(List.of("umoci", "unpack", "--image", layout + ":" + image, this.bundle.toString()));
	}

	/**
	 * Rewrites the bundle's {@code config.json} (made by umoci from the image's config:
	 * entrypoint, environment, user) as the chart's pod spec would have it.
	 * @param env the chart's environment for this component, added to the image's
	 * @param args the arguments instead of the image's, or empty for the image's own
	 * @param mounts bind mounts, destination to source and whether read-only
	 */
	@SuppressWarnings("unchecked")
	void configure(String hostname, Map<String, String> env, List<String> args, List<Bind> mounts) throws IOException {
		Path file = this.bundle.resolve("config.json");
		Map<String, Object> config = JSON.readValue(Files.readString(file), LinkedHashMap.class);
		Map<String, Object> process = (Map<String, Object>) config.get("process");
		process.put("terminal", false);
		List<String> environment = new ArrayList<>((List<String>) process.get("env"));
		env.forEach((name, value) -> environment.add(name + "=" + value));
		process.put("env", environment);
		if (!args.isEmpty()) {
			List<String> command = new ArrayList<>((List<String>) process.get("args"));
			int jar = command.indexOf("/app/app.jar");
			process.put("args", new ArrayList<>(command.subList(0, jar + 1)));
			((List<String>) process.get("args")).addAll(args);
		}
		Map<String, Object> capabilities = new LinkedHashMap<>();
		for (String set : List.of("bounding", "effective", "inheritable", "permitted", "ambient")) {
			capabilities.put(set, List.of());
		}
		process.put("capabilities", capabilities);
		process.put("noNewPrivileges", true);
		Map<String, Object> root = (Map<String, Object>) config.get("root");
		root.put("readonly", true);
		config.put("hostname", hostname);
		Map<String, Object> linux = (Map<String, Object>) config.get("linux");
		List<Map<String, Object>> namespaces = new ArrayList<>((List<Map<String, Object>>) linux.get("namespaces"));
		namespaces.removeIf((namespace) -> "network".equals(namespace.get("type")));
		linux.put("namespaces", namespaces);
		List<Object> allMounts = new ArrayList<>((List<Object>) config.get("mounts"));
		allMounts.add(mount("/tmp", "tmpfs", "tmpfs", List.of("nosuid", "nodev", "mode=1777", "size=64m")));
		for (Bind bind : mounts) {
			List<String> options = new ArrayList<>(List.of("rbind", "nosuid", "nodev"));
			options.add(bind.readOnly() ? "ro" : "rw");
			allMounts.add(mount(bind.destination(), "bind", bind.source().toString(), options));
		}
		config.put("mounts", allMounts);
		Files.writeString(file, JSON.writeValueAsString(config));
	}

	private static Map<String, Object> mount(String destination, String type, String source, List<String> options) {
		Map<String, Object> mount = new LinkedHashMap<>();
		mount.put("destination", destination);
		mount.put("type", type);
		mount.put("source", source);
		mount.put("options", options);
		return mount;
	}

	void start() throws IOException {
		this.process = new ProcessBuilder("runc", "--root", this.runcRoot.toString(), "run", "--bundle",
				this.bundle.toString(), this.id)
			.redirectErrorStream(true)
			.redirectOutput(this.log.toFile())
			.redirectInput(ProcessBuilder.Redirect.PIPE)
			.start();
		this.process.getOutputStream().close();
	}

	/** Fails with the container's log when it has stopped. */
	void assertRunning() throws IOException {
		if (this.process == null || !this.process.isAlive()) {
			throw new AssertionError(this.id + " stopped (exit "
					+ (this.process == null ? "none" : this.process.exitValue()) + "); its log:\n" + tail());
		}
	}

	String tail() throws IOException {
		if (!Files.exists(this.log)) {
			return "(no log)";
		}
		List<String> lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
	}

	/**
	 * @return the container's first process as the host sees it, from {@code runc state}
	 */
	long pid() throws IOException {
		Map<?, ?> state = JSON.readValue(run(List.of("runc", "--root", this.runcRoot.toString(), "state", this.id)),
				Map.class);
		return ((Number) state.get("pid")).longValue();
	}

	/**
	 * {@code runc exec}: one more process in the running container, with its user and
	 * environment (as {@code kubectl exec} runs one in a pod).
	 */
	Result exec(List<String> command) throws IOException {
		List<String> exec = new ArrayList<>(List.of("runc", "--root", this.runcRoot.toString(), "exec", this.id));
		exec.addAll(command);
		return attempt(exec);
	}

	/**
	 * {@code runc kill} and {@code runc delete}, whatever state it is in; never throws.
	 */
	void remove() {
		try {
			attempt(List.of("runc", "--root", this.runcRoot.toString(), "kill", this.id, "KILL"));
			attempt(List.of("runc", "--root", this.runcRoot.toString(), "delete", "--force", this.id));
			if (this.process != null) {
				this.process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
			}
		}
		catch (IOException | InterruptedException ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
		}
	}

	static String run(List<String> command) throws IOException {
		Result result = attempt(command);
		if (result.exit() != 0) {
			throw new IOException(String.join(" ", command) + " exited " + result.exit() + ": " + result.output());
		}
		return result.output();
	}

	static Result attempt(List<String> command) throws IOException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		try {
			if (!process.waitFor(2, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new IOException(command + " did not end in 2 minutes");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted: " + command, ex);
		}
		return new Result(process.exitValue(), output);
	}

	record Result(int exit, String output) {
	}

	record Bind(String destination, Path source, boolean readOnly) {
	}

}
