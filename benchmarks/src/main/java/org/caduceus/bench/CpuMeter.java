package org.caduceus.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * CPU time of the node's processes, read from {@code /proc/<pid>/stat} (user + system
 * time of all threads) before and after a measured window: CPU per operation is far
 * steadier than throughput on a machine the load generator shares.
 */
final class CpuMeter {

	/** Clock ticks per second of {@code /proc} times; 100 on Linux for decades. */
	private static final double TICKS_PER_SECOND = 100.0;

	private static volatile CpuMeter current = new CpuMeter(Map.of());

	private final Map<String, Long> pids;

	private CpuMeter(Map<String, Long> pids) {
		this.pids = pids;
	}

	/**
	 * Measures the processes of these nodes (their pid files under {@code data/run}) and
	 * the benchmark itself in every load phase from now on.
	 */
	static void measure(List<NodeUnderTest> nodes) {
		Map<String, Long> pids = new LinkedHashMap<>();
		for (NodeUnderTest node : nodes) {
			Path run = node.data().resolve("run");
			// a node in one JVM ("node.pid", named "jvm" here: "node" is the sum), or
			// split
			for (String app : List.of("node", "store", "intake", "escalation", "contacts", "partner-api", "gateway",
					"console")) {
				try {
					Path file = run.resolve(app + ".pid");
					if (Files.exists(file)) {
						String process = app.equals("node") ? "jvm" : app;
						String name = (nodes.size() > 1) ? node.nodeId() + "/" + process : process;
						pids.put(name, Long.parseLong(Files.readString(file).trim()));
					}
				}
				catch (IOException | NumberFormatException ex) {
					// a process that cannot be read is left out of the figures
				}
			}
		}
		pids.put("load", ProcessHandle.current().pid());
		current = new CpuMeter(pids);
	}

	static Snapshot start() {
		return new Snapshot(current, read(current.pids));
	}

	private static Map<String, Long> read(Map<String, Long> pids) {
		Map<String, Long> ticks = new LinkedHashMap<>();
		pids.forEach((name, pid) -> {
			try {
				String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
				// fields after the command name, which is in parentheses and may hold
				// spaces
				String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
				ticks.put(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
			}
			catch (IOException | RuntimeException ex) {
				// not on Linux, or the process is gone: no figure for it
			}
		});
		return ticks;
	}

	/** The CPU times at the start of a window. */
	record Snapshot(CpuMeter meter, Map<String, Long> ticks) {

		/** Milliseconds of CPU per operation, per process, over the window. */
		Map<String, Double> perOperation(long operations) {
			Map<String, Double> perOp = new LinkedHashMap<>();
			Map<String, Long> now = read(this.meter.pids);
			double node = 0;
			for (Map.Entry<String, Long> before : this.ticks.entrySet()) {
				Long after = now.get(before.getKey());
				if (after == null || operations == 0) {
					continue;
				}
				double millis = (after - before.getValue()) * 1000.0 / TICKS_PER_SECOND / operations;
				perOp.put(before.getKey(), millis);
				if (!before.getKey().equals("load")) {
					node += millis;
				}
			}
			if (!perOp.isEmpty()) {
				perOp.put("node", node);
			}
			return perOp;
		}

	}

	static String format(Map<String, Double> perOperation) {
		if (perOperation.isEmpty()) {
			return "";
		}
		StringJoiner joined = new StringJoiner(", ", "  cpu/op: ", "");
		perOperation.forEach((name, millis) -> joined.add(String.format(Locale.ROOT, "%s %.2f ms", name, millis)));
		return joined.toString();
	}

}
