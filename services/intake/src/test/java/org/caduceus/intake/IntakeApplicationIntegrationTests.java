package org.caduceus.intake;

import org.caduceus.identity.Role;
import org.caduceus.testsupport.ServiceContractTests;
import org.caduceus.testsupport.TestIdentity;
import org.junit.jupiter.api.Test;

class IntakeApplicationIntegrationTests extends ServiceContractTests {

	@Test
	void servesTheTaxonomyToAnyAuthenticatedRole() {
		for (Role role : Role.values()) {
			this.web.get()
				.uri("/api/v1/taxonomy")
				.header("Authorization", TestIdentity.get().bearer("alice", role))
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("ETag", "\"rsit-1003,tlp-10,PAP-3,nis2-5,caduceus-health-1\"")
				.expectBody()
				.jsonPath("$.version")
				.isEqualTo("rsit-1003,tlp-10,PAP-3,nis2-5,caduceus-health-1")
				.jsonPath("$.namespaces[0].name")
				.isEqualTo("rsit")
				.jsonPath("$.namespaces[4].predicates[0].entries.length()")
				.isEqualTo(11);
		}
	}

	@Test
	void answersNotModifiedWhenTheClientHasThisTaxonomyVersion() {
		this.web.get()
			.uri("/api/v1/taxonomy")
			.header("Authorization", TestIdentity.get().bearer("alice", Role.ANALYST))
			.header("If-None-Match", "\"rsit-1003,tlp-10,PAP-3,nis2-5,caduceus-health-1\"")
			.exchange()
			.expectStatus()
			.isNotModified();
	}

	@Test
	void documentsTheTaxonomyEndpointInOpenApi() {
		this.web.get().uri("/v3/api-docs").exchange().expectBody().jsonPath("$.paths['/api/v1/taxonomy']").exists();
	}

}
