package org.caduceus.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code ./caduceus bench NAME}: runs one benchmark against a running node. Arguments:
 * {@code NAME --node ID --port N --data DIR [--concurrency C] [--seconds S]}.
 */
public final class Bench {

	private Bench() {
	}

	public static void main(String[] args) {
		// signatures needs no node; the others run against ./caduceus bench's node
		String name = (args.length > 0) ? args[0] : "";
		String node = "bench";
		int port = 8080;
		Path data = null;
		int concurrency = 16;
		int seconds = 10;
		int creates = 5000;
		int total = 100_000;
		String peerNode = "bench-peer";
		int peerPort = 18180;
		Path peerData = null;
		int samples = 500;
		int queued = 10_000;
		String consolePassword = null;
		for (int i = 1; i + 1 < args.length; i += 2) {
			switch (args[i]) {
				case "--node" -> node = args[i + 1];
				case "--port" -> port = Integer.parseInt(args[i + 1]);
				case "--data" -> data = Path.of(args[i + 1]);
				case "--concurrency" -> concurrency = Integer.parseInt(args[i + 1]);
				case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
				case "--creates" -> creates = Integer.parseInt(args[i + 1]);
				case "--total" -> total = Integer.parseInt(args[i + 1]);
				case "--peer-node" -> peerNode = args[i + 1];
				case "--peer-port" -> peerPort = Integer.parseInt(args[i + 1]);
				case "--peer-data" -> peerData = Path.of(args[i + 1]);
				case "--samples" -> samples = Integer.parseInt(args[i + 1]);
				case "--queued" -> queued = Integer.parseInt(args[i + 1]);
				case "--console-password" -> consolePassword = args[i + 1];
				default -> usage("unknown option " + args[i]);
			}
		}
		if (name.equals("cards")) {
			try {
				CardBenchmark.run(seconds);
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			System.exit(0);
		}
		if (name.equals("signatures")) {
			try {
				SignatureBenchmark.run(seconds);
			}
			catch (java.security.GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
			System.exit(0);
		}
		if (data == null) {
			usage("--data is required");
		}
		NodeUnderTest target = new NodeUnderTest(node, port, data);
		CpuMeter.measure((peerData != null) ? java.util.List.of(target, new NodeUnderTest(peerNode, peerPort, peerData))
				: java.util.List.of(target));
		switch (name) {
			case "gateway" -> GatewayOverheadBenchmark.run(target, concurrency, Duration.ofSeconds(seconds), 2);
			case "intake" -> IntakeBenchmark.run(target, concurrency, creates, total, Duration.ofSeconds(seconds));
			case "partner-api" -> PartnerApiBenchmark.run(target, total, Duration.ofSeconds(seconds));
			case "console" -> {
				if (consolePassword == null) {
					usage("console needs --console-password (./caduceus bench console makes the account)");
				}
				// 20,000 incidents unless told otherwise (the console's goals)
				ConsoleBenchmark.run(target, consolePassword, Math.min(concurrency, 4),
						(total == 100_000) ? 20_000 : total, Duration.ofSeconds(seconds));
			}
			case "escalation" -> {
				if (peerData == null) {
					usage("escalation needs --peer-data (./caduceus bench escalation starts both nodes)");
				}
				EscalationBenchmark.run(target, new NodeUnderTest(peerNode, peerPort, peerData), samples, queued,
						concurrency);
			}
			default -> usage("unknown benchmark '" + name + "'");
		}
		System.exit(0);
	}

	private static void usage(String problem) {
		System.err.println("bench: " + problem);
		System.err.println(
				"usage: bench signatures|cards [--seconds S] | bench gateway|intake|partner-api --node ID --port N --data DIR [--concurrency C] [--seconds S] [--creates N] [--total N]"
						+ " | bench console ... --console-password P [--total N]"
						+ " | bench escalation ... --peer-node ID --peer-port N --peer-data DIR [--samples N] [--queued N] [--concurrency C]");
		System.exit(2);
	}

}
