package org.caduceus.console;

/** An incident as the API answers it, with chosen free text, for page tests. */
final class IncidentJson {

	private IncidentJson() {
	}

	static String with(String title, String note, String organisation) {
		return """
				{"id":"x1","ref":"NL-2026-000042","title":%s,"description":%s,
				 "classification":{"rsitClass":"malicious-code","rsitType":"infected-system","careServices":["laboratory"],"medicalDevice":null,"taxonomyVersion":"1"},
				 "tlp":"AMBER","pap":"AMBER","severity":"HIGH","patientSafetyImpact":"POTENTIAL","careDisruption":"DEGRADED",
				 "reporter":{"organisation":%s,"entityType":"healthcare-provider","contact":null,"consentToShare":false},
				 "observables":[{"type":"domain","value":%s}],
				 "occurredAt":null,"detectedAt":null,"awareAt":"2026-12-07T08:00:00Z","createdAt":"2026-12-07T08:05:00Z",
				 "updatedAt":"2026-12-07T08:05:00Z","resolvedAt":null,"status":"NEW","statusReason":null,"duplicateOf":null,
				 "createdBy":"ada","assignee":null,"significant":false,"suspectedMalicious":true,"crossBorderImpact":false,
				 "origin":{"partnerNode":null,"partnerRef":null,"escalationId":null,"externalId":null},
				 "journal":[{"id":"n1","author":"partner","at":"2026-12-07T08:06:00Z","text":%s,"tlp":"AMBER"}],
				 "related":[],"transitions":["TRIAGED","REJECTED","DUPLICATE"],"version":3}
				"""
			.formatted(json(title), json(note), json(organisation), json(title), json(note));
	}

	private static String json(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

}
