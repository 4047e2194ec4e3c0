package org.caduceus.intake.incident;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.caduceus.intake.observable.Observable;
import org.caduceus.taxonomy.CareDisruption;
import org.caduceus.taxonomy.Pap;
import org.caduceus.taxonomy.PatientSafetyImpact;
import org.caduceus.taxonomy.Severity;
import org.caduceus.taxonomy.Tlp;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An incident: the aggregate. Callers never set its status or fields directly; each
 * method checks that the change is allowed, applies it and records who changed what,
 * when. Notes and history live inside the document, so every change is one atomic write.
 */
@Document("incidents")
public class Incident {

	/** RSIT classes whose incidents are caused by someone on purpose. */
	private static final Set<String> MALICIOUS_CLASSES = Set.of("abusive-content", "malicious-code",
			"information-gathering", "intrusion-attempts", "intrusions", "fraud", "information-content-security");

	static final int MAX_NOTES = 1_000;

	static final int MAX_OBSERVABLES = 500;

	@Id
	private String id;

	private String ref;

	private String title;

	private String description;

	private Classification classification;

	private Tlp tlp;

	private Pap pap;

	private Severity severity;

	private PatientSafetyImpact patientSafetyImpact;

	private CareDisruption careDisruption;

	private Reporter reporter;

	private List<Observable> observables;

	private @Nullable Instant occurredAt;

	private @Nullable Instant detectedAt;

	private @Nullable Instant awareAt;

	private @Nullable String awareMonth;

	private Instant createdAt;

	private Instant updatedAt;

	private @Nullable Instant resolvedAt;

	private IncidentStatus status;

	private @Nullable String statusReason;

	private @Nullable String duplicateOf;

	private String createdBy;

	private @Nullable String assignee;

	private boolean significant;

	private boolean suspectedMalicious;

	private boolean crossBorderImpact;

	private List<Nis2Submission> nis2Submissions;

	private List<Note> journal;

	private List<HistoryEntry> history;

	private Origin origin;

	@Version
	private @Nullable Long version;

	@PersistenceCreator
	Incident() {
		this.id = "";
		this.ref = "";
		this.title = "";
		this.description = "";
		this.classification = null;
		this.tlp = Tlp.AMBER;
		this.pap = Pap.AMBER;
		this.severity = Severity.MEDIUM;
		this.patientSafetyImpact = PatientSafetyImpact.NONE;
		this.careDisruption = CareDisruption.NONE;
		this.reporter = null;
		this.observables = new ArrayList<>();
		this.createdAt = Instant.EPOCH;
		this.updatedAt = Instant.EPOCH;
		this.status = IncidentStatus.NEW;
		this.createdBy = "";
		this.nis2Submissions = new ArrayList<>();
		this.journal = new ArrayList<>();
		this.history = new ArrayList<>();
		this.origin = Origin.LOCAL;
	}

	/** Files a new incident under {@code ref}. */
	public static Incident file(IncidentDraft draft, IncidentRef ref, String by, Instant now) {
		Incident incident = new Incident();
		String linkedId = draft.origin().linkedIncidentId();
		incident.id = (linkedId != null) ? linkedId : UUID.randomUUID().toString();
		incident.ref = ref.toString();
		incident.title = draft.title();
		incident.description = draft.description();
		incident.classification = draft.classification();
		incident.tlp = draft.tlp();
		incident.pap = draft.pap();
		incident.severity = draft.severity();
		incident.patientSafetyImpact = draft.patientSafetyImpact();
		incident.careDisruption = draft.careDisruption();
		incident.reporter = draft.reporter();
		incident.observables = new ArrayList<>(draft.observables().stream().distinct().toList());
		if (incident.observables.size() > MAX_OBSERVABLES) {
			throw new InvalidIncident("observables", "at most " + MAX_OBSERVABLES + " observables per incident");
		}
		incident.occurredAt = millis(draft.occurredAt());
		incident.detectedAt = millis(draft.detectedAt());
		incident.awareAt = millis((draft.awareAt() != null) ? draft.awareAt() : now);
		incident.significant = draft.significant();
		incident.suspectedMalicious = (draft.suspectedMalicious() != null) ? draft.suspectedMalicious()
				: MALICIOUS_CLASSES.contains(draft.classification().rsitClass());
		incident.crossBorderImpact = draft.crossBorderImpact();
		// what a partner shared keeps the partner's TLP as a floor
		incident.origin = draft.origin().isLocal() ? draft.origin() : draft.origin().withFloor(draft.tlp());
		incident.createdAt = now;
		incident.updatedAt = now;
		incident.createdBy = by;
		incident.status = IncidentStatus.NEW;
		incident.checkTimeline();
		incident.derive();
		incident.history.add(new HistoryEntry(now, by, "filed", List.of()));
		return incident;
	}

	/** Applies a partial update; refuses changes to a finished incident. */
	public void update(IncidentChanges changes, String by, Instant now) {
		requireOpen();
		Tlp floor = tlpFloor();
		if (changes.tlp() != null && floor != null && floor.isMoreRestrictiveThan(changes.tlp())) {
			throw new TlpBelowPartnerFloor(changes.tlp(), floor);
		}
		List<HistoryEntry.FieldChange> diff = new ArrayList<>();
		if (changes.title() != null) {
			diff(diff, "title", this.title, changes.title());
			this.title = changes.title();
		}
		if (changes.description() != null) {
			diff(diff, "description", "(text)", "(text)", !this.description.equals(changes.description()));
			this.description = changes.description();
		}
		if (changes.rsitClass() != null || changes.rsitType() != null || changes.careServices() != null
				|| changes.medicalDevice() != null) {
			Classification old = this.classification;
			Classification updated = Classification.current(
					Objects.requireNonNullElse(changes.rsitClass(), old.rsitClass()),
					Objects.requireNonNullElse(changes.rsitType(), old.rsitType()),
					Objects.requireNonNullElse(changes.careServices(), old.careServices()),
					(changes.medicalDevice() != null) ? changes.medicalDevice() : old.medicalDevice());
			diff(diff, "rsitClass", old.rsitClass(), updated.rsitClass());
			diff(diff, "rsitType", old.rsitType(), updated.rsitType());
			diff(diff, "careServices", String.valueOf(old.careServices()), String.valueOf(updated.careServices()));
			diff(diff, "medicalDevice", String.valueOf(old.medicalDevice()), String.valueOf(updated.medicalDevice()));
			this.classification = updated;
		}
		if (changes.tlp() != null) {
			diff(diff, "tlp", this.tlp.code(), changes.tlp().code());
			this.tlp = changes.tlp();
		}
		if (changes.pap() != null) {
			diff(diff, "pap", this.pap.code(), changes.pap().code());
			this.pap = changes.pap();
		}
		if (changes.severity() != null) {
			diff(diff, "severity", this.severity.code(), changes.severity().code());
			this.severity = changes.severity();
		}
		if (changes.patientSafetyImpact() != null) {
			diff(diff, "patientSafetyImpact", this.patientSafetyImpact.code(), changes.patientSafetyImpact().code());
			this.patientSafetyImpact = changes.patientSafetyImpact();
		}
		if (changes.careDisruption() != null) {
			diff(diff, "careDisruption", this.careDisruption.code(), changes.careDisruption().code());
			this.careDisruption = changes.careDisruption();
		}
		if (changes.reporter() != null) {
			Reporter old = this.reporter;
			diff(diff, "reporter.organisation", old.organisation(), changes.reporter().organisation());
			diff(diff, "reporter.entityType", String.valueOf(old.entityType()),
					String.valueOf(changes.reporter().entityType()));
			// personal data: that it changed is history, what it was is not kept twice
			diff(diff, "reporter.contact", "(personal data)", "(personal data)",
					!Objects.equals(old.contact(), changes.reporter().contact()));
			diff(diff, "reporter.consentToShare", String.valueOf(old.consentToShare()),
					String.valueOf(changes.reporter().consentToShare()));
			this.reporter = changes.reporter();
		}
		if (changes.occurredAt() != null) {
			diff(diff, "occurredAt", String.valueOf(this.occurredAt), String.valueOf(changes.occurredAt()));
			this.occurredAt = millis(changes.occurredAt());
		}
		if (changes.detectedAt() != null) {
			diff(diff, "detectedAt", String.valueOf(this.detectedAt), String.valueOf(changes.detectedAt()));
			this.detectedAt = millis(changes.detectedAt());
		}
		if (changes.awareAt() != null) {
			diff(diff, "awareAt", String.valueOf(this.awareAt), String.valueOf(changes.awareAt()));
			this.awareAt = millis(changes.awareAt());
		}
		if (changes.significant() != null) {
			diff(diff, "significant", String.valueOf(this.significant), String.valueOf(changes.significant()));
			this.significant = changes.significant();
		}
		if (changes.suspectedMalicious() != null) {
			diff(diff, "suspectedMalicious", String.valueOf(this.suspectedMalicious),
					String.valueOf(changes.suspectedMalicious()));
			this.suspectedMalicious = changes.suspectedMalicious();
		}
		if (changes.crossBorderImpact() != null) {
			diff(diff, "crossBorderImpact", String.valueOf(this.crossBorderImpact),
					String.valueOf(changes.crossBorderImpact()));
			this.crossBorderImpact = changes.crossBorderImpact();
		}
		checkTimeline();
		derive();
		if (!diff.isEmpty()) {
			record(by, now, "updated", diff);
		}
	}

	/**
	 * Brings an imported incident up to date from a new import of the same author's file:
	 * its fields replace ours, but the file is not signed, so it never lowers anything: a
	 * higher TLP in the file raises the floor and the incident, a lower one is ignored.
	 * @param changes the file's fields, without a TLP
	 */
	public void refresh(IncidentChanges changes, Tlp partnerTlp, String by, Instant now) {
		requireOpen();
		if (changes.tlp() != null) {
			throw new IllegalArgumentException("a re-import's TLP is a floor, not a change");
		}
		update(changes, by, now);
		raiseFloor(partnerTlp, by, now);
	}

	/**
	 * The originator changed the TLP it shares the incident under, by a signed update:
	 * the floor follows it, up or down. The incident follows the floor, unless this node
	 * had raised it further, which a partner's update never undoes.
	 * @return whether anything changed
	 */
	public boolean originChanged(Tlp partnerTlp, String by, Instant now) {
		Tlp floor = tlpFloor();
		if (floor == null) {
			throw new IllegalStateException("a local incident has no originator");
		}
		if (floor == partnerTlp) {
			return false;
		}
		Tlp tlp = (this.tlp == floor || partnerTlp.isMoreRestrictiveThan(this.tlp)) ? partnerTlp : this.tlp;
		List<HistoryEntry.FieldChange> diff = new ArrayList<>();
		diff(diff, "origin.tlpFloor", floor.code(), partnerTlp.code());
		diff(diff, "tlp", this.tlp.code(), tlp.code());
		this.origin = this.origin.withFloor(partnerTlp);
		this.tlp = tlp;
		record(by, now, "origin-updated", diff);
		return true;
	}

	/**
	 * The originator raised the TLP it shares the incident under, by its signed TLP
	 * update: the floor rises to it, and the incident with it unless this node had raised
	 * it further. Only a raise: a TLP no stricter than the floor (a repeat, or an update
	 * overtaken by a later, stricter one) changes nothing, so updates arriving out of
	 * order never lower anything.
	 * @return whether anything changed
	 */
	public boolean originRaised(Tlp partnerTlp, String by, Instant now) {
		if (tlpFloor() == null) {
			throw new IllegalStateException("a local incident has no originator");
		}
		return raiseFloor(partnerTlp, by, now);
	}

	private boolean raiseFloor(Tlp partnerTlp, String by, Instant now) {
		Tlp floor = tlpFloor();
		if (floor == null || !partnerTlp.isMoreRestrictiveThan(floor)) {
			return false;
		}
		List<HistoryEntry.FieldChange> diff = new ArrayList<>();
		diff(diff, "origin.tlpFloor", floor.code(), partnerTlp.code());
		Tlp tlp = partnerTlp.isMoreRestrictiveThan(this.tlp) ? partnerTlp : this.tlp;
		diff(diff, "tlp", this.tlp.code(), tlp.code());
		this.origin = this.origin.withFloor(partnerTlp);
		this.tlp = tlp;
		record(by, now, "origin-updated", diff);
		return true;
	}

	/**
	 * @return the lowest TLP this node may give the incident: the partner's, for what a
	 * partner shared (the incident's own, for one stored before floors were kept); null
	 * for a local incident
	 */
	public @Nullable Tlp tlpFloor() {
		if (this.origin.isLocal()) {
			return null;
		}
		return (this.origin.tlpFloor() != null) ? this.origin.tlpFloor() : this.tlp;
	}

	/**
	 * Moves the incident along its lifecycle.
	 * @param duplicateOf the surviving incident, required for {@code DUPLICATE}
	 * @throws TransitionNotAllowed naming the allowed moves
	 */
	public void transition(IncidentStatus to, @Nullable String reason, @Nullable String duplicateOf, String by,
			Instant now) {
		Set<IncidentStatus> allowed = this.status.next();
		if (!allowed.contains(to)) {
			throw new TransitionNotAllowed(this.status, to, allowed);
		}
		boolean reopening = this.status == IncidentStatus.RESOLVED && to == IncidentStatus.IN_PROGRESS;
		if ((to == IncidentStatus.REJECTED || reopening) && (reason == null || reason.isBlank())) {
			throw new InvalidIncident("reason", (reopening ? "reopening" : "rejecting") + " needs a reason");
		}
		if (to == IncidentStatus.DUPLICATE) {
			if (duplicateOf == null || duplicateOf.isBlank()) {
				throw new InvalidIncident("duplicateOf", "a duplicate must name the surviving incident");
			}
			if (duplicateOf.equals(this.id)) {
				throw new InvalidIncident("duplicateOf", "an incident cannot duplicate itself");
			}
			this.duplicateOf = duplicateOf;
		}
		List<HistoryEntry.FieldChange> diff = new ArrayList<>();
		diff(diff, "status", this.status.name(), to.name());
		if (reason != null && !reason.isBlank()) {
			diff.add(new HistoryEntry.FieldChange("reason", null, reason));
		}
		if (to == IncidentStatus.DUPLICATE) {
			diff.add(new HistoryEntry.FieldChange("duplicateOf", null, duplicateOf));
		}
		this.status = to;
		this.statusReason = reason;
		if (to == IncidentStatus.RESOLVED) {
			this.resolvedAt = now;
		}
		if (reopening) {
			this.resolvedAt = null;
		}
		record(by, now, reopening ? "reopened" : "transition", diff);
	}

	/** Assigns the incident to an analyst. */
	public void assign(String assignee, String by, Instant now) {
		requireOpen();
		List<HistoryEntry.FieldChange> diff = new ArrayList<>();
		diff(diff, "assignee", this.assignee, assignee);
		this.assignee = assignee;
		if (!diff.isEmpty()) {
			record(by, now, "assigned", diff);
		}
	}

	/**
	 * Appends a journal note; a note can never be shared more widely than its incident.
	 */
	public Note addNote(String text, @Nullable Tlp noteTlp, String by, Instant now) {
		if (this.journal.size() >= MAX_NOTES) {
			throw new InvalidIncident("text",
					"the journal is full (" + MAX_NOTES + " notes); file a follow-up incident");
		}
		Tlp effective = (noteTlp == null || this.tlp.isMoreRestrictiveThan(noteTlp)) ? this.tlp : noteTlp;
		Note note = new Note(UUID.randomUUID().toString(), by, now, text, effective);
		this.journal.add(note);
		record(by, now, "note-added", List.of(new HistoryEntry.FieldChange("journal", null, note.id())));
		return note;
	}

	/**
	 * @return true when the observable was new to this incident
	 */
	public boolean addObservable(Observable observable, String by, Instant now) {
		requireOpen();
		if (this.observables.contains(observable)) {
			return false;
		}
		if (this.observables.size() >= MAX_OBSERVABLES) {
			throw new InvalidIncident("observables", "at most " + MAX_OBSERVABLES + " observables per incident");
		}
		this.observables.add(observable);
		record(by, now, "observable-added",
				List.of(new HistoryEntry.FieldChange("observables", null, observable.key())));
		return true;
	}

	/**
	 * @return true when the incident had the observable
	 */
	public boolean removeObservable(Observable observable, String by, Instant now) {
		requireOpen();
		if (!this.observables.remove(observable)) {
			return false;
		}
		record(by, now, "observable-removed",
				List.of(new HistoryEntry.FieldChange("observables", observable.key(), null)));
		return true;
	}

	/** Records that a NIS2 report was submitted. */
	public void recordNis2Submission(Nis2Report report, Instant submittedAt, @Nullable String reference, String by,
			Instant now) {
		if (!this.significant) {
			throw new InvalidIncident("report",
					"NIS2 reports are for significant incidents; mark it significant first");
		}
		if (submittedAt.isAfter(now.plusSeconds(300))) {
			throw new InvalidIncident("submittedAt", "lies in the future");
		}
		if (this.awareAt != null && submittedAt.isBefore(this.awareAt)) {
			throw new InvalidIncident("submittedAt", "lies before the entity became aware of the incident");
		}
		if (report != Nis2Report.INTERMEDIATE && report != Nis2Report.PROGRESS
				&& this.nis2Submissions.stream().anyMatch((s) -> s.report() == report)) {
			throw new InvalidIncident("report", "the " + report.code() + " was already recorded");
		}
		this.nis2Submissions.add(new Nis2Submission(report, millis(submittedAt), reference, by));
		record(by, now, "nis2-submitted",
				List.of(new HistoryEntry.FieldChange("nis2." + report.code(), null, submittedAt.toString())));
	}

	/**
	 * The store keeps milliseconds; so does the aggregate, so that what it answers is
	 * what it reads back.
	 */
	private static @Nullable Instant millis(@Nullable Instant instant) {
		return (instant != null) ? instant.truncatedTo(ChronoUnit.MILLIS) : null;
	}

	private void requireOpen() {
		if (this.status.isFinal()) {
			throw new TransitionNotAllowed(this.status, this.status, Set.of());
		}
	}

	private void checkTimeline() {
		if (this.occurredAt != null && this.detectedAt != null && this.detectedAt.isBefore(this.occurredAt)) {
			throw new InvalidIncident("detectedAt", "lies before occurredAt");
		}
		if (this.significant && this.awareAt == null) {
			throw new InvalidIncident("awareAt", "a significant incident needs the time the entity became aware");
		}
	}

	private void derive() {
		this.awareMonth = (this.awareAt != null) ? this.awareAt.atOffset(ZoneOffset.UTC).toString().substring(0, 7)
				: null;
	}

	private void record(String by, Instant now, String action, List<HistoryEntry.FieldChange> changes) {
		this.updatedAt = now;
		this.history.add(new HistoryEntry(now, by, action, List.copyOf(changes)));
	}

	private static void diff(List<HistoryEntry.FieldChange> diff, String field, @Nullable String from,
			@Nullable String to) {
		if (!Objects.equals(from, to)) {
			diff.add(new HistoryEntry.FieldChange(field, from, to));
		}
	}

	private static void diff(List<HistoryEntry.FieldChange> diff, String field, String from, String to,
			boolean changed) {
		if (changed) {
			diff.add(new HistoryEntry.FieldChange(field, from, to));
		}
	}

	public String getId() {
		return this.id;
	}

	public String getRef() {
		return this.ref;
	}

	public String getTitle() {
		return this.title;
	}

	public String getDescription() {
		return this.description;
	}

	public Classification getClassification() {
		return this.classification;
	}

	public Tlp getTlp() {
		return this.tlp;
	}

	public Pap getPap() {
		return this.pap;
	}

	public Severity getSeverity() {
		return this.severity;
	}

	public PatientSafetyImpact getPatientSafetyImpact() {
		return this.patientSafetyImpact;
	}

	public CareDisruption getCareDisruption() {
		return this.careDisruption;
	}

	public Reporter getReporter() {
		return this.reporter;
	}

	public List<Observable> getObservables() {
		return List.copyOf(this.observables);
	}

	public @Nullable Instant getOccurredAt() {
		return this.occurredAt;
	}

	public @Nullable Instant getDetectedAt() {
		return this.detectedAt;
	}

	public @Nullable Instant getAwareAt() {
		return this.awareAt;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	public @Nullable Instant getResolvedAt() {
		return this.resolvedAt;
	}

	public IncidentStatus getStatus() {
		return this.status;
	}

	public @Nullable String getStatusReason() {
		return this.statusReason;
	}

	public @Nullable String getDuplicateOf() {
		return this.duplicateOf;
	}

	public String getCreatedBy() {
		return this.createdBy;
	}

	public @Nullable String getAssignee() {
		return this.assignee;
	}

	public boolean isSignificant() {
		return this.significant;
	}

	public boolean isSuspectedMalicious() {
		return this.suspectedMalicious;
	}

	public boolean isCrossBorderImpact() {
		return this.crossBorderImpact;
	}

	public List<Nis2Submission> getNis2Submissions() {
		return List.copyOf(this.nis2Submissions);
	}

	public List<Note> getJournal() {
		return List.copyOf(this.journal);
	}

	public List<HistoryEntry> getHistory() {
		return List.copyOf(this.history);
	}

	public Origin getOrigin() {
		return this.origin;
	}

	public long getVersion() {
		return (this.version != null) ? this.version : 0;
	}

}
