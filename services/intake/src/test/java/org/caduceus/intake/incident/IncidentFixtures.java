package org.caduceus.intake.incident;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.caduceus.identity.Role;
import org.caduceus.testsupport.TestIdentity;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Small builders for incident requests, so tests state only what they are about. */
final class IncidentFixtures {

	private IncidentFixtures() {
	}

	static String as(String user, Role role) {
		return TestIdentity.get().bearer(user, role);
	}

	static Body incident(String title) {
		return new Body().with("title", title)
			.with("description", "Encrypted file shares on the radiology network")
			.with("rsitClass", "malicious-code")
			.with("rsitType", "infected-system")
			.with("careServices", List.of("diagnostics-imaging", "emergency-care"))
			.with("tlp", "amber")
			.with("severity", "high")
			.with("patientSafetyImpact", "potential")
			.with("careDisruption", "degraded")
			.with("reporter",
					new Body().with("organisation", "St. Example Hospital")
						.with("entityType", "healthcare-provider")
						.with("contact",
								new Body().with("name", "Dr. Jane Example")
									.with("email", "jane.example@hospital.example")
									.with("phone", "+31 20 555 0100"))
						.with("consentToShare", false));
	}

	static Body observable(String type, String value) {
		return new Body().with("type", type).with("value", value);
	}

	/**
	 * Files {@code body} as {@code user} and returns the created incident's JSON as a
	 * map.
	 */
	/** A PATCH or PUT with {@code If-Match} and a JSON body. */
	static WebTestClient.ResponseSpec conditional(WebTestClient web, HttpMethod method, String uri, String id,
			String authorization, String ifMatch, Object body) {
		return web.method(method)
			.uri(uri, id)
			.header("Authorization", authorization)
			.header("If-Match", ifMatch)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> file(WebTestClient web, String user, Role role, Body body) {
		return web.post()
			.uri("/api/v1/incidents")
			.header("Authorization", as(user, role))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	/** A JSON object under construction. */
	static final class Body extends LinkedHashMap<String, Object> {

		private static final long serialVersionUID = 1L;

		Body with(String key, Object value) {
			put(key, value);
			return this;
		}

		Body without(String key) {
			remove(key);
			return this;
		}

		Body observables(Body... observables) {
			put("observables", new ArrayList<>(List.of(observables)));
			return this;
		}

	}

}
