package org.caduceus.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.caduceus.chaos.Api.Outcome;
import org.caduceus.identity.Role;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The mixed load both nodes carry while their processes are killed: analysts file
 * incidents and add notes, coordinators escalate them to the other node, accept what the
 * other node escalated and share notes on escalations, incidents are published to the
 * sector's TAXII collection, and admins send their team card. Every success answer goes
 * into the {@link Ledger}; nothing is retried, so any copy the audit finds was made by
 * the node, not by a client.
 */
final class Load {

	static final String TAXII = "application/taxii+json;version=2.1";

	static final String COLLECTION = "health-sector-green";

	private final Api api;

	private final Ledger ledger;

	private final String run;

	private final AtomicBoolean stopped = new AtomicBoolean();

	private final AtomicInteger serial = new AtomicInteger();

	private final List<Thread> workers = new ArrayList<>();

	/** What each worker waits between two requests. */
	private final long pauseMillis;

	Load(Api api, Ledger ledger, String run, long pauseMillis) {
		this.api = api;
		this.ledger = ledger;
		this.run = run;
		this.pauseMillis = pauseMillis;
	}

	/** Starts {@code perNode} workers on each node, each escalating to the other. */
	void start(Node first, Node second, int perNode, long seed) {
		for (int i = 0; i < perNode; i++) {
			this.workers.add(worker(first, second, new Random(seed + 2L * i)));
			this.workers.add(worker(second, first, new Random(seed + 2L * i + 1)));
		}
		this.workers.forEach(Thread::start);
	}

	/** Stops the workers and waits for their last requests. */
	void stop() throws InterruptedException {
		this.stopped.set(true);
		for (Thread worker : this.workers) {
			worker.join(Api.PATIENCE.toMillis() * 3);
		}
	}

	private Thread worker(Node home, Node partner, Random random) {
		Thread thread = new Thread(() -> {
			while (!this.stopped.get()) {
				int dice = random.nextInt(100);
				if (dice < 35) {
					file(home, random);
				}
				else if (dice < 55) {
					note(home, random);
				}
				else if (dice < 70) {
					escalate(home, partner, random);
				}
				else if (dice < 80) {
					accept(home, random);
				}
				else if (dice < 88) {
					shareNote(home, random);
				}
				else if (dice < 95) {
					publish(home, random);
				}
				else {
					sendCard(home, partner);
				}
				pause(this.pauseMillis);
			}
		}, "load-" + home.id());
		thread.setDaemon(true);
		return thread;
	}

	/** Files an incident, TLP:GREEN or AMBER, with a title no other request uses. */
	Outcome file(Node home, Random random) {
		String tlp = random.nextBoolean() ? "green" : "amber";
		String title = this.run + " " + home.id() + " incident " + this.serial.incrementAndGet();
		Outcome filed = this.ledger.count("file",
				this.api.post(home.url("/api/v1/incidents"), home.bearer(Role.ANALYST),
						Map.of("title", title, "rsitClass", "malicious-code", "rsitType", "infected-system", "tlp", tlp,
								"severity", "high", "reporter", Map.of("organisation", "Chaos General Hospital"),
								"observables", List.of(Map.of("type", "domain", "value",
										"c2-" + this.serial.get() + "." + this.run + ".example")))));
		if (filed.ok()) {
			this.ledger.add(this.ledger.filed,
					new Ledger.Filed(home.id(), filed.text("id"), filed.text("ref"), title, tlp));
		}
		return filed;
	}

	private void note(Node home, Random random) {
		this.ledger.any(this.ledger.filed, random, (f) -> f.node().equals(home.id())).ifPresent((incident) -> {
			String text = this.run + " note " + this.serial.incrementAndGet();
			Outcome added = this.ledger.count("note",
					this.api.post(home.url("/api/v1/incidents/" + incident.id() + "/notes"), home.bearer(Role.ANALYST),
							Map.of("text", text, "tlp", "green")));
			if (added.ok()) {
				this.ledger.add(this.ledger.noted, new Ledger.Noted(home.id(), incident.id(), text));
			}
		});
	}

	private void escalate(Node home, Node partner, Random random) {
		this.ledger.any(this.ledger.filed, random, (f) -> f.node().equals(home.id())
				&& !this.ledger.all(this.ledger.escalated).stream().anyMatch((e) -> e.incidentRef().equals(f.ref())))
			.filter((incident) -> this.ledger.take("escalate " + incident.id()))
			.ifPresent((incident) -> {
				Outcome queued = this.ledger.count("escalate",
						this.api.post(home.url("/api/v1/escalations"), home.bearer(Role.COORDINATOR),
								Map.of("incidentId", incident.id(), "to", List.of(partner.id()), "reason",
										"C2 servers in your country (" + this.run + ")")));
				if (queued.ok()) {
					this.ledger.add(this.ledger.escalated, new Ledger.Escalated(home.id(), partner.id(),
							queued.body().get(0).get("id").asString(), incident.ref(), incident.title()));
				}
			});
	}

	/**
	 * Accepts one of this run's escalations that reached this node and waits for a
	 * decision.
	 */
	private void accept(Node home, Random random) {
		Outcome inbox = this.ledger.count("inbox",
				this.api.get(home.url("/api/v1/escalations?direction=inbound&status=ACKNOWLEDGED&limit=50"),
						home.bearer(Role.COORDINATOR), null));
		if (!inbox.ok()) {
			return;
		}
		List<JsonNode> mine = inbox.body()
			.get("items")
			.valueStream()
			.filter((item) -> item.path("snapshot").path("title").asString("").startsWith(this.run + " "))
			.toList();
		if (mine.isEmpty()) {
			return;
		}
		JsonNode chosen = mine.get(random.nextInt(mine.size()));
		String id = chosen.get("id").asString();
		if (!this.ledger.take("decide " + id)) {
			return;
		}
		Outcome decided = this.ledger.count("decide", this.api.post(home.url("/api/v1/escalations/" + id + "/decision"),
				home.bearer(Role.COORDINATOR), Map.of("decision", "accept")));
		if (decided.ok()) {
			this.ledger.add(this.ledger.decided,
					new Ledger.Decided(home.id(), id, chosen.get("partnerRef").asString()));
		}
	}

	private void shareNote(Node home, Random random) {
		this.ledger.any(this.ledger.escalated, random, (e) -> e.from().equals(home.id())).ifPresent((escalation) -> {
			String text = this.run + " shared note " + this.serial.incrementAndGet();
			Outcome shared = this.ledger.count("escalation note",
					this.api.post(home.url("/api/v1/escalations/" + escalation.escalationId() + "/notes"),
							home.bearer(Role.COORDINATOR), Map.of("text", text)));
			if (shared.ok()) {
				this.ledger.add(this.ledger.sharedNotes,
						new Ledger.SharedNote(home.id(), escalation.escalationId(), escalation.incidentRef(), text));
			}
		});
	}

	/** Posts a TLP:GREEN incident's STIX objects to the sector's collection, once. */
	private void publish(Node home, Random random) {
		this.ledger.any(this.ledger.filed, random, (f) -> f.node().equals(home.id()) && f.tlp().equals("green"))
			.filter((incident) -> this.ledger.take("publish " + incident.id()))
			.ifPresent((incident) -> {
				Outcome bundle = this.ledger.count("export", this.api.get(
						home.url("/api/v1/incidents/" + incident.id() + "/stix"), home.bearer(Role.COORDINATOR), null));
				if (!bundle.ok()) {
					return;
				}
				String stixId = bundle.body()
					.get("objects")
					.valueStream()
					.filter((object) -> object.get("type").asString().equals("incident"))
					.map((object) -> object.get("id").asString())
					.findFirst()
					.orElseThrow();
				ObjectNode envelope = Api.JSON.createObjectNode();
				envelope.set("objects", bundle.body().get("objects"));
				Outcome posted = this.ledger.count("publish",
						this.api.postRaw(home.url("/taxii2/api/collections/" + COLLECTION + "/objects/"),
								home.bearer(Role.COORDINATOR), TAXII, envelope.toString()));
				if (posted.ok()) {
					this.ledger.add(this.ledger.published, new Ledger.Published(home.id(), incident.id(), stixId));
				}
			});
	}

	private void sendCard(Node home, Node partner) {
		java.time.Instant sentAt = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
		Outcome sent = this.ledger.count("card", this.api.post(home.url("/api/v1/contacts/exchanges"),
				home.bearer(Role.ADMIN), Map.of("to", List.of(partner.id()))));
		if (sent.ok() && "SENT".equals(sent.body().path(0).path("status").asString(""))) {
			this.ledger.add(this.ledger.cardsSent, new Ledger.CardSent(home.id(), partner.id(), sentAt));
		}
	}

	static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
