package org.caduceus.chaos;

import java.net.URI;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.caduceus.demo.NodeClient;

/**
 * {@code ./caduceus chaos}: on two running, peered nodes, a mixed load while each process
 * of each node is killed with SIGKILL in turn and started again with the launcher; then
 * the audit of every acknowledged write, the table, and exit 1 if anything was lost,
 * duplicated, left hanging or answered broken. Arguments:
 * {@code FIRST_ID FIRST_URL FIRST_DATA SECOND_ID SECOND_URL SECOND_DATA --launcher FILE
 * [--rounds N | --minutes N] [--self-check] [--report FILE] [--seed N] [--workers N]
 * [--pause MS] [--keep]}: {@code --workers} clients per node (default 2), each waiting
 * {@code --pause} ms between requests (default 50); {@code --keep}: the nodes stay up
 * afterwards, so the self-check puts intake back on durable writes.
 */
public final class Chaos {

	private Chaos() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length < 8) {
			System.err.println("usage: chaos FIRST_ID FIRST_URL FIRST_DATA SECOND_ID SECOND_URL SECOND_DATA "
					+ "--launcher FILE [--rounds N | --minutes N] [--self-check] [--report FILE] [--seed N] "
					+ "[--workers N] [--pause MS] [--keep]");
			System.exit(2);
		}
		Path launcher = null;
		int rounds = 1;
		long minutes = 0;
		boolean selfCheck = false;
		Path reportFile = null;
		long seed = new Random().nextLong();
		int workers = 2;
		long pause = 50;
		boolean keep = false;
		for (int i = 6; i < args.length; i++) {
			switch (args[i]) {
				case "--launcher" -> launcher = Path.of(args[++i]);
				case "--rounds" -> rounds = Integer.parseInt(args[++i]);
				case "--minutes" -> minutes = Long.parseLong(args[++i]);
				case "--self-check" -> selfCheck = true;
				case "--report" -> reportFile = Path.of(args[++i]);
				case "--seed" -> seed = Long.parseLong(args[++i]);
				case "--workers" -> workers = Integer.parseInt(args[++i]);
				case "--pause" -> pause = Long.parseLong(args[++i]);
				case "--keep" -> keep = true;
				default -> {
					System.err.println("unknown argument " + args[i]);
					System.exit(2);
				}
			}
		}
		if (launcher == null) {
			System.err.println("--launcher is required");
			System.exit(2);
		}
		Node first = node(args[0], args[1], args[2], launcher);
		Node second = node(args[3], args[4], args[5], launcher);
		String run = "chaos-" + HexFormat.of().toHexDigits(seed).substring(8);
		System.out.printf("chaos %s (seed %d): %s and %s, %s%n", run, seed, first.id(), second.id(),
				(minutes > 0) ? minutes + " minutes of faults" : rounds + " round(s) of faults");
		System.out.printf("load: %d clients per node, %d ms between requests%n", workers, pause);
		for (Node node : List.of(first, second)) {
			for (String process : Node.PROCESSES) {
				if (!node.healthy(process)) {
					System.out
						.println("chaos: FAILED: " + process + " of " + node.id() + " is not healthy at the start");
					System.exit(1);
				}
			}
		}

		long started = System.nanoTime();
		Api api = new Api();
		Ledger ledger = new Ledger();
		Load load = new Load(api, ledger, run, pause);
		load.start(first, second, workers, seed);
		Load.pause(3000);
		Faults faults = new Faults(seed);
		long deadline = started + minutes * 60_000_000_000L;
		int done = 0;
		do {
			done++;
			System.out.printf("round %d%n", done);
			faults.round(first, second);
		}
		while ((minutes > 0) ? System.nanoTime() < deadline : done < rounds);
		// the load goes on a little on the whole node, then stops
		Load.pause(3000);
		load.stop();
		System.out.printf("load stopped: %d writes acknowledged; auditing%n", ledger.acknowledged());
		Audit.Findings findings = new Audit(api, ledger).run(first, second, run, 180_000);
		long seconds = (System.nanoTime() - started) / 1_000_000_000L;
		SelfCheck.Result checked = null;
		if (selfCheck) {
			System.out.println("self-check: " + second.id() + "'s intake on writes acknowledged from memory, "
					+ "its store killed under load");
			checked = SelfCheck.run(api, second, run, keep);
		}
		Report report = new Report(run, seconds, faults.faults(), ledger, findings, checked);
		System.out.print(report.table());
		if (reportFile != null) {
			report.write(reportFile);
		}
		System.exit(report.failures().isEmpty() ? 0 : 1);
	}

	private static Node node(String id, String url, String data, Path launcher) {
		return new Node(new NodeClient(id, url, Path.of(data)), URI.create(url).getPort(), launcher);
	}

}
