package org.caduceus.stix;

import java.time.Instant;
import java.util.List;

import org.caduceus.taxonomy.Tlp;
import org.jspecify.annotations.Nullable;

/**
 * What of an incident goes into STIX.
 *
 * @param id the incident's id on its node (stable: the STIX id is made from it)
 * @param ref its reference, e.g. NL-2026-000123
 * @param title its title
 * @param description its description
 * @param createdAt when it was filed
 * @param updatedAt when it last changed
 * @param tlp its TLP
 * @param pap its PAP (permissible actions)
 * @param rsitClass RSIT class
 * @param rsitType RSIT type
 * @param careServices affected care services
 * @param severity severity
 * @param patientSafetyImpact impact on patient safety
 * @param careDisruption disruption of care
 * @param observables its observables, normalised
 */
public record IncidentFacts(String id, String ref, String title, @Nullable String description, Instant createdAt,
		Instant updatedAt, Tlp tlp, String pap, String rsitClass, String rsitType, List<String> careServices,
		String severity, String patientSafetyImpact, String careDisruption, List<Observable> observables) {

	/**
	 * An observable as Caduceus keeps it.
	 *
	 * @param type ipv4, ipv6, cidr, domain, url, email, sha256, sha1, md5, cve, asn or
	 * filename
	 * @param value the normalised value
	 */
	public record Observable(String type, String value) {
	}

}
