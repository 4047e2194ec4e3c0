package org.caduceus.intake.incident;

import org.caduceus.taxonomy.Nis2EntityType;
import org.jspecify.annotations.Nullable;

/**
 * Who reported the incident.
 *
 * @param organisation the reporting organisation, e.g. a hospital
 * @param entityType its NIS2 Annex I health entity type
 * @param contact the contact person (personal data)
 * @param consentToShare whether the reporter agreed that the contact may be shared with
 * partner CERTs; without it, escalation strips the contact
 */
public record Reporter(String organisation, @Nullable Nis2EntityType entityType, @Nullable ContactPerson contact,
		boolean consentToShare) {
}
