package org.caduceus.testsupport;

import org.caduceus.identity.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every Caduceus service promises, whatever its business: health groups that include
 * its database, Prometheus metrics, an OpenAPI document, identity only from the gateway's
 * signed token, and problem+json for every error. Each service's test extends this.
 */
@ServiceTest
public abstract class ServiceContractTests {

	@Autowired
	protected WebTestClient web;

	@Test
	void reportsReadinessIncludingItsDatabaseAndLiveness() {
		this.web.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.components.mongo.status")
			.isEqualTo("UP");
		this.web.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
	}

	@Test
	void exposesPrometheusMetricsToAdminsOnly() {
		this.web.get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
		this.web.get()
			.uri("/actuator/prometheus")
			.header("Authorization", TestIdentity.get().bearer("alice", org.caduceus.identity.Role.ANALYST))
			.exchange()
			.expectStatus()
			.isForbidden();
		this.web.get()
			.uri("/actuator/prometheus")
			.header("Authorization", TestIdentity.get().bearer("root", org.caduceus.identity.Role.ADMIN))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("jvm_memory_used_bytes"));
	}

	@Test
	void publishesItsOpenApiDocument() {
		this.web.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody().jsonPath("$.openapi").exists();
	}

	@Test
	void refusesARequestWithoutTheGatewaysTokenEvenWithForgedIdentityHeaders() {
		this.web.get()
			.uri("/api/v1/anything")
			.header("X-User", "alice")
			.header("X-Roles", "admin")
			.header("X-Forwarded-User", "alice")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:unauthenticated")
			.jsonPath("$.requestId")
			.exists();
	}

	@Test
	void refusesAnIdentityTokenSignedByAnyOtherKey() {
		this.web.get()
			.uri("/api/v1/anything")
			.header("Authorization", TestIdentity.get().bearerSignedByAnotherKey("mallory", Role.ADMIN))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("The bearer token is invalid (signature, issuer, audience or format)");
	}

	@Test
	void answersUnknownPathsWithAProblemAndNoTrace() {
		this.web.get()
			.uri("/api/v1/nothing-here")
			.header("Authorization", TestIdentity.get().bearer("alice", Role.ANALYST))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(404)
			.jsonPath("$.type")
			.isEqualTo("urn:caduceus:problem:not-found")
			.jsonPath("$.trace")
			.doesNotExist();
	}

	@Test
	void echoesAWellFormedRequestIdAndReplacesAMalformedOne() {
		this.web.get()
			.uri("/actuator/health/liveness")
			.header("X-Request-Id", "req-12345678")
			.exchange()
			.expectHeader()
			.valueEquals("X-Request-Id", "req-12345678");
		this.web.get()
			.uri("/actuator/health/liveness")
			.header("X-Request-Id", "<script>alert(1)</script>")
			.exchange()
			.expectHeader()
			.value("X-Request-Id", (id) -> assertThat(id).matches("[0-9a-f-]{36}"));
	}

}
