package org.caduceus.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.caduceus.demo.NodeClient.Answer;
import org.caduceus.identity.Role;
import tools.jackson.databind.JsonNode;

/**
 * Walks one incident across the border between two running nodes, printing each step:
 * peer the nodes, file on the first, escalate, see it arrive as a linked incident on the
 * second, accept it there, see ACCEPTED back home, see TLP:RED stopped at the border, and
 * exchange the teams' contact cards. Exits 1 at the first step that fails. Arguments:
 * {@code FIRST_ID FIRST_URL FIRST_DATA SECOND_ID SECOND_URL SECOND_DATA}.
 */
public final class Demo {

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private final NodeClient home;

	private final NodeClient partner;

	private int step;

	private Demo(NodeClient home, NodeClient partner) {
		this.home = home;
		this.partner = partner;
	}

	public static void main(String[] args) {
		if (args.length != 6) {
			System.err.println("usage: demo FIRST_ID FIRST_URL FIRST_DATA SECOND_ID SECOND_URL SECOND_DATA");
			System.exit(2);
		}
		Demo demo = new Demo(new NodeClient(args[0], args[1], Path.of(args[2])),
				new NodeClient(args[3], args[4], Path.of(args[5])));
		try {
			demo.run();
			System.out.println("demo: every step passed");
			System.exit(0);
		}
		catch (RuntimeException ex) {
			System.out.println("  FAILED: " + ex.getMessage());
			System.exit(1);
		}
	}

	private void run() {
		step("peer the nodes (each admin pins the other's Ed25519 key, ceiling TLP:AMBER)", () -> {
			this.home.addPeer(this.partner, "DE", "amber");
			this.partner.addPeer(this.home, "NL", "amber");
			return this.home.nodeId() + " <-> " + this.partner.nodeId();
		});
		String[] incident = new String[2];
		step("an analyst on " + this.home.nodeId() + " files a TLP:AMBER ransomware incident", () -> {
			Answer filed = this.home
				.post("/api/v1/incidents", Role.ANALYST,
						Map.of("title", "Ransomware on radiology PACS", "rsitClass", "malicious-code", "rsitType",
								"infected-system", "careServices", List.of("diagnostics-imaging", "emergency-care"),
								"tlp", "amber", "severity", "critical", "patientSafetyImpact", "potential",
								"careDisruption", "diverted", "reporter",
								Map.of("organisation", "St. Example Hospital", "entityType", "healthcare-provider",
										"contact", Map.of("name", "Jane Example", "email", "ciso@hospital.example"),
										"consentToShare", false),
								"observables",
								List.of(Map.of("type", "ipv4", "value", "203.0.113[.]9"),
										Map.of("type", "domain", "value", "pay-up.example"))))
				.expect(201, "filing the incident");
			incident[0] = filed.text("id");
			incident[1] = filed.text("ref");
			this.home
				.post("/api/v1/incidents/" + incident[0] + "/notes", Role.ANALYST,
						Map.of("text", "The night admin's account was used", "tlp", "red"))
				.expect(201, "adding a TLP:RED note");
			return incident[1] + " with a TLP:RED note and the reporter's contact (no consent to share)";
		});
		String[] escalation = new String[1];
		step("a coordinator escalates it to " + this.partner.nodeId(), () -> {
			Answer queued = this.home
				.post("/api/v1/escalations", Role.COORDINATOR, Map.of("incidentId", incident[0], "to",
						List.of(this.partner.nodeId()), "reason", "Command-and-control servers in your country"))
				.expect(201, "escalating");
			JsonNode first = queued.body().get(0);
			escalation[0] = first.get("id").asString();
			List<String> removed = first.get("redactions").valueStream().map((r) -> r.get("field").asString()).toList();
			if (!removed.contains("reporter.contact") || !removed.contains("journal[0]")) {
				throw new IllegalStateException("expected the contact and the RED note removed, got " + removed);
			}
			return first.get("status").asString() + "; removed at the border: " + removed;
		});
		step("it arrives: ACKNOWLEDGED back on " + this.home.nodeId(), () -> {
			JsonNode acknowledged = await(this.home, "/api/v1/escalations/" + escalation[0],
					(view) -> !"QUEUED".equals(view.get("status").asString())
							&& !"DELIVERED".equals(view.get("status").asString()));
			expectStatus(acknowledged, "ACKNOWLEDGED");
			return "filed there as " + acknowledged.get("partnerRef").asString();
		});
		String[] inbound = new String[1];
		step("on " + this.partner.nodeId() + " it is a linked incident", () -> {
			JsonNode items = this.partner.get("/api/v1/escalations?direction=inbound&limit=200", Role.COORDINATOR)
				.expect(200, "listing inbound escalations")
				.body()
				.get("items");
			JsonNode mine = items.valueStream()
				.filter((item) -> item.get("partnerRef").asString().equals(incident[1]))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("no inbound escalation for " + incident[1]));
			inbound[0] = mine.get("id").asString();
			Answer linked = this.partner
				.get("/api/v1/incidents/by-ref/" + mine.get("incidentRef").asString(), Role.COORDINATOR)
				.expect(200, "reading the linked incident");
			JsonNode origin = linked.body().get("origin");
			if (!this.home.nodeId().equals(origin.get("partnerNode").asString())
					|| !linked.body().get("reporter").get("contact").isNull()) {
				throw new IllegalStateException("the linked incident's origin or redaction is wrong: " + linked.body());
			}
			return linked.text("ref") + " (" + linked.text("tlp") + ", origin " + origin.get("partnerNode").asString()
					+ " " + origin.get("partnerRef").asString() + ", no contact person)";
		});
		step("the coordinator on " + this.partner.nodeId() + " accepts it", () -> {
			Answer accepted = this.partner
				.post("/api/v1/escalations/" + inbound[0] + "/decision", Role.COORDINATOR, Map.of("decision", "accept"))
				.expect(200, "accepting");
			return accepted.text("status");
		});
		step("ACCEPTED shows back on " + this.home.nodeId(), () -> {
			JsonNode accepted = await(this.home, "/api/v1/escalations/" + escalation[0],
					(view) -> "ACCEPTED".equals(view.get("status").asString()));
			return accepted.get("timeline")
				.valueStream()
				.map((event) -> event.get("what").asString())
				.toList()
				.toString();
		});
		step("TLP:RED stays home: escalating a RED incident is refused", () -> {
			Answer red = this.home.post("/api/v1/incidents", Role.ANALYST,
					Map.of("title", "Insider exfiltration", "rsitClass", "information-content-security", "rsitType",
							"unauthorised-information-access", "tlp", "red", "reporter",
							Map.of("organisation", "St. Example Hospital")))
				.expect(201, "filing a RED incident");
			Answer refused = this.home
				.post("/api/v1/escalations", Role.COORDINATOR,
						Map.of("incidentId", red.text("id"), "to", List.of(this.partner.nodeId()), "reason", "test"))
				.expect(409, "escalating a RED incident");
			return refused.text("type") + ", recorded as BLOCKED";
		});
		step("the teams exchange contact cards: signed and encrypted (OpenPGP), pinned keys, through the gateways",
				() -> {
					this.home.writeTeamCard("NL health CERT", "NL", "+31 70 555 0100");
					this.partner.writeTeamCard("DE health CERT", "DE", "+49 30 555 0100");
					this.home.pinTeamKey(this.partner, "DE");
					this.partner.pinTeamKey(this.home, "NL");
					Answer sent = this.home
						.post("/api/v1/contacts/exchanges", Role.ADMIN, Map.of("to", List.of(this.partner.nodeId())))
						.expect(200, "sending the card");
					if (!"SENT".equals(sent.body().get(0).get("status").asString())) {
						throw new IllegalStateException("the card was not sent: " + sent.body());
					}
					Answer received = this.partner
						.get("/api/v1/contacts/partners/" + this.home.nodeId() + "/confidential", Role.ANALYST)
						.expect(200, "reading the received card");
					String phone = received.body().get("confidential").get("phone24x7").asString();
					if (!phone.equals("+31 70 555 0100")) {
						throw new IllegalStateException("the received card says " + phone);
					}
					return this.partner.nodeId() + " holds the 24/7 number of " + this.home.nodeId()
							+ ", verified against its pinned key";
				});
		step("a CERT without a node pulls the sector's indicators over TAXII 2.1 with its API key", () -> {
			String key = this.home
				.post("/api/v1/admin/api-keys", Role.ADMIN,
						Map.of("partner", "cert-be", "collections", List.of("health-sector-green")))
				.expect(201, "issuing an API key")
				.text("key");
			Answer green = this.home
				.post("/api/v1/incidents", Role.ANALYST,
						Map.of("title", "Phishing against clinic staff", "rsitClass", "fraud", "rsitType", "phishing",
								"tlp", "green", "reporter", Map.of("organisation", "St. Example Hospital"),
								"observables", List.of(Map.of("type", "domain", "value", "clinic-login.example"))))
				.expect(201, "filing a TLP:GREEN incident");
			this.home.publish(green.text("id"), "health-sector-green")
				.expect(202, "publishing it to health-sector-green");
			// the AMBER ransomware incident is refused there: TLP is checked per
			// collection
			String reason = this.home.publish(incident[0], "health-sector-green")
				.expect(422, "publishing the AMBER incident to the green collection")
				.text("error_code");
			String basic = "Basic " + java.util.Base64.getEncoder()
				.encodeToString(("cert-be:" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8));
			JsonNode page = this.home
				.taxii("/taxii2/api/collections/health-sector-green/objects/?match%5Btype%5D=indicator", basic, null)
				.expect(200, "pulling the indicators as cert-be")
				.body();
			List<String> patterns = page.get("objects").valueStream().map((o) -> o.get("pattern").asString()).toList();
			if (!patterns.contains("[domain-name:value = 'clinic-login.example']")) {
				throw new IllegalStateException("cert-be did not get the indicator: " + patterns);
			}
			return "cert-be got " + patterns + "; the AMBER incident was refused (" + reason + ")";
		});
	}

	private void step(String what, java.util.function.Supplier<String> action) {
		this.step++;
		System.out.printf("[%d/10] %s%n", this.step, what);
		long start = System.nanoTime();
		String result = action.get();
		System.out.printf("      ok (%d ms): %s%n", (System.nanoTime() - start) / 1_000_000, result);
	}

	private static JsonNode await(NodeClient node, String path, Predicate<JsonNode> done) {
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		while (true) {
			JsonNode view = node.get(path, Role.COORDINATOR).expect(200, "reading " + path).body();
			if (done.test(view)) {
				return view;
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("still " + view.get("status").asString() + " after "
						+ PATIENCE.toSeconds() + " s: " + view.get("delivery"));
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	private static void expectStatus(JsonNode view, String status) {
		if (!status.equals(view.get("status").asString())) {
			throw new IllegalStateException(
					"expected " + status + ", got " + view.get("status").asString() + ": " + view.get("statusReason"));
		}
	}

}
