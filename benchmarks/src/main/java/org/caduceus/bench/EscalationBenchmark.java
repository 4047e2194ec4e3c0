package org.caduceus.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import org.caduceus.demo.NodeClient;
import org.caduceus.demo.NodeClient.Answer;
import org.caduceus.identity.Role;
import reactor.core.publisher.Mono;

/**
 * Escalation between two real nodes on this machine:
 * <ol>
 * <li>end-to-end latency from {@code POST /escalations} on the first node to ACKNOWLEDGED
 * seen back on it (the partner filed it), beside one plain read through the same gateway
 * in the same run;</li>
 * <li>the drain rate of escalations queued while the partner was unreachable, once it is
 * back, checked for loss and duplicates in both stores, beside the rate at which the
 * partner files incidents through its gateway at the worker's concurrency (each delivery
 * files one there, so that is the ceiling).</li>
 * </ol>
 */
final class EscalationBenchmark {

	private EscalationBenchmark() {
	}

	static void run(NodeUnderTest homeNode, NodeUnderTest partnerNode, int samples, int queued, int concurrency) {
		NodeClient home = new NodeClient(homeNode.nodeId(), homeNode.gatewayUrl(), homeNode.data());
		NodeClient partner = new NodeClient(partnerNode.nodeId(), partnerNode.gatewayUrl(), partnerNode.data());
		home.addPeer(partner, "DE", "amber");
		partner.addPeer(home, "NL", "amber");
		String incident = fileIncident(home);
		System.out.println("warming up (50 escalations)...");
		latency(home, partner, incident, 50, 2);
		LoadResult read = readLatency(home, incident, samples);
		LoadResult e2e = latency(home, partner, incident, samples, 2);
		System.out.println(read);
		System.out.println(e2e);
		System.out.printf(Locale.ROOT,
				"RESULT escalation end to end (POST -> ACKNOWLEDGED on the sender): p50 %.1f ms, p99 %.1f ms"
						+ " (goal p50 <= 50, p99 <= 200); one gateway read in the same run: p50 %.1f ms%n",
				e2e.millis(0.5), e2e.millis(0.99), read.millis(0.5));
		drain(home, partner, homeNode, partnerNode, incident, queued, concurrency);
	}

	private static String fileIncident(NodeClient node) {
		return node.post("/api/v1/incidents", Role.ANALYST,
				Map.of("title", "Ransomware on radiology PACS", "rsitClass", "malicious-code", "rsitType",
						"infected-system", "tlp", "amber", "severity", "critical", "reporter",
						Map.of("organisation", "St. Example Hospital"), "observables",
						List.of(Map.of("type", "ipv4", "value", "203.0.113.9"))))
			.expect(201, "filing")
			.text("id");
	}

	private static String escalate(NodeClient home, NodeClient partner, String incident) {
		Answer queued = home.post("/api/v1/escalations", Role.COORDINATOR,
				Map.of("incidentId", incident, "to", List.of(partner.nodeId()), "reason", "benchmark"));
		queued.expect(201, "escalating");
		return queued.body().get(0).get("id").asString();
	}

	private static LoadResult readLatency(NodeClient home, String incident, int samples) {
		return parallel("gateway read (same run)", samples, 2, () -> {
			home.get("/api/v1/incidents/" + incident, Role.COORDINATOR).expect(200, "reading");
			return true;
		});
	}

	private static LoadResult latency(NodeClient home, NodeClient partner, String incident, int samples,
			int concurrency) {
		return parallel("escalate -> ACKNOWLEDGED", samples, concurrency, () -> {
			String id = escalate(home, partner, incident);
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (System.nanoTime() < deadline) {
				String status = home.get("/api/v1/escalations/" + id, Role.COORDINATOR).text("status");
				if (status.equals("ACKNOWLEDGED")) {
					return true;
				}
				sleep(2);
			}
			return false;
		});
	}

	private static void drain(NodeClient home, NodeClient partner, NodeUnderTest homeNode, NodeUnderTest partnerNode,
			String incident, int queued, int concurrency) {
		// the partner becomes unreachable: its address is wrong until an admin puts it
		// back
		String partnerKey = partner.get("/federation/v1/node", null).text("publicKey");
		home.put("/api/v1/admin/peers/" + partner.nodeId(), Role.ADMIN, Map.of("nodeId", partner.nodeId(), "country",
				"DE", "baseUrl", "http://127.0.0.1:1", "publicKey", partnerKey, "tlpCeiling", "amber"))
			.expect(200, "pointing the peer nowhere");
		System.out.printf("queueing %d escalations while the partner is unreachable...%n", queued);
		LoadResult queueing = parallel("queue escalation (partner away)", queued, concurrency, () -> {
			escalate(home, partner, incident);
			return true;
		});
		System.out.println(queueing);
		LoadResult ceiling = parallel("partner files incidents", 2_000, concurrency, () -> {
			fileIncident(partner);
			return true;
		});
		System.out.println(ceiling);
		try (MongoClient homeStore = MongoClients.create(homeNode.storeUri());
				MongoClient partnerStore = MongoClients.create(partnerNode.storeUri())) {
			var escalations = homeStore.getDatabase("escalation").getCollection("escalations");
			long acknowledgedBefore = Mono.from(escalations.countDocuments(Filters.eq("status", "ACKNOWLEDGED")))
				.block();
			home.put("/api/v1/admin/peers/" + partner.nodeId(), Role.ADMIN, Map.of("nodeId", partner.nodeId(),
					"country", "DE", "baseUrl", partner.gatewayUrl(), "publicKey", partnerKey, "tlpCeiling", "amber"))
				.expect(200, "the partner is back");
			long start = System.nanoTime();
			home.post("/api/v1/escalations/retry", Role.COORDINATOR, Map.of("peer", partner.nodeId()))
				.expect(200, "retry now");
			long target = acknowledgedBefore + queued;
			long acknowledged = acknowledgedBefore;
			long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
			while (acknowledged < target && System.nanoTime() < deadline) {
				sleep(250);
				acknowledged = Mono.from(escalations.countDocuments(Filters.eq("status", "ACKNOWLEDGED"))).block();
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			long drained = acknowledged - acknowledgedBefore;
			long failed = Mono.from(escalations.countDocuments(Filters.ne("status", "ACKNOWLEDGED"))).block();
			var inbound = partnerStore.getDatabase("escalation").getCollection("escalations");
			long received = Mono.from(inbound.countDocuments(Filters.eq("direction", "INBOUND"))).block();
			var incidents = partnerStore.getDatabase("intake").getCollection("incidents");
			long linked = Mono.from(incidents.countDocuments(Filters.eq("origin.partnerNode", home.nodeId()))).block();
			long sent = Mono.from(escalations.countDocuments()).block();
			double rate = drained / seconds;
			System.out.printf(Locale.ROOT,
					"RESULT drain: %d escalations queued while the partner was away delivered in %.1f s = %.0f /s"
							+ " (goal >= 200/s); not acknowledged: %d; the partner received %d and filed %d linked"
							+ " incidents for %d sent (loss %d, duplicates %d); partner's own filing rate in the"
							+ " same run %.0f /s, ratio %.2f%n",
					drained, seconds, rate, failed, received, linked, sent, sent - received, linked - received,
					ceiling.perSecond(), rate / ceiling.perSecond());
		}
	}

	private static LoadResult parallel(String name, int total, int concurrency,
			java.util.concurrent.Callable<Boolean> task) {
		ExecutorService pool = Executors.newFixedThreadPool(concurrency);
		List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
		AtomicLong errors = new AtomicLong();
		CpuMeter.Snapshot cpu = CpuMeter.start();
		long start = System.nanoTime();
		List<Future<?>> futures = new ArrayList<>();
		for (int i = 0; i < total; i++) {
			futures.add(pool.submit(() -> {
				long sent = System.nanoTime();
				try {
					if (task.call()) {
						latencies.add(System.nanoTime() - sent);
					}
					else {
						errors.incrementAndGet();
					}
				}
				catch (Exception ex) {
					errors.incrementAndGet();
				}
			}));
		}
		for (Future<?> future : futures) {
			try {
				future.get();
			}
			catch (Exception ex) {
				errors.incrementAndGet();
			}
		}
		pool.shutdown();
		double seconds = (System.nanoTime() - start) / 1e9;
		long[] measured = latencies.stream().mapToLong(Long::longValue).toArray();
		return LoadResult.of(name, errors.get(), seconds, measured, cpu.perOperation(measured.length));
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
