package org.caduceus.intake.stats;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.caduceus.identity.Role;
import org.caduceus.taxonomy.Taxonomy;
import org.caduceus.testsupport.ServiceTest;
import org.caduceus.testsupport.TestIdentity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

@ServiceTest
class StatsIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String WINDOW = "from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z";

	@Autowired
	WebTestClient web;

	@Test
	void countsByGroupSuppressingSmallCellsAndWithholdingRedAndAmberStrict() {
		for (int i = 0; i < 6; i++) {
			file("availability", "ddos", "green", "emergency-care");
		}
		file("fraud", "phishing", "amber", "pharmacy");
		file("fraud", "phishing", "amber", "pharmacy");
		file("intrusions", "system-compromise", "red", "laboratory");
		file("intrusions", "system-compromise", "amber+strict", "laboratory");
		JsonNode byClass = stats("rsitClass", "2020-01-01T00:00:00Z", "2020-02-01T00:00:00Z");
		// every RSIT class is listed, counted or not, so a missing one reads as nothing
		assertThat(byClass.get("cells"))
			.hasSize(Taxonomy.current().namespace("rsit").orElseThrow().predicates().size());
		// 6, rounded to 5
		assertThat(cell(byClass, "availability").get("count").asLong()).isEqualTo(5);
		assertThat(cell(byClass, "availability").get("suppressed").asBoolean()).isFalse();
		assertThat(cell(byClass, "fraud").get("suppressed").asBoolean()).isTrue();
		assertThat(cell(byClass, "fraud").path("count").isNumber()).isFalse();
		// RED and AMBER+STRICT incidents are not broken down: their class reads as none
		// at all (suppressed, as every count under 5, zero included), and two of them are
		// too few to show
		assertThat(unkeyed(cell(byClass, "intrusions"))).isEqualTo(unkeyed(cell(byClass, "fraud")));
		assertThat(byClass.get("withheld").get("suppressed").asBoolean()).isTrue();
		assertThat(byClass.get("withheld").path("count").isNumber()).isFalse();
		assertThat(byClass.get("minimumCell").asInt()).isEqualTo(5);
		assertThat(byClass.get("rounding").asInt()).isEqualTo(5);
		this.web.get()
			.uri("/api/v1/stats?groupBy=careService&" + WINDOW)
			.header("Authorization", TestIdentity.get().bearer("coord", Role.COORDINATOR))
			.exchange()
			.expectBody()
			.jsonPath("$.cells[?(@.key == 'emergency-care')].count")
			.isEqualTo(List.of(5));
		this.web.get()
			.uri("/api/v1/stats?groupBy=month&" + WINDOW)
			.header("Authorization", TestIdentity.get().bearer("coord", Role.COORDINATOR))
			.exchange()
			.expectBody()
			.jsonPath("$.cells.length()")
			.isEqualTo(1)
			.jsonPath("$.cells[0].key")
			.isEqualTo("2020-01")
			// 8, rounded to 10
			.jsonPath("$.cells[0].count")
			.isEqualTo(10);
	}

	/**
	 * Periods free to the millisecond, or a month with one more incident than another
	 * counted exactly, let two overlapping queries single out one incident.
	 */
	@Test
	void twoOverlappingPeriodsCannotBeDifferencedToIsolateOneIncident() {
		for (int i = 0; i < 6; i++) {
			file("fraud", "phishing", "green", "pharmacy", "2019-03-10T10:00:00Z");
		}
		// the one incident an auditor tries to locate
		file("fraud", "phishing", "green", "pharmacy", "2019-04-20T10:00:00Z");

		JsonNode march = stats("rsitClass", "2019-03-01T00:00:00Z", "2019-04-01T00:00:00Z");
		JsonNode marchAndApril = stats("rsitClass", "2019-03-01T00:00:00Z", "2019-05-01T00:00:00Z");
		assertThat(cell(marchAndApril, "fraud")).isEqualTo(cell(march, "fraud"));
		// in April alone, one incident reads exactly as none
		JsonNode april = stats("rsitClass", "2019-04-01T00:00:00Z", "2019-05-01T00:00:00Z");
		assertThat(unkeyed(cell(april, "fraud"))).isEqualTo(unkeyed(cell(april, "availability")));
		// and the months side by side: April alone would be suppressed, so March is too,
		// or March's figure and any total would give April's
		JsonNode months = stats("month", "2019-03-01T00:00:00Z", "2019-05-01T00:00:00Z");
		assertThat(cell(months, "2019-04").get("suppressed").asBoolean()).isTrue();
		assertThat(cell(months, "2019-03").get("suppressed").asBoolean()).isTrue();
		assertThat(cell(months, "2019-03").path("count").isNumber()).isFalse();

		// the window that would have isolated it: the incident's millisecond and the next
		for (String[] period : List.of(new String[] { "2019-04-20T10:00:00Z", "2019-04-20T10:00:00.001Z" },
				new String[] { "2019-03-01T00:00:00Z", "2019-04-20T10:00:00.001Z" },
				new String[] { "2019-03-02T00:00:00Z", "2019-05-01T00:00:00Z" })) {
			JsonNode problem = JSON.readTree(this.web.get()
				.uri("/api/v1/stats?groupBy=rsitClass&from={from}&to={to}", period[0], period[1])
				.header("Authorization", TestIdentity.get().bearer("policy", Role.AUDITOR))
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType("application/problem+json")
				.expectBody(String.class)
				.returnResult()
				.getResponseBody());
			assertThat(problem.get("type").asString()).endsWith("period-not-allowed");
			assertThat(problem.get("detail").asString()).contains("start of a calendar month (UTC)");
		}
	}

	@Test
	void periodsAreWholeMonthsAndDefaultToTheLastTwelve() {
		JsonNode defaults = stats("month", null, null);
		Instant from = Instant.parse(defaults.get("from").asString());
		Instant to = Instant.parse(defaults.get("to").asString());
		assertThat(from.atZone(ZoneOffset.UTC).getDayOfMonth()).isEqualTo(1);
		assertThat(from.atZone(ZoneOffset.UTC).plusMonths(12).toInstant()).isEqualTo(to);
		assertThat(defaults.get("cells")).hasSize(12);
		this.web.get()
			.uri("/api/v1/stats?groupBy=month&from=2020-03-01T00:00:00Z&to=2020-02-01T00:00:00Z")
			.header("Authorization", TestIdentity.get().bearer("policy", Role.AUDITOR))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("to");
	}

	@Test
	void isForAuditorsAndCoordinatorsOnlyAndNamesABadGrouping() {
		this.web.get()
			.uri("/api/v1/stats?groupBy=rsitClass")
			.header("Authorization", TestIdentity.get().bearer("alice", Role.ANALYST))
			.exchange()
			.expectStatus()
			.isForbidden();
		this.web.get()
			.uri("/api/v1/stats?groupBy=hospital")
			.header("Authorization", TestIdentity.get().bearer("policy", Role.AUDITOR))
			.exchange()
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("groupBy");
	}

	private void file(String rsitClass, String rsitType, String tlp, String careService) {
		file(rsitClass, rsitType, tlp, careService, "2020-01-15T10:00:00Z");
	}

	private JsonNode stats(String groupBy, String from, String to) {
		String period = ((from != null) ? "&from=" + from : "") + ((to != null) ? "&to=" + to : "");
		return JSON.readTree(this.web.get()
			.uri("/api/v1/stats?groupBy=" + groupBy + period)
			.header("Authorization", TestIdentity.get().bearer("policy", Role.AUDITOR))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
	}

	private static ObjectNode cell(JsonNode stats, String key) {
		for (JsonNode cell : stats.get("cells")) {
			if (cell.get("key").asString().equals(key)) {
				return (ObjectNode) cell;
			}
		}
		throw new AssertionError("no cell " + key + " in " + stats);
	}

	private static JsonNode unkeyed(ObjectNode cell) {
		ObjectNode copy = cell.deepCopy();
		copy.remove("key");
		return copy;
	}

	private void file(String rsitClass, String rsitType, String tlp, String careService, String awareAt) {
		Map<String, Object> body = Map.of("title", "stats", "rsitClass", rsitClass, "rsitType", rsitType, "tlp", tlp,
				"careServices", java.util.List.of(careService), "awareAt", awareAt, "reporter",
				Map.of("organisation", "Stats Hospital", "entityType", "healthcare-provider"));
		this.web.post()
			.uri("/api/v1/incidents")
			.header("Authorization", TestIdentity.get().bearer("statsfiler", Role.ANALYST))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isCreated();
	}

}
