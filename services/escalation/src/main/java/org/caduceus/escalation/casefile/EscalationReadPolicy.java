package org.caduceus.escalation.casefile;

import org.caduceus.escalation.intake.IntakeClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The one read policy of escalation records, which every read of {@link Escalations} goes
 * through: coordinators see every escalation; anyone else sees one only if intake shows
 * them its incident now (asked with their own token, so a TLP raised since the escalation
 * counts at once). An escalation without a local incident is for coordinators only. What
 * a reader may not see is, to them, not there.
 */
@Component
class EscalationReadPolicy {

	private final IntakeClient intake;

	EscalationReadPolicy(IntakeClient intake) {
		this.intake = intake;
	}

	Mono<Boolean> sees(Escalation escalation, EscalationReader reader) {
		if (reader.coordinator()) {
			return Mono.just(true);
		}
		IncidentId incident = escalation.incidentId();
		if (incident == null) {
			return Mono.just(false);
		}
		return reader.shown(incident.value(), (id) -> this.intake.incident(id, reader.bearer()).hasElement());
	}

}
