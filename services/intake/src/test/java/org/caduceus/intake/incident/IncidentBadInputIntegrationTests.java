package org.caduceus.intake.incident;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.caduceus.identity.Role;
import org.caduceus.testsupport.ServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.caduceus.intake.incident.IncidentFixtures.as;
import static org.caduceus.intake.incident.IncidentFixtures.file;
import static org.caduceus.intake.incident.IncidentFixtures.incident;
import static org.caduceus.intake.incident.IncidentFixtures.observable;

/**
 * Every kind of bad input gets a precise 4xx problem naming the field, and writes
 * nothing: each test counts the documents of every intake collection before and after.
 */
@ServiceTest
class IncidentBadInputIntegrationTests {

	@Autowired
	WebTestClient web;

	@Autowired
	ReactiveMongoTemplate mongo;

	@Test
	void refusesAnUnknownTaxonomyValue() {
		expectRefused(incident("x").with("rsitType", "ransomware"), 422, "rsitType");
		expectRefused(incident("x").with("careServices", List.of("dentistry")), 422, "careService");
		expectRefused(incident("x").with("severity", "catastrophic"), 422, "severity");
	}

	@Test
	void refusesABadTlp() {
		expectRefused(incident("x").with("tlp", "purple"), 422, "tlp");
	}

	@Test
	void refusesMalformedObservablesNamingWhichOne() {
		expectRefused(incident("x").observables(observable("ipv4", "192.0.2.1"), observable("ipv4", "999.1.1.1")), 422,
				"observables[1].value");
		expectRefused(incident("x").observables(observable("sha256", "not a hash")), 422, "observables[0].value");
		expectRefused(incident("x").observables(observable("mac", "00:11")), 422, "observables[0].type");
	}

	@Test
	void refusesOverLongFields() {
		expectRefused(incident("x".repeat(201)), 422, "title");
		expectRefused(incident("x").with("description", "y".repeat(20_001)), 422, "description");
	}

	@Test
	void refusesMissingRequiredFields() {
		expectRefused(incident("x").without("rsitClass"), 422, "rsitClass");
		expectRefused(incident("x").without("reporter"), 422, "reporter");
	}

	@Test
	void refusesInvalidJson() {
		unchanged(() -> this.web.post()
			.uri("/api/v1/incidents")
			.header("Authorization", as("alice", Role.ANALYST))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"title\": \"unterminated")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:malformed-json")
			.jsonPath("$.trace")
			.doesNotExist());
	}

	@Test
	void refusesAWrongContentTypeWith415() {
		unchanged(() -> this.web.post()
			.uri("/api/v1/incidents")
			.header("Authorization", as("alice", Role.ANALYST))
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("title=x")
			.exchange()
			.expectStatus()
			.isEqualTo(415)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void refusesUnknownFields() {
		expectRefused(incident("x").with("priority", "P1"), 400, "priority");
	}

	@Test
	void refusesAWrongType() {
		expectRefused(incident("x").with("significant", "perhaps"), 400, "significant");
	}

	@Test
	void refusesAnIllegalTransitionAndAStaleOrMissingIfMatchWithoutChangingTheIncident() {
		String id = (String) file(this.web, "alice", Role.ANALYST, incident("Guarded")).get("id");
		unchanged(() -> transition(id, "\"0\"", "CLOSED").isEqualTo(409));
		unchanged(() -> transition(id, "\"7\"", "TRIAGED").isEqualTo(412));
		unchanged(() -> transition(id, null, "TRIAGED").isEqualTo(428));
		unchanged(() -> transition(id, "\"0\"", "SOLVED").isEqualTo(422));
		this.web.get()
			.uri("/api/v1/incidents/{id}", id)
			.header("Authorization", as("alice", Role.ANALYST))
			.exchange()
			.expectHeader()
			.valueEquals("ETag", "\"0\"")
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("NEW");
	}

	@Test
	void refusesAPageSizeOverTheMaximumAndABadCursor() {
		for (String query : new String[] { "limit=500", "limit=0", "after=not-a-cursor", "sort=title", "from=yesterday",
				"status=SOLVED", "observable=ipv4:999.1.1.1" }) {
			String field = query.substring(0, query.indexOf('='));
			this.web.get()
				.uri("/api/v1/incidents?" + query)
				.header("Authorization", as("alice", Role.ANALYST))
				.exchange()
				.expectStatus()
				.isEqualTo(422)
				.expectBody()
				.jsonPath("$.errors[0].field")
				.isEqualTo(field);
		}
	}

	private void expectRefused(Object body, int status, String field) {
		unchanged(() -> this.web.post()
			.uri("/api/v1/incidents")
			.header("Authorization", as("alice", Role.ANALYST))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors[*].field")
			.value((Consumer<List<String>>) (fields) -> assertThat(fields).contains(field))
			.jsonPath("$.trace")
			.doesNotExist());
	}

	private org.springframework.test.web.reactive.server.StatusAssertions transition(String id, String ifMatch,
			String to) {
		var request = this.web.post()
			.uri("/api/v1/incidents/{id}/transitions", id)
			.header("Authorization", as("alice", Role.ANALYST))
			.contentType(MediaType.APPLICATION_JSON);
		if (ifMatch != null) {
			request = request.header("If-Match", ifMatch);
		}
		return request.bodyValue(Map.of("to", to)).exchange().expectStatus();
	}

	/** Runs {@code request} and checks that no collection gained or lost a document. */
	private void unchanged(Runnable request) {
		Map<String, Long> before = counts();
		request.run();
		assertThat(counts()).isEqualTo(before);
	}

	private Map<String, Long> counts() {
		return Map.of("incidents", count(IncidentStore.COLLECTION), "refs", count(RefAllocator.COLLECTION));
	}

	private long count(String collection) {
		return this.mongo.count(new Query(), collection).block();
	}

}
