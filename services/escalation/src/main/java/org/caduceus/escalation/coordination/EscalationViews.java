package org.caduceus.escalation.coordination;

import java.time.Instant;
import java.util.List;

import org.caduceus.escalation.border.Downgrade;
import org.caduceus.escalation.border.Redaction;
import org.caduceus.escalation.border.Snapshot;
import org.caduceus.escalation.casefile.Escalation;
import org.jspecify.annotations.Nullable;

/** Response bodies of the escalation API. */
public final class EscalationViews {

	private EscalationViews() {
	}

	/**
	 * An escalation in full. The snapshot's contact person (personal data) is shown to
	 * coordinators only.
	 */
	public record EscalationView(String id, String escalationId, String direction, String peerNode,
			@Nullable String incidentId, @Nullable String incidentRef, @Nullable String partnerRef, String requestedBy,
			String reason, String severity, String status, @Nullable String statusReason, @Nullable String blockedRule,
			@Nullable Snapshot snapshot, List<Redaction> redactions, @Nullable Downgrade downgrade,
			List<Escalation.ExchangedNote> notes, List<Escalation.Event> timeline, Delivery delivery, Sla sla,
			Instant createdAt, Instant updatedAt, @Nullable Instant acknowledgedAt, @Nullable Instant decidedAt) {

		static EscalationView of(Escalation escalation, boolean showPersonalData, Instant now) {
			Snapshot snapshot = escalation.snapshot();
			if (snapshot != null && !showPersonalData && snapshot.reporter().contact() != null) {
				Snapshot.SharedReporter reporter = snapshot.reporter();
				snapshot = new Snapshot(snapshot.ref(), snapshot.title(), snapshot.description(), snapshot.rsitClass(),
						snapshot.rsitType(), snapshot.careServices(), snapshot.medicalDevice(),
						snapshot.taxonomyVersion(), snapshot.tlp(), snapshot.pap(), snapshot.severity(),
						snapshot.patientSafetyImpact(), snapshot.careDisruption(),
						new Snapshot.SharedReporter(reporter.organisation(), reporter.entityType(), null,
								reporter.consentToShare()),
						snapshot.observables(), snapshot.occurredAt(), snapshot.detectedAt(), snapshot.awareAt(),
						snapshot.notes(), snapshot.sharedWith());
			}
			return new EscalationView(escalation.key().value(), escalation.escalationId().value(),
					escalation.direction().name(), escalation.peer().value(),
					(escalation.incidentId() != null) ? escalation.incidentId().value() : null,
					escalation.incidentRef(), escalation.partnerRef(), escalation.requestedBy(), escalation.reason(),
					escalation.severity().code(), escalation.status().name(), escalation.statusReason(),
					(escalation.blockedRule() != null) ? escalation.blockedRule().slug() : null, snapshot,
					escalation.redactions(), escalation.downgrade(), escalation.notes(), escalation.timeline(),
					new Delivery(escalation.pending(), escalation.attempts(), escalation.nextAttemptAt(),
							escalation.lastError()),
					new Sla(escalation.ackDueAt(), escalation.decisionDueAt(), escalation.overdue(now)),
					escalation.createdAt(), escalation.updatedAt(), escalation.acknowledgedAt(),
					escalation.decidedAt());
		}

	}

	/**
	 * Where delivery to the partner stands.
	 *
	 * @param pending messages still to send
	 * @param attempts failed attempts at the first of them
	 * @param nextAttemptAt when it is tried next
	 * @param lastError why the last attempt failed
	 */
	public record Delivery(int pending, int attempts, @Nullable Instant nextAttemptAt, @Nullable String lastError) {
	}

	/**
	 * The response SLA and what of it is overdue now.
	 *
	 * @param acknowledgeBy when the partner's node must have filed it
	 * @param decideBy when the receiving coordinator must have decided
	 * @param overdue what is late: {@code acknowledgement}, {@code decision}
	 */
	public record Sla(Instant acknowledgeBy, Instant decideBy, List<String> overdue) {
	}

	/** A page of escalations and the cursor of the next, if any. */
	public record Page(List<EscalationView> items, @Nullable String next) {
	}

}
