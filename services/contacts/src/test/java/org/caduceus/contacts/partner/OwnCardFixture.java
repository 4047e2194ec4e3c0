package org.caduceus.contacts.partner;

import java.util.List;
import java.util.Map;

import org.caduceus.identity.Role;
import org.caduceus.testsupport.TestIdentity;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Test data shared by the partner tests. */
final class OwnCardFixture {

	/** The 24/7 number of the card {@link #write} writes. */
	static final String PHONE = "+31 70 555 0199";

	private OwnCardFixture() {
	}

	/** Writes this node's first card, as its admin. */
	static void write(WebTestClient web) {
		web.put()
			.uri("/api/v1/contacts/card")
			.header("Authorization", TestIdentity.get().bearer("root", Role.ADMIN))
			.header("If-Match", "\"0\"")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("teamName", "Z-CERT", "country", "NL", "constituency", "Dutch hospitals", "sector",
					"health", "confidential",
					Map.of("phone24x7", PHONE, "emergencyEmail", "emergency@z-cert.example", "onCall", List.of())))
			.exchange()
			.expectStatus()
			.isOk();
	}

}
