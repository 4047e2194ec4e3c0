package org.caduceus.escalation.border;

import java.util.ArrayList;
import java.util.List;

import org.caduceus.gatewayclient.PeerInfo;
import org.caduceus.intakecontract.SourceIncident;
import org.caduceus.taxonomy.Tlp;
import org.jspecify.annotations.Nullable;

/**
 * TLP at the border, enforced: decides for one recipient whether an incident may leave
 * the node and builds the snapshot that does. The rules, in order:
 * <ol>
 * <li>TLP:RED and TLP:AMBER+STRICT never leave (no downgrade at the border either: a
 * coordinator who judges otherwise changes the incident's TLP in intake, where that is
 * recorded in its history).</li>
 * <li>A downgrade (AMBER to GREEN or CLEAR, GREEN to CLEAR) needs a reason; it is
 * recorded with the coordinator's name.</li>
 * <li>AMBER goes to named recipients only, listed in the snapshot; AMBER received from a
 * partner goes back to that partner only, decided on the incident's own TLP.</li>
 * <li>An incident received from a partner keeps that partner's TLP: it is not lowered at
 * the border (only its originator lowers it).</li>
 * <li>Never above the recipient's ceiling.</li>
 * <li>The reporter's contact person leaves only with the reporter's consent; journal
 * notes above the shared TLP stay; authors of notes stay.</li>
 * </ol>
 * Pure: no I/O, so every rule is tested directly. A "downgrade" that would raise the TLP
 * is the caller's error ({@link IllegalArgumentException}); the escalation service
 * refuses it before asking.
 */
public final class BorderPolicy {

	/** A requested downgrade: the TLP to share under, why, and who asked. */
	public record DowngradeRequest(Tlp to, String reason, String by) {
	}

	private BorderPolicy() {
	}

	/**
	 * @param incident the incident as intake shows it
	 * @param recipient the peer it would go to
	 * @param namedRecipients every recipient the coordinator named in this escalation
	 * @param downgrade a requested downgrade, or null
	 */
	public static BorderDecision decide(SourceIncident incident, PeerInfo recipient, List<String> namedRecipients,
			@Nullable DowngradeRequest downgrade) {
		Tlp own = Tlp.of(incident.tlp());
		if (own == Tlp.RED) {
			return new BorderDecision.Refused(BorderRule.RED_NEVER_LEAVES,
					"Incident " + incident.ref() + " is TLP:RED; it never leaves the node");
		}
		if (own == Tlp.AMBER_STRICT) {
			return new BorderDecision.Refused(BorderRule.AMBER_STRICT_NEVER_LEAVES,
					"Incident " + incident.ref() + " is TLP:AMBER+STRICT; it never leaves the node");
		}
		if (downgrade != null && downgrade.to() != own && !downgrade.to().isWithin(own)) {
			throw new IllegalArgumentException(
					"the TLP can only be lowered at the border, not raised above " + own.label());
		}
		// the partner's own TLP decides where its content goes, before any downgrade
		String origin = (incident.origin() != null) ? incident.origin().partnerNode() : null;
		if (own == Tlp.AMBER && origin != null && !origin.equals(recipient.nodeId())) {
			return new BorderDecision.Refused(BorderRule.AMBER_NOT_ONWARD, "Incident " + incident.ref()
					+ " is TLP:AMBER from partner " + origin + "; it goes back to " + origin + " only");
		}
		Tlp shared = own;
		Downgrade applied = null;
		if (downgrade != null && downgrade.to() != own) {
			if (origin != null) {
				return new BorderDecision.Refused(BorderRule.PARTNER_TLP_NOT_LOWERED,
						"Incident " + incident.ref() + " is " + own.label() + " from partner " + origin + "; only "
								+ origin + " lowers its TLP, not this node's border");
			}
			shared = downgrade.to();
			applied = new Downgrade(own.code(), shared.code(), downgrade.reason(), downgrade.by());
		}
		if (!shared.maySendTo(namedRecipients.contains(recipient.nodeId()))) {
			return new BorderDecision.Refused(BorderRule.ABOVE_PEER_CEILING,
					shared.label() + " goes to named recipients only");
		}
		if (!shared.isWithin(recipient.ceiling())) {
			return new BorderDecision.Refused(BorderRule.ABOVE_PEER_CEILING, "Peer " + recipient.nodeId()
					+ " may receive up to " + recipient.ceiling().label() + ", the incident is " + shared.label());
		}
		List<Redaction> redactions = new ArrayList<>();
		SourceIncident.Reporter reporter = incident.reporter();
		Snapshot.SharedContact contact = null;
		if (reporter.contact() != null) {
			if (reporter.consentToShare()) {
				contact = new Snapshot.SharedContact(reporter.contact().name(), reporter.contact().email(),
						reporter.contact().phone());
			}
			else {
				redactions.add(new Redaction("reporter.contact",
						"personal data: the reporter did not consent to sharing it with partner CERTs"));
			}
		}
		List<Snapshot.SharedNote> notes = new ArrayList<>();
		List<SourceIncident.Note> journal = incident.notes();
		for (int i = 0; i < journal.size(); i++) {
			SourceIncident.Note note = journal.get(i);
			Tlp noteTlp = Tlp.of(note.tlp());
			if (!noteTlp.mayLeaveNode() || noteTlp.isMoreRestrictiveThan(shared)) {
				redactions.add(new Redaction("journal[" + i + "]",
						"note is " + noteTlp.label() + ", more restrictive than the shared " + shared.label()));
			}
			else {
				notes.add(new Snapshot.SharedNote(note.at(), note.text(), noteTlp.code()));
			}
		}
		if (!notes.isEmpty()) {
			redactions.add(new Redaction("journal.author", "the names of this node's staff are not shared"));
		}
		SourceIncident.Classification classification = incident.classification();
		Snapshot snapshot = new Snapshot(incident.ref(), incident.title(), incident.description(),
				classification.rsitClass(), classification.rsitType(), classification.careServices(),
				classification.medicalDevice(), classification.taxonomyVersion(), shared.code(), incident.pap(),
				incident.severity(), incident.patientSafetyImpact(), incident.careDisruption(),
				new Snapshot.SharedReporter(reporter.organisation(), reporter.entityType(), contact,
						reporter.consentToShare()),
				incident.observableList()
					.stream()
					.map((observable) -> new Snapshot.SharedObservable(observable.type(), observable.value()))
					.toList(),
				incident.occurredAt(), incident.detectedAt(), incident.awareAt(), notes,
				(shared == Tlp.AMBER) ? List.copyOf(namedRecipients) : List.of());
		return new BorderDecision.Allowed(snapshot, List.copyOf(redactions), applied);
	}

}
