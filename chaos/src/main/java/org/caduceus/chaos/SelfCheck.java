package org.caduceus.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The suite's test of itself: with a node's writes acknowledged from memory
 * ({@code journal=false}, as a careless deployment could have it), a SIGKILL of its store
 * under load must show up as lost writes. A suite that reports nothing lost there could
 * not see a loss anywhere.
 */
final class SelfCheck {

	/**
	 * What the self-check saw.
	 *
	 * @param acknowledged incidents acknowledged from memory before the store was killed
	 * @param lost those of them the store no longer had after its restart
	 */
	record Result(long acknowledged, long lost) {

		boolean sawTheLoss() {
			return this.lost > 0;
		}

	}

	private SelfCheck() {
	}

	/**
	 * @param restore start intake again on durable writes afterwards (when the node is
	 * kept running)
	 */
	static Result run(Api api, Node node, String run, boolean restore) throws InterruptedException {
		// intake, the writer of incidents, started again on a store that answers
		// from memory
		restart(node, "intake", Map.of("CADUCEUS_MONGODB_OPTIONS", "journal=false"));
		Ledger ledger = new Ledger();
		Load load = new Load(api, ledger, run + "-unsafe", 0);
		AtomicBoolean stop = new AtomicBoolean();
		List<Thread> writers = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			Random random = new Random(i);
			Thread writer = new Thread(() -> {
				while (!stop.get()) {
					load.file(node, random);
				}
			}, "self-check");
			writers.add(writer);
			writer.start();
		}
		Load.pause(3000);
		node.kill("store");
		Load.pause(500);
		stop.set(true);
		for (Thread writer : writers) {
			writer.join(Api.PATIENCE.toMillis() * 2);
		}
		Node.Launch store = node.up(Map.of());
		if (store.exit() != 0) {
			throw new IllegalStateException("the store did not start again: " + store.output());
		}
		Audit.Tally incidents = new Audit(api, ledger).incidents(node, run + "-unsafe");
		if (restore) {
			// intake back on durable writes, as the node was
			restart(node, "intake", Map.of());
		}
		return new Result(incidents.acknowledged(), incidents.lost());
	}

	private static void restart(Node node, String process, Map<String, String> environment) {
		node.kill(process);
		Node.Launch launch = node.up(environment);
		if (launch.exit() != 0) {
			throw new IllegalStateException(process + " did not start again: " + launch.output());
		}
	}

}
