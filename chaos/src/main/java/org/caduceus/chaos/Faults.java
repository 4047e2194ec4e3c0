package org.caduceus.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Kills each process of each node in turn with SIGKILL, at a random moment under load,
 * and starts it again with the launcher, as an operator would: one process of each node
 * at a time, the two nodes' faults side by side.
 */
final class Faults {

	/**
	 * One fault and how the node came through it.
	 *
	 * @param node the node
	 * @param process the process killed
	 * @param seenDown its health answered DOWN (or nothing) after the kill
	 * @param dependentsDown for the store: intake's readiness went DOWN with it
	 * @param upAgain the launcher started it and it answered UP
	 * @param restartMillis from the restart to healthy
	 * @param detail what the launcher said, when it failed
	 */
	record Fault(String node, String process, boolean seenDown, boolean dependentsDown, boolean upAgain,
			long restartMillis, String detail) {
	}

	private final List<Fault> faults = new ArrayList<>();

	private final Random random;

	/** One thread per node: the common pool has a single thread on two cores. */
	private final ExecutorService sides = Executors.newFixedThreadPool(2, (task) -> {
		Thread thread = new Thread(task, "faults");
		thread.setDaemon(true);
		return thread;
	});

	Faults(long seed) {
		this.random = new Random(seed);
	}

	/**
	 * One round: every process of both nodes killed once, in six steps; in each, one
	 * process of each node.
	 */
	void round(Node first, Node second) {
		int processes = Node.PROCESSES.size();
		int offset = processes / 2;
		for (int step = 0; step < processes; step++) {
			String one = Node.PROCESSES.get(step);
			String other = Node.PROCESSES.get((step + offset) % processes);
			long delayOne = 500 + this.random.nextInt(2500);
			long delayOther = 500 + this.random.nextInt(2500);
			CompletableFuture<Fault> a = CompletableFuture.supplyAsync(() -> inject(first, one, delayOne), this.sides);
			CompletableFuture<Fault> b = CompletableFuture.supplyAsync(() -> inject(second, other, delayOther),
					this.sides);
			record(a.join());
			record(b.join());
		}
	}

	List<Fault> faults() {
		synchronized (this.faults) {
			return List.copyOf(this.faults);
		}
	}

	private void record(Fault fault) {
		synchronized (this.faults) {
			this.faults.add(fault);
		}
		System.out.printf("  fault: %-8s %-11s down %-5s up again %-5s restart to healthy %5.1f s%s%n", fault.node(),
				fault.process(), fault.seenDown(), fault.upAgain(), fault.restartMillis() / 1000.0,
				fault.detail().isEmpty() ? "" : "  " + fault.detail());
	}

	/**
	 * Waits {@code delay} ms (a random moment of the load), kills the process, watches it
	 * go down, lets the clients meet the hole for a moment, and starts it again.
	 */
	static Fault inject(Node node, String process, long delay) {
		Load.pause(delay);
		if (!node.kill(process)) {
			return new Fault(node.id(), process, false, false, false, 0, "no running process to kill");
		}
		boolean down = !node.healthy(process);
		boolean dependents = !process.equals("store") || node.awaitDown("intake", 15_000);
		// the clients meet the hole: 503s, refused connections, retries queued
		Load.pause(1500);
		long restarted = System.nanoTime();
		Node.Launch launch = node.up(Map.of());
		// the restarted process is healthy when up returns; the others (after the
		// store: every service) reconnect by themselves; the node is back when all are
		boolean up = launch.exit() == 0 && node.awaitHealthy(60_000);
		return new Fault(node.id(), process, down, dependents, up, (System.nanoTime() - restarted) / 1_000_000,
				up ? "" : "launcher exit " + launch.exit() + ": " + launch.output());
	}

}
