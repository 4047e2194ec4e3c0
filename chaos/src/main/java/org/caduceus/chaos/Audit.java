package org.caduceus.chaos;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.caduceus.chaos.Api.Outcome;
import org.caduceus.identity.Role;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * After the faults, with every process up: waits until what the nodes still owe each
 * other has travelled, then looks for every acknowledged write, counting each as present
 * once, lost or duplicated, and every escalation as delivered to its partner once, with
 * the same status on both sides.
 */
final class Audit {

	/** Statuses of an escalation its partner has not filed yet. */
	private static final Set<String> IN_FLIGHT = Set.of("QUEUED", "DELIVERED");

	/**
	 * Counts for one kind of write.
	 *
	 * @param acknowledged success answers given
	 * @param once found exactly once
	 * @param lost not found
	 * @param duplicated found more than once
	 */
	record Tally(long acknowledged, long once, long lost, long duplicated) {
	}

	/**
	 * The audit's findings.
	 *
	 * @param tallies per kind of write
	 * @param escalationsDeliveredOnce acknowledged escalations the partner holds exactly
	 * once
	 * @param escalationsDuplicated held more than once by the partner
	 * @param escalationsNotDelivered not held by the partner when the audit gave up
	 * waiting
	 * @param statusMismatches different status on the two sides
	 * @param settleMillis how long the nodes took to deliver what they owed each other
	 * @param settled whether they did before the audit stopped waiting
	 * @param problems the first findings, named
	 */
	record Findings(Map<String, Tally> tallies, long escalationsDeliveredOnce, long escalationsDuplicated,
			long escalationsNotDelivered, long statusMismatches, long settleMillis, boolean settled,
			List<String> problems) {

		long lost() {
			return this.tallies.values().stream().mapToLong(Tally::lost).sum();
		}

		long duplicated() {
			return this.tallies.values().stream().mapToLong(Tally::duplicated).sum();
		}

		long acknowledged() {
			return this.tallies.values().stream().mapToLong(Tally::acknowledged).sum();
		}

	}

	private final Api api;

	private final Ledger ledger;

	private final List<String> problems = new ArrayList<>();

	Audit(Api api, Ledger ledger) {
		this.api = api;
		this.ledger = ledger;
	}

	Findings run(Node first, Node second, String run, long settleMillis) {
		Map<String, Node> nodes = Map.of(first.id(), first, second.id(), second);
		long started = System.nanoTime();
		boolean settledInTime = settle(nodes, settleMillis);
		long settled = (System.nanoTime() - started) / 1_000_000;
		if (!settledInTime) {
			problem("the nodes still owed each other messages " + settled / 1000 + " s after the load stopped");
		}
		Map<String, Tally> tallies = new LinkedHashMap<>();

		// incidents: each title is used by one request only, so a title twice is a copy
		Map<String, Map<String, Integer>> titles = new HashMap<>();
		for (Node node : nodes.values()) {
			titles.put(node.id(), titleCounts(node, run));
		}
		List<Ledger.Filed> filed = this.ledger.all(this.ledger.filed);
		Tally incidentsFiled = tally(filed, (f) -> titles.get(f.node()).getOrDefault(f.title(), 0),
				(f) -> "incident " + f.title() + " on " + f.node());
		// a title no client was told succeeded, found twice: a copy the node made all the
		// same (each title was sent once; linked incidents carry their origin's title on
		// the other node and are counted with the escalations)
		Set<String> acknowledgedTitles = new HashSet<>();
		filed.forEach((f) -> acknowledgedTitles.add(f.node() + " " + f.title()));
		long unacknowledgedCopies = 0;
		for (Node node : nodes.values()) {
			for (Map.Entry<String, Integer> title : titles.get(node.id()).entrySet()) {
				if (title.getValue() > 1 && title.getKey().contains(" " + node.id() + " incident ")
						&& !acknowledgedTitles.contains(node.id() + " " + title.getKey())) {
					unacknowledgedCopies++;
					problem("duplicated " + title.getValue() + " times though its client got no success answer: "
							+ title.getKey() + " on " + node.id());
				}
			}
		}
		tallies.put("incidents filed", new Tally(incidentsFiled.acknowledged(), incidentsFiled.once(),
				incidentsFiled.lost(), incidentsFiled.duplicated() + unacknowledgedCopies));

		// journal notes, on the incident they were added to
		Map<String, JsonNode> incidents = new HashMap<>();
		tallies.put("journal notes", tally(this.ledger.all(this.ledger.noted), (n) -> {
			JsonNode incident = incidents.computeIfAbsent(n.incidentId(),
					(id) -> read(nodes.get(n.node()), "/api/v1/incidents/" + id));
			return (int) incident.path("journal")
				.valueStream()
				.filter((entry) -> entry.path("text").asString("").equals(n.text()))
				.count();
		}, (n) -> "note '" + n.text() + "' on " + n.node()));

		// escalations: the partner holds one inbound escalation and one linked incident
		Map<String, List<JsonNode>> inbound = new HashMap<>();
		Map<String, List<JsonNode>> outbound = new HashMap<>();
		for (Node node : nodes.values()) {
			inbound.put(node.id(), escalations(node, "inbound"));
			outbound.put(node.id(), escalations(node, "outbound"));
		}
		long deliveredOnce = 0;
		long duplicatedEscalations = 0;
		long notDelivered = 0;
		long mismatches = 0;
		for (Ledger.Escalated e : this.ledger.all(this.ledger.escalated)) {
			List<JsonNode> held = inbound.get(e.to())
				.stream()
				.filter((view) -> e.incidentRef().equals(view.path("partnerRef").asString("")))
				.toList();
			int linked = titles.get(e.to()).getOrDefault(e.title(), 0);
			if (held.size() == 1 && linked == 1) {
				deliveredOnce++;
			}
			else if (held.size() > 1 || linked > 1) {
				duplicatedEscalations++;
				problem("escalation " + e.escalationId() + " of " + e.incidentRef() + " held " + held.size()
						+ " times by " + e.to() + ", " + linked + " linked incidents");
			}
			else {
				notDelivered++;
				problem("escalation " + e.escalationId() + " of " + e.incidentRef() + " not held by " + e.to());
			}
			JsonNode sent = outbound.get(e.from())
				.stream()
				.filter((view) -> e.escalationId().equals(view.path("id").asString("")))
				.findFirst()
				.orElse(null);
			if (sent == null) {
				// the partner may hold it, but the sender lost what it acknowledged
				if (held.size() == 1 && linked == 1) {
					deliveredOnce--;
					notDelivered++;
				}
				problem("lost: escalation " + e.escalationId() + " acknowledged by " + e.from() + " is not there");
			}
			else if (held.size() == 1
					&& !sent.path("status").asString("").equals(held.get(0).path("status").asString(""))) {
				mismatches++;
				problem("escalation " + e.escalationId() + " is " + sent.path("status").asString() + " on " + e.from()
						+ " but " + held.get(0).path("status").asString() + " on " + e.to());
			}
		}
		// an escalation of this run's incidents held twice by a partner, whether
		// or not its coordinator was told it was queued
		Set<String> acknowledgedRefs = new HashSet<>();
		this.ledger.all(this.ledger.escalated).forEach((e) -> acknowledgedRefs.add(e.to() + " " + e.incidentRef()));
		for (Node node : nodes.values()) {
			Map<String, Integer> byRef = new HashMap<>();
			inbound.get(node.id())
				.stream()
				.filter((view) -> view.path("snapshot").path("title").asString("").startsWith(run + " "))
				.forEach((view) -> byRef.merge(view.path("partnerRef").asString(""), 1, Integer::sum));
			for (Map.Entry<String, Integer> ref : byRef.entrySet()) {
				if (ref.getValue() > 1 && !acknowledgedRefs.contains(node.id() + " " + ref.getKey())) {
					duplicatedEscalations++;
					problem("escalation of " + ref.getKey() + " held " + ref.getValue() + " times by " + node.id()
							+ " though its coordinator got no success answer");
				}
			}
		}
		tallies.put("escalations", new Tally(this.ledger.all(this.ledger.escalated).size(), deliveredOnce, notDelivered,
				duplicatedEscalations));

		// decisions: ACCEPTED on the receiving side and back on the sending side
		tallies.put("decisions", tally(this.ledger.all(this.ledger.decided), (d) -> {
			String other = d.node().equals(first.id()) ? second.id() : first.id();
			boolean here = inbound.get(d.node())
				.stream()
				.anyMatch((view) -> d.inboundId().equals(view.path("id").asString(""))
						&& "ACCEPTED".equals(view.path("status").asString("")));
			boolean there = outbound.get(other)
				.stream()
				.anyMatch((view) -> d.partnerRef().equals(view.path("incidentRef").asString(""))
						&& "ACCEPTED".equals(view.path("status").asString("")));
			return (here && there) ? 1 : 0;
		}, (d) -> "acceptance of " + d.inboundId() + " on " + d.node()));

		// notes shared on escalations: once on the sender's copy and once on the
		// partner's
		tallies.put("escalation notes", tally(this.ledger.all(this.ledger.sharedNotes), (n) -> {
			String other = n.from().equals(first.id()) ? second.id() : first.id();
			int there = notes(inbound.get(other), "partnerRef", n.incidentRef(), n.text());
			int here = notes(outbound.get(n.from()), "id", n.escalationId(), n.text());
			return (there == 1 && here == 1) ? 1 : (there == 0 || here == 0) ? 0 : Math.max(there, here);
		}, (n) -> "shared note '" + n.text() + "' from " + n.from()));

		// TAXII: every version of the incident's object in the collection
		tallies.put("TAXII publications", tally(this.ledger.all(this.ledger.published), (p) -> {
			Node node = nodes.get(p.node());
			JsonNode objects = read(node,
					"/taxii2/api/collections/" + Load.COLLECTION + "/objects/?match%5Bid%5D="
							+ URLEncoder.encode(p.stixId(), StandardCharsets.UTF_8) + "&match%5Bversion%5D=all",
					Load.TAXII);
			return (int) objects.path("objects").valueStream().count();
		}, (p) -> "TAXII object " + p.stixId() + " on " + p.node()));

		// cards: a partner keeps the latest card of each sender, so what can be
		// lost is the latest exchange acknowledged; it arrived if the partner
		// received a card from the sender after that request left (the demo's own
		// exchange came before all of them)
		long cardsSent = 0;
		long cardsLost = 0;
		for (Node to : nodes.values()) {
			JsonNode partners = read(to, "/api/v1/contacts/partners");
			for (Node from : nodes.values()) {
				List<Ledger.CardSent> sent = this.ledger.all(this.ledger.cardsSent)
					.stream()
					.filter((c) -> c.from().equals(from.id()) && c.to().equals(to.id()))
					.toList();
				if (sent.isEmpty()) {
					continue;
				}
				cardsSent += sent.size();
				Instant latest = sent.stream().map(Ledger.CardSent::sentAt).max(Instant::compareTo).orElseThrow();
				String received = partners.valueStream()
					.filter((partner) -> from.id().equals(partner.path("id").asString("")))
					.map((partner) -> partner.path("receivedAt").asString(""))
					.findFirst()
					.orElse("");
				if (received.isEmpty() || Instant.parse(received).isBefore(latest)) {
					cardsLost++;
					problem("lost: the card " + from.id() + " sent " + to.id() + " at " + latest + " (held: "
							+ (received.isEmpty() ? "none" : "received " + received) + ")");
				}
			}
		}
		tallies.put("card exchanges", new Tally(cardsSent, cardsSent - cardsLost, cardsLost, 0));

		return new Findings(tallies, deliveredOnce, duplicatedEscalations, notDelivered, mismatches, settled,
				settledInTime, List.copyOf(this.problems));
	}

	/** Only the incidents filed on {@code node}: present once, lost or duplicated. */
	Tally incidents(Node node, String run) {
		Map<String, Integer> counts = titleCounts(node, run);
		return tally(this.ledger.all(this.ledger.filed), (f) -> counts.getOrDefault(f.title(), 0),
				(f) -> "incident " + f.title() + " on " + f.node());
	}

	/**
	 * Waits until every acknowledged escalation has been filed by its partner, nothing is
	 * left in any outbox, and every acceptance is known to the sending side.
	 */
	private boolean settle(Map<String, Node> nodes, long millis) {
		long deadline = System.nanoTime() + millis * 1_000_000;
		while (System.nanoTime() < deadline) {
			boolean owed = false;
			Map<String, List<JsonNode>> outbound = new HashMap<>();
			for (Node node : nodes.values()) {
				List<JsonNode> out = escalations(node, "outbound");
				outbound.put(node.id(), out);
				List<JsonNode> in = escalations(node, "inbound");
				owed |= out.stream()
					.anyMatch((view) -> IN_FLIGHT.contains(view.path("status").asString(""))
							|| view.path("delivery").path("pending").asInt(0) > 0);
				owed |= in.stream().anyMatch((view) -> view.path("delivery").path("pending").asInt(0) > 0);
			}
			for (Ledger.Decided d : this.ledger.all(this.ledger.decided)) {
				String other = nodes.keySet().stream().filter((id) -> !id.equals(d.node())).findFirst().orElseThrow();
				owed |= outbound.get(other)
					.stream()
					.noneMatch((view) -> d.partnerRef().equals(view.path("incidentRef").asString(""))
							&& "ACCEPTED".equals(view.path("status").asString("")));
			}
			if (!owed) {
				return true;
			}
			Load.pause(1000);
		}
		return false;
	}

	private Map<String, Integer> titleCounts(Node node, String run) {
		Map<String, Integer> counts = new HashMap<>();
		String after = null;
		do {
			JsonNode page = read(node, "/api/v1/incidents?limit=200&q=" + URLEncoder.encode(run, StandardCharsets.UTF_8)
					+ ((after != null) ? "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8) : ""));
			page.path("items")
				.valueStream()
				.forEach((item) -> counts.merge(item.path("title").asString(), 1, Integer::sum));
			after = page.path("next").isString() ? page.path("next").asString() : null;
		}
		while (after != null);
		return counts;
	}

	private List<JsonNode> escalations(Node node, String direction) {
		List<JsonNode> all = new ArrayList<>();
		String after = null;
		do {
			JsonNode page = read(node, "/api/v1/escalations?limit=200&direction=" + direction
					+ ((after != null) ? "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8) : ""));
			page.path("items").valueStream().forEach(all::add);
			after = page.path("next").isString() ? page.path("next").asString() : null;
		}
		while (after != null);
		return all;
	}

	/** A read the audit cannot do without: retried for a while, never taken as empty. */
	private JsonNode read(Node node, String path) {
		return read(node, path, null);
	}

	private JsonNode read(Node node, String path, @Nullable String accept) {
		Outcome last = null;
		for (int attempt = 0; attempt < 30; attempt++) {
			last = this.api.get(node.url(path), node.bearer(Role.COORDINATOR), accept);
			if (last.ok()) {
				return last.body();
			}
			Load.pause(1000);
		}
		throw new IllegalStateException(
				"the audit cannot read " + path + " on " + node.id() + ": " + last.status() + " " + last.raw());
	}

	/**
	 * Copies of a note's text on the escalation(s) whose {@code field} is {@code value}.
	 */
	private static int notes(List<JsonNode> escalations, String field, String value, String text) {
		return (int) escalations.stream()
			.filter((view) -> value.equals(view.path(field).asString("")))
			.flatMap((view) -> view.path("notes").valueStream())
			.filter((note) -> note.path("text").asString("").equals(text))
			.count();
	}

	private <T> Tally tally(List<T> writes, Function<T, Integer> copies, Function<T, String> name) {
		long once = 0;
		long lost = 0;
		long duplicated = 0;
		for (T write : writes) {
			int found = copies.apply(write);
			if (found == 1) {
				once++;
			}
			else if (found == 0) {
				lost++;
				problem("lost: " + name.apply(write));
			}
			else {
				duplicated++;
				problem("duplicated " + found + " times: " + name.apply(write));
			}
		}
		return new Tally(writes.size(), once, lost, duplicated);
	}

	private void problem(String what) {
		if (this.problems.size() < 50) {
			this.problems.add(what);
		}
	}

}
