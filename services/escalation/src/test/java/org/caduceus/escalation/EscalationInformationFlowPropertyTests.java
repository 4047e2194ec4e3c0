package org.caduceus.escalation;

import java.time.Instant;
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
import org.caduceus.testsupport.TestIdentity;
import org.caduceus.testsupport.informationflow.Answer;
import org.caduceus.testsupport.informationflow.ReadEndpoints;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, the information-flow property of escalation records: random worlds of
 * escalations, sent and received, of incidents of every TLP (intake, faked from the
 * intake contract's records, hides a TLP:RED incident from everyone but coordinators, and
 * some incidents are raised to RED after they were escalated); every GET endpoint of the
 * service's OpenAPI document asked by every role. No answer carries the key, incident id,
 * reference or reason of an escalation whose incident the reader may not see; paging
 * shows exactly what they may see, in full pages; a hidden escalation answers exactly as
 * a missing one; a read endpoint without coverage fails the test. Run with
 * {@code -Dcaduceus.property.seed=N} to replay a world;
 * {@code -Dcaduceus.property.worlds} sets how many.
 */
class EscalationInformationFlowPropertyTests extends EscalationIntegrationTest {

	static final List<String> TLPS = List.of("clear", "green", "amber", "amber+strict", "red");

	static final Map<String, Role> USERS = new LinkedHashMap<>();

	static {
		USERS.put("alice", Role.ANALYST);
		USERS.put("carol", Role.COORDINATOR);
		USERS.put("dave", Role.AUDITOR);
		USERS.put("erin", Role.ADMIN);
	}

	/** One escalation and what marks it in an answer. */
	record Filed(String key, String tlpNow, Set<String> markers, boolean inbound) {

		boolean visibleTo(String user) {
			return USERS.get(user) == Role.COORDINATOR || !this.tlpNow.equals("red");
		}

	}

	@Test
	void noEscalationReadShowsAnyoneAnEscalationOfAnIncidentTheyMayNotSee() {
		long seed = Long.getLong("caduceus.property.seed", System.nanoTime());
		int worlds = Integer.getInteger("caduceus.property.worlds", 2);
		Set<String> endpoints = readEndpoints();
		int cases = 0;
		for (int world = 0; world < worlds; world++) {
			long worldSeed = seed + world;
			freshWorld();
			try {
				cases += checkWorld(new Random(worldSeed), endpoints);
			}
			catch (AssertionError ex) {
				throw new AssertionError("world with seed " + worldSeed + " (replay with -Dcaduceus.property.seed="
						+ worldSeed + " -Dcaduceus.property.worlds=1): " + ex.getMessage(), ex);
			}
		}
		System.out.printf(
				"escalation information flow: %d worlds from seed %d, %d read endpoints, %d requests" + " checked%n",
				worlds, seed, endpoints.size(), cases);
	}

	private void freshWorld() {
		neighbours.reset();
		neighbours.peer(PARTNER, "amber");
		this.mongo.remove(new Query(), "escalations").block();
	}

	private int checkWorld(Random random, Set<String> endpoints) {
		String run = UUID.randomUUID().toString().substring(0, 8);
		if (random.nextBoolean()) {
			neighbours.partner = Neighbours::offline;
		}
		List<Filed> filed = new ArrayList<>();
		int count = 8 + random.nextInt(6);
		for (int n = 0; n < count; n++) {
			filed.add(file(random, run, n));
		}
		// some are overdue, so the overdue list has something to leak
		for (Filed f : filed) {
			if (random.nextInt(3) == 0) {
				this.mongo.updateFirst(Query.query(Criteria.where("_id").is(f.key())),
						new Update().set("ackDueAt", Instant.now().minusSeconds(3600))
							.set("decisionDueAt", Instant.now().minusSeconds(60)),
						"escalations")
					.block();
			}
		}
		String missingOutbound = UUID.randomUUID().toString();
		String missingInbound = PARTNER + ":" + UUID.randomUUID();
		Map<String, Function<Filed, String>> perEscalation = new LinkedHashMap<>();
		perEscalation.put("/api/v1/escalations/{id}", (f) -> "/api/v1/escalations/" + f.key());
		Map<String, List<String>> collections = new LinkedHashMap<>();
		collections.put("/api/v1/escalations", List.of("/api/v1/escalations?limit=200",
				"/api/v1/escalations?status=BLOCKED&limit=200", "/api/v1/escalations?status=QUEUED&status=ACKNOWLEDGED",
				"/api/v1/escalations?direction=inbound", "/api/v1/escalations?direction=outbound&peer=" + PARTNER));
		collections.put("/api/v1/escalations/overdue", List.of("/api/v1/escalations/overdue"));
		Set<String> covered = new TreeSet<>(perEscalation.keySet());
		covered.addAll(collections.keySet());
		ReadEndpoints.assertCovered(endpoints, covered);

		int cases = 0;
		for (String user : USERS.keySet()) {
			Set<String> forbidden = new LinkedHashSet<>();
			filed.stream().filter((f) -> !f.visibleTo(user)).forEach((f) -> forbidden.addAll(f.markers()));
			for (Filed f : filed) {
				String path = perEscalation.get("/api/v1/escalations/{id}").apply(f);
				Answer answer = get(path, user);
				answer.assertCarriesNone(forbidden, user, path);
				cases++;
				if (!f.visibleTo(user)) {
					String missing = f.inbound() ? missingInbound : missingOutbound;
					Answer none = get("/api/v1/escalations/" + missing, user);
					assertThat(answer.normalised(Map.of(f.key(), "KEY")))
						.as("%s asking %s (of a %s incident they may not see) answers otherwise than for one"
								+ " that does not exist", user, path, f.tlpNow())
						.isEqualTo(none.normalised(Map.of(missing, "KEY")));
					cases++;
				}
			}
			for (List<String> paths : collections.values()) {
				for (String path : paths) {
					get(path, user).assertCarriesNone(forbidden, user, path);
					cases++;
				}
			}
			if (USERS.get(user) == Role.COORDINATOR || USERS.get(user) == Role.AUDITOR) {
				cases += checkPaging(filed, user, forbidden, 1 + random.nextInt(3));
			}
		}
		return cases;
	}

	/**
	 * Walking the list page by page shows exactly the escalations the reader may see,
	 * each once, newest first, every page full but the last: page sizes and cursors tell
	 * nothing of the others.
	 */
	private int checkPaging(List<Filed> filed, String user, Set<String> forbidden, int limit) {
		Set<String> expected = new TreeSet<>();
		filed.stream().filter((f) -> f.visibleTo(user)).forEach((f) -> expected.add(f.key()));
		List<String> seen = new ArrayList<>();
		String path = "/api/v1/escalations?limit=" + limit;
		int cases = 0;
		while (path != null) {
			Answer answer = get(path, user);
			answer.assertCarriesNone(forbidden, user, path);
			cases++;
			JsonNode page = Neighbours.JSON.readTree(answer.body());
			JsonNode items = page.get("items");
			items.valueStream().forEach((item) -> seen.add(item.get("id").asString()));
			boolean last = page.get("next").isNull();
			if (!last) {
				assertThat(items.size()).as("%s: a page before the last is full", user).isEqualTo(limit);
			}
			path = last ? null : "/api/v1/escalations?limit=" + limit + "&after=" + page.get("next").asString();
		}
		assertThat(seen).as("%s walking the list by %d", user, limit).doesNotHaveDuplicates();
		assertThat(new TreeSet<>(seen)).as("%s walking the list by %d", user, limit).isEqualTo(expected);
		return cases;
	}

	/**
	 * One escalation: sent by the coordinator (RED and AMBER+STRICT are BLOCKED) or
	 * received from the partner; then, sometimes, its incident raised to RED here.
	 */
	private Filed file(Random random, String run, int n) {
		String tlp = TLPS.get(random.nextInt(TLPS.size()));
		IncidentJson incident = new IncidentJson(tlp).atIntake();
		String reason = "Reason-" + run + "-" + n + ".";
		boolean inbound = random.nextInt(3) == 0;
		String key;
		if (inbound) {
			key = receivedFromPartner(incident);
			reason = this.mongo.findById(key, org.bson.Document.class, "escalations").block().getString("reason");
		}
		else {
			Map<String, Object> body = Map.of("incidentId", incident.id(), "to", List.of(PARTNER), "reason", reason);
			EntityExchangeResult<byte[]> result = this.web.post()
				.uri("/api/v1/escalations")
				.header("Authorization", bearer("carol"))
				.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange()
				.expectBody()
				.returnResult();
			JsonNode answer = Neighbours.JSON.readTree(result.getResponseBody());
			key = (result.getStatus().value() == 201) ? answer.get(0).get("id").asString()
					: answer.get("violations").get(0).get("escalationId").asString();
		}
		String now = (random.nextInt(4) == 0) ? "red" : tlp;
		if (now.equals("red")) {
			neighbours.shownOnlyTo.put(incident.id(), Set.of("carol", "escalation"));
		}
		return new Filed(key, now,
				Set.copyOf(List.of(key, key.substring(key.indexOf(':') + 1), incident.id(), incident.ref(), reason)),
				inbound);
	}

	/** The GET paths of the OpenAPI document (springdoc), as their templates. */
	private Set<String> readEndpoints() {
		Set<String> paths = ReadEndpoints.of(this.web, "/api/");
		assertThat(paths).as("the OpenAPI document lists escalation's read endpoints")
			.contains("/api/v1/escalations/{id}");
		return paths;
	}

	private Answer get(String path, String user) {
		return Answer.get(this.web, path, bearer(user));
	}

	private static String bearer(String user) {
		return TestIdentity.get().bearer(user, USERS.get(user));
	}

}
