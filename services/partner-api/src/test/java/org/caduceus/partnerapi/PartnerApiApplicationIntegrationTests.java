package org.caduceus.partnerapi;

import org.caduceus.identity.InternalIdentity;
import org.caduceus.identity.Role;
import org.caduceus.testsupport.ServiceContractTests;
import org.caduceus.testsupport.TestIdentity;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * The service contract, and the partner API's own side of it: TAXII and the key
 * administration open only with the gateway's signed identity, whatever else a request
 * carries.
 */
class PartnerApiApplicationIntegrationTests extends ServiceContractTests {

	static final String TAXII = "application/taxii+json;version=2.1";

	@Test
	void refusesTaxiiWithoutTheGatewaysIdentityEvenWithAnApiKeyHeader() {
		this.web.get()
			.uri("/taxii2/api/collections/")
			.header("Accept", TAXII)
			.header(InternalIdentity.API_KEY_HEADER, "cdk_0011223344556677_secret")
			.header("X-Roles", "admin")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void refusesTaxiiWithAnIdentityTokenSignedByAnyOtherKey() {
		this.web.get()
			.uri("/taxii2/api/collections/")
			.header("Accept", TAXII)
			.header("Authorization", TestIdentity.get().bearerSignedByAnotherKey("de-peer", Role.PEER))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		this.web.get()
			.uri("/api/v1/admin/api-keys")
			.header("Authorization", TestIdentity.get().bearerSignedByAnotherKey("root", Role.ADMIN))
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void onlyAdminsManageKeysEvenWithTheGatewaysIdentity() {
		this.web.get()
			.uri("/api/v1/admin/api-keys")
			.header("Authorization", TestIdentity.get().bearer("carol", Role.COORDINATOR))
			.exchange()
			.expectStatus()
			.isForbidden();
		this.web.get()
			.uri("/api/v1/admin/api-keys")
			.header("Authorization", TestIdentity.get().bearer("root", Role.ADMIN))
			.exchange()
			.expectStatus()
			.isOk();
	}

}
