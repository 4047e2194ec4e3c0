package org.caduceus.intake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

import org.caduceus.identity.Role;
import org.caduceus.testsupport.ServiceTest;
import org.caduceus.testsupport.TestIdentity;
import org.caduceus.testsupport.informationflow.Answer;
import org.caduceus.testsupport.informationflow.ReadEndpoints;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Information flow, as a property over random worlds: random incidents of every TLP,
 * filed and assigned by random analysts, with observables and notes of their own TLP;
 * random STIX and MISP imports of them by random analysts, some raised to TLP:RED by a
 * coordinator, and re-imported by their importer and by others; then every read endpoint
 * intake publishes in its OpenAPI document, asked by every role, for every incident and
 * every import report. No answer, error or page may carry the id, reference, title,
 * description, observable or note text of what its reader may not see, and asking for an
 * incident one may not see answers exactly as asking for one that does not exist. A read
 * endpoint this test does not know how to call fails it: a new endpoint comes with its
 * coverage.
 *
 * <p>
 * The rule it checks is the node's: a TLP:RED incident is for its creator, its assignee
 * and coordinators; a TLP:RED note for its author, the incident's assignee and
 * coordinators; everything else for every role that reads incidents (analysts,
 * coordinators, auditors); admins read no incidents. An import report is for its importer
 * and coordinators, and names no incident its reader may not see. Run with
 * {@code -Dcaduceus.property.seed=N} to replay a world;
 * {@code -Dcaduceus.property.worlds} sets how many.
 */
@ServiceTest
class InformationFlowPropertyTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final List<String> TLPS = List.of("clear", "green", "amber", "amber+strict", "red");

	static final Map<String, Role> USERS = new LinkedHashMap<>();

	static {
		USERS.put("alice", Role.ANALYST);
		USERS.put("bob", Role.ANALYST);
		USERS.put("carol", Role.COORDINATOR);
		USERS.put("dave", Role.AUDITOR);
		USERS.put("erin", Role.ADMIN);
	}

	@Autowired
	WebTestClient web;

	private int reportsChecked;

	/** What one incident holds, and who made which part of it. */
	record Filed(String id, String ref, String tlp, String creator, String assignee, Set<String> markers,
			List<Note> notes, String domain) {

		boolean visibleTo(String user) {
			Role role = USERS.get(user);
			if (role == Role.ADMIN) {
				return false;
			}
			return !this.tlp.equals("red") || role == Role.COORDINATOR || user.equals(this.creator)
					|| user.equals(this.assignee);
		}

	}

	record Note(String text, String tlp, String author) {
	}

	/** An import's report: who imported, and the ids it may name. */
	record Report(String id, String importer) {

		boolean readableBy(String user) {
			return USERS.get(user) == Role.COORDINATOR
					|| (USERS.get(user) == Role.ANALYST && user.equals(this.importer));
		}

	}

	@Test
	void noReadEndpointShowsAnyoneWhatTheyMayNotSee() {
		long seed = Long.getLong("caduceus.property.seed", System.nanoTime());
		int worlds = Integer.getInteger("caduceus.property.worlds", 2);
		Set<String> endpoints = readEndpoints();
		int cases = 0;
		for (int world = 0; world < worlds; world++) {
			long worldSeed = seed + world;
			try {
				cases += checkWorld(new Random(worldSeed), endpoints);
			}
			catch (AssertionError ex) {
				throw new AssertionError("world with seed " + worldSeed + " (replay with -Dcaduceus.property.seed="
						+ worldSeed + " -Dcaduceus.property.worlds=1): " + ex.getMessage(), ex);
			}
		}
		System.out.printf(
				"information flow: %d worlds from seed %d, %d read endpoints, %d requests checked, %d import reports%n",
				worlds, seed, endpoints.size(), cases, this.reportsChecked);
	}

	private int checkWorld(Random random, Set<String> endpoints) {
		String run = UUID.randomUUID().toString().substring(0, 8);
		String organisation = "Org-" + run;
		List<Filed> filed = new ArrayList<>();
		int count = 6 + random.nextInt(5);
		for (int n = 0; n < count; n++) {
			filed.add(file(random, run, organisation, n));
		}
		List<Report> reports = new ArrayList<>();
		importSome(random, run, filed, reports);
		this.reportsChecked += reports.size();
		String absent = UUID.randomUUID().toString();
		String absentRef = "NL-2001-" + String.format("%06d", 900000 + random.nextInt(99999));
		Map<String, Function<Filed, List<String>>> perIncident = new LinkedHashMap<>();
		perIncident.put("/api/v1/incidents/{id}", (f) -> List.of("/api/v1/incidents/" + f.id()));
		perIncident.put("/api/v1/incidents/{id}/history", (f) -> List.of("/api/v1/incidents/" + f.id() + "/history"));
		perIncident.put("/api/v1/incidents/{id}/nis2", (f) -> List.of("/api/v1/incidents/" + f.id() + "/nis2"));
		perIncident.put("/api/v1/incidents/{id}/nis2/reports/{report}",
				(f) -> List.of("/api/v1/incidents/" + f.id() + "/nis2/reports/early-warning",
						"/api/v1/incidents/" + f.id() + "/nis2/reports/notification"));
		perIncident.put("/api/v1/incidents/{id}/stix", (f) -> List.of("/api/v1/incidents/" + f.id() + "/stix"));
		perIncident.put("/api/v1/incidents/{id}/misp", (f) -> List.of("/api/v1/incidents/" + f.id() + "/misp"));
		perIncident.put("/api/v1/incidents/by-ref/{ref}", (f) -> List.of("/api/v1/incidents/by-ref/" + f.ref()));
		perIncident.put("/api/v1/observables/{type}/{value}",
				(f) -> List.of("/api/v1/observables/domain/" + f.domain()));
		perIncident.put("/api/v1/observables/{type}", (f) -> List.of("/api/v1/observables/domain?value=" + f.domain()));
		Map<String, List<String>> collections = new LinkedHashMap<>();
		collections.put("/api/v1/incidents",
				List.of("/api/v1/incidents?reporterOrganisation=" + organisation + "&limit=100",
						"/api/v1/incidents?reporterOrganisation=" + organisation + "&limit=1",
						"/api/v1/incidents?reporterOrganisation=" + organisation + "&limit=100&sort=severity",
						"/api/v1/incidents?q=" + run + "&limit=100", "/api/v1/incidents?limit=100",
						"/api/v1/incidents?unassigned=true&limit=100"));
		collections.put("/api/v1/nis2/overdue", List.of("/api/v1/nis2/overdue"));
		collections.put("/api/v1/nis2/board", List.of("/api/v1/nis2/board"));
		collections.put("/api/v1/stats", List.of("/api/v1/stats?groupBy=tlp", "/api/v1/stats?groupBy=rsitClass"));
		collections.put("/api/v1/taxonomy", List.of("/api/v1/taxonomy"));
		collections.put("/api/v1/imports/{id}", List.of("/api/v1/imports/" + absent));
		Set<String> covered = new TreeSet<>(perIncident.keySet());
		covered.addAll(collections.keySet());
		ReadEndpoints.assertCovered(endpoints, covered);

		int cases = 0;
		for (String user : USERS.keySet()) {
			List<Filed> hidden = filed.stream().filter((f) -> !f.visibleTo(user)).toList();
			Set<String> forbidden = new LinkedHashSet<>();
			Set<String> allowed = new LinkedHashSet<>();
			for (Filed f : filed) {
				if (!f.visibleTo(user)) {
					forbidden.addAll(f.markers());
					forbidden.add(f.id());
					forbidden.add(f.ref());
					f.notes().forEach((note) -> forbidden.add(note.text()));
				}
				else {
					allowed.addAll(f.markers());
					allowed.add(f.id());
					allowed.add(f.ref());
					f.notes().forEach((note) -> (noteVisible(note, f, user) ? allowed : forbidden).add(note.text()));
				}
			}
			// an import copies a title into incidents of other TLPs: what one may see in
			// one of them is no secret in another
			forbidden.removeAll(allowed);
			for (Filed f : filed) {
				for (Function<Filed, List<String>> paths : perIncident.values()) {
					for (String path : paths.apply(f)) {
						get(path, user).assertCarriesNone(forbidden, user, path);
						cases++;
					}
				}
			}
			for (List<String> paths : collections.values()) {
				for (String path : paths) {
					get(path, user).assertCarriesNone(forbidden, user, path);
					cases++;
				}
			}
			for (Report report : reports) {
				String path = "/api/v1/imports/" + report.id();
				Answer answer = get(path, user);
				answer.assertCarriesNone(forbidden, user, path);
				if (report.readableBy(user)) {
					assertThat(answer.status()).as("%s GET %s (a report they may read)", user, path).isEqualTo(200);
				}
				else {
					assertThat(answer.normalised(Map.of(report.id(), "ID")))
						.as("%s asking %s (a report they may not read) answers otherwise than for one that does"
								+ " not exist", user, path)
						.isEqualTo(get("/api/v1/imports/" + absent, user).normalised(Map.of(absent, "ID")));
				}
				cases += 2;
			}
			// not there and not yours answer the same
			for (Filed f : hidden) {
				Filed missing = new Filed(absent, absentRef, f.tlp(), f.creator(), f.assignee(), Set.of(), List.of(),
						"absent-" + run + ".example");
				// an import's copy carries its source's observables: where the user may
				// see
				// another incident with this one's domain, a lookup of the domain rightly
				// lists that one (what it carries is checked above all the same)
				boolean sharedDomain = filed.stream()
					.anyMatch((other) -> other != f && other.domain().equals(f.domain()) && other.visibleTo(user));
				for (var endpoint : perIncident.entrySet()) {
					if (sharedDomain && endpoint.getKey().startsWith("/api/v1/observables/")) {
						continue;
					}
					Function<Filed, List<String>> paths = endpoint.getValue();
					List<String> real = paths.apply(f);
					List<String> none = paths.apply(missing);
					for (int i = 0; i < real.size(); i++) {
						Answer seen = get(real.get(i), user);
						Answer unseen = get(none.get(i), user);
						assertThat(seen.normalised(asked(f, missing)))
							.as("%s asking %s (a %s incident they may not see) answers otherwise than for one that"
									+ " does not exist", user, real.get(i), f.tlp())
							.isEqualTo(unseen.normalised(asked(missing)));
						cases += 2;
					}
				}
			}
		}
		return cases;
	}

	/**
	 * Imports some of the world's incidents as partners' files (STIX bundles or MISP
	 * events, with titles of their own) by analysts who may see them; a coordinator
	 * raises some of the copies to TLP:RED; then each file is imported again by the other
	 * analyst and, sometimes, by its importer. Each copy joins the world.
	 */
	private void importSome(Random random, String run, List<Filed> filed, List<Report> reports) {
		List<Filed> sources = List.copyOf(filed);
		int count = 2 + random.nextInt(3);
		for (int k = 0; k < count; k++) {
			Filed source = sources.get(random.nextInt(sources.size()));
			List<String> importers = List.of("alice", "bob").stream().filter(source::visibleTo).toList();
			if (importers.isEmpty()) {
				continue;
			}
			String importer = importers.get(random.nextInt(importers.size()));
			boolean stix = random.nextBoolean();
			String title = "Imported-" + run + "-" + k;
			String description = "ImportedText-" + run + "-" + k;
			String file = partnerFile(stix, source, importer, title, description);
			// what the file says is its importer's to know, and then the copy's: the
			// source's reference (the partner's), observables and shared contact included
			Set<String> markers = new LinkedHashSet<>(List.of(title, description, source.ref(), source.domain()));
			source.markers().stream().filter((marker) -> marker.startsWith("Contact-")).forEach(markers::add);
			Filed copy = importAs(importer, stix, file, source, markers, filed, reports);
			if (copy != null && random.nextBoolean()) {
				raiseToRed(copy, filed);
			}
			String other = importer.equals("alice") ? "bob" : "alice";
			importAs(other, stix, file, source, markers, filed, reports);
			if (random.nextBoolean()) {
				importAs(importer, stix, file, source, markers, filed, reports);
			}
		}
	}

	private String partnerFile(boolean stix, Filed source, String importer, String title, String description) {
		JsonNode exported = JSON.readTree(this.web.get()
			.uri("/api/v1/incidents/{id}/" + (stix ? "stix" : "misp"), source.id())
			.header("Authorization", bearer(importer))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody());
		if (stix) {
			for (JsonNode object : exported.get("objects")) {
				if (object.get("type").asString().equals("incident")) {
					((ObjectNode) object).put("name", title);
					((ObjectNode) object).put("description", description);
				}
			}
		}
		else {
			ObjectNode event = (ObjectNode) exported.get("Event");
			event.put("info", source.ref() + ": " + title);
			event.put("description", description);
		}
		return exported.toString();
	}

	/**
	 * Imports {@code file} as {@code user}; a new copy joins the world and is returned.
	 */
	private Filed importAs(String user, boolean stix, String file, Filed source, Set<String> markers, List<Filed> filed,
			List<Report> reports) {
		JsonNode report = JSON.readTree(this.web.post()
			.uri(stix ? "/api/v1/stix/bundles" : "/api/v1/misp/events")
			.header("Authorization", bearer(user))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(file)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.returnResult()
			.getResponseBody());
		reports.add(new Report(report.get("id").asString(), user));
		JsonNode outcome = report.get("incidents").get(0);
		if (!outcome.get("outcome").asString().equals("created")) {
			return null;
		}
		String id = outcome.get("id").asString();
		JsonNode incident = JSON.readTree(this.web.get()
			.uri("/api/v1/incidents/{id}", id)
			.header("Authorization", bearer(user))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody());
		Filed copy = new Filed(id, incident.get("ref").asString(), incident.get("tlp").asString(), user, null, markers,
				List.of(), source.domain());
		filed.add(copy);
		return copy;
	}

	private void raiseToRed(Filed copy, List<Filed> filed) {
		JsonNode incident = JSON.readTree(this.web.get()
			.uri("/api/v1/incidents/{id}", copy.id())
			.header("Authorization", bearer("carol"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody());
		this.web.patch()
			.uri("/api/v1/incidents/{id}", copy.id())
			.header("Authorization", bearer("carol"))
			.header("If-Match", "\"" + incident.get("version").asLong() + "\"")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("tlp", "red"))
			.exchange()
			.expectStatus()
			.isOk();
		filed.set(filed.indexOf(copy), new Filed(copy.id(), copy.ref(), "red", copy.creator(), copy.assignee(),
				copy.markers(), copy.notes(), copy.domain()));
	}

	private static boolean noteVisible(Note note, Filed incident, String user) {
		Role role = USERS.get(user);
		return !note.tlp().equals("red") || role == Role.COORDINATOR || user.equals(note.author())
				|| user.equals(incident.assignee());
	}

	private Filed file(Random random, String run, String organisation, int n) {
		String tlp = TLPS.get(random.nextInt(TLPS.size()));
		String creator = random.nextBoolean() ? "alice" : "bob";
		String title = "Title-" + run + "-" + n + ".";
		String description = "Description-" + run + "-" + n + ".";
		String domain = "o" + n + "-" + run + ".example";
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("title", title);
		body.put("description", description);
		body.put("rsitClass", "malicious-code");
		body.put("rsitType", "infected-system");
		body.put("careServices", List.of("diagnostics-imaging"));
		body.put("tlp", tlp);
		body.put("severity", List.of("low", "medium", "high", "critical").get(random.nextInt(4)));
		body.put("patientSafetyImpact", "potential");
		body.put("careDisruption", "degraded");
		body.put("reporter",
				Map.of("organisation", organisation, "entityType", "healthcare-provider", "contact",
						Map.of("name", "Contact-" + run + "-" + n + ".", "email", "c" + n + "@" + run + ".example"),
						"consentToShare", random.nextBoolean()));
		body.put("observables", List.of(Map.of("type", "domain", "value", domain)));
		JsonNode created = JSON.readTree(this.web.post()
			.uri("/api/v1/incidents")
			.header("Authorization", bearer(creator))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.returnResult()
			.getResponseBody());
		String id = created.get("id").asString();
		String assignee = null;
		if (random.nextInt(3) == 0) {
			assignee = creator.equals("alice") ? "bob" : "alice";
			this.web.put()
				.uri("/api/v1/incidents/{id}/assignee", id)
				.header("Authorization", bearer("carol"))
				.header("If-Match", "\"" + created.get("version").asString("0") + "\"")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("assignee", assignee))
				.exchange()
				.expectStatus()
				.is2xxSuccessful();
		}
		List<Note> notes = new ArrayList<>();
		int noteCount = random.nextInt(3);
		for (int k = 0; k < noteCount; k++) {
			String author = List.of("alice", "bob", "carol").get(random.nextInt(3));
			Filed so = new Filed(id, created.get("ref").asString(), tlp, creator, assignee, Set.of(), List.of(),
					domain);
			if (!so.visibleTo(author)) {
				continue;
			}
			String noteTlp = TLPS.get(random.nextInt(TLPS.size()));
			String text = "Note-" + run + "-" + n + "-" + k;
			this.web.post()
				.uri("/api/v1/incidents/{id}/notes", id)
				.header("Authorization", bearer(author))
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("text", text, "tlp", noteTlp))
				.exchange()
				.expectStatus()
				.is2xxSuccessful();
			notes.add(new Note(text, noteTlp, author));
		}
		return new Filed(id, created.get("ref").asString(), tlp, creator, assignee,
				Set.of(title, description, domain, "Contact-" + run + "-" + n + "."), List.copyOf(notes), domain);
	}

	/** The GET paths of the OpenAPI document (springdoc), as their templates. */
	private Set<String> readEndpoints() {
		Set<String> paths = ReadEndpoints.of(this.web, "/");
		assertThat(paths).as("the OpenAPI document lists intake's read endpoints").contains("/api/v1/incidents/{id}");
		return paths;
	}

	/** What identifies the incidents asked for in an answer, and what each becomes. */
	private static Map<String, String> asked(Filed... incidents) {
		Map<String, String> asked = new LinkedHashMap<>();
		for (Filed incident : incidents) {
			asked.put(incident.id(), "ID");
			asked.put(incident.ref(), "REF");
			asked.put(incident.domain(), "DOMAIN");
		}
		return asked;
	}

	private Answer get(String path, String user) {
		return Answer.get(this.web, path, bearer(user));
	}

	private static String bearer(String user) {
		return TestIdentity.get().bearer(user, USERS.get(user));
	}

}
