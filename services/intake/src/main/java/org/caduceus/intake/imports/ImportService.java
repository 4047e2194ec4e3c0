package org.caduceus.intake.imports;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.caduceus.intake.access.Viewer;
import org.caduceus.intake.incident.Classification;
import org.caduceus.intake.incident.IncidentDraft;
import org.caduceus.intake.incident.IncidentService;
import org.caduceus.intake.incident.Origin;
import org.caduceus.intake.incident.Reporter;
import org.caduceus.intake.observable.InvalidObservable;
import org.caduceus.intake.observable.Observable;
import org.caduceus.stix.IncidentFacts;
import org.caduceus.taxonomy.CareDisruption;
import org.caduceus.taxonomy.CareService;
import org.caduceus.taxonomy.InvalidTaxonomyValue;
import org.caduceus.taxonomy.Pap;
import org.caduceus.taxonomy.PatientSafetyImpact;
import org.caduceus.taxonomy.Severity;
import org.caduceus.web.requestid.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs an import: every incident is checked against the same rules as one filed by hand
 * before the first is written, so a refused file leaves nothing; then each is created, or
 * updated when an earlier import of the same external id by the same importer made it (an
 * import's identity is bound to the user who imports it); then the report is stored.
 */
@Service
public class ImportService {

	static final int MAX_TITLE = 200;

	/** As for a reporter's organisation filed by hand. */
	static final int MAX_ORGANISATION = 200;

	static final int MAX_DESCRIPTION = 20_000;

	static final int MAX_OBSERVABLES = 500;

	/** Incidents of one file written at once. */
	static final int CONCURRENCY = 4;

	private static final Logger log = LoggerFactory.getLogger(ImportService.class);

	private final IncidentService incidents;

	private final ReactiveMongoTemplate mongo;

	private final Clock clock;

	ImportService(IncidentService incidents, ReactiveMongoTemplate mongo, Clock clock) {
		this.incidents = incidents;
		this.mongo = mongo;
		this.clock = clock;
	}

	/**
	 * @param format {@code stix} or {@code misp}
	 * @param source the file's own id
	 * @param objectCount how many objects the file held
	 * @param candidates the incidents read from it
	 * @param keptAside what the reader did not take
	 * @param viewer who imports
	 * @return the stored report
	 * @throws ImportRefused (as the error of the Mono) when any incident breaks a rule
	 */
	public Mono<ImportReport> run(String format, String source, int objectCount, List<ImportCandidate> candidates,
			List<KeptAside> keptAside, Viewer viewer) {
		List<IncidentDraft> drafts;
		try {
			drafts = new ArrayList<>();
			for (int i = 0; i < candidates.size(); i++) {
				drafts.add(draft(candidates.get(i), "/incidents/" + i, viewer.user()));
			}
		}
		catch (ImportRefused ex) {
			return Mono.error(ex);
		}
		List<String> warnings = candidates.stream().flatMap((candidate) -> candidate.warnings().stream()).toList();
		// a few at a time, the report in the file's order
		return Flux.range(0, drafts.size())
			.flatMapSequential((i) -> this.incidents.importIncident(drafts.get(i), viewer)
				.map((imported) -> ImportReport.Outcome.of(candidates.get(i).externalId(), imported)))
			.collectList()
			.flatMap((outcomes) -> this.mongo.insert(new ImportReport(UUID.randomUUID().toString(), format, source,
					this.clock.instant(), viewer.user(), objectCount, outcomes, keptAside, warnings)))
			.doOnEach(RequestIds.onNext((report) -> log.info("{} import {} by {}: {} incidents, {} kept aside", format,
					report.id(), report.by(), report.incidents().size(), report.keptAside().size())));
	}

	/**
	 * @return the report, for the user who imported it and for coordinators; empty for
	 * anyone else, exactly as for a report that does not exist (what was kept aside may
	 * be TLP:RED)
	 */
	public Mono<ImportReport> report(String id, Viewer viewer) {
		return this.mongo.findById(id, ImportReport.class).filter((report) -> mayRead(report, viewer));
	}

	static boolean mayRead(ImportReport report, Viewer viewer) {
		return viewer.isCoordinator() || (viewer.mayWork() && viewer.user().equals(report.by()));
	}

	static IncidentDraft draft(ImportCandidate candidate, String pointer, String importer) {
		IncidentFacts facts = candidate.facts();
		String title = facts.title().strip();
		if (title.isEmpty() || title.length() > MAX_TITLE) {
			throw new ImportRefused(pointer + "/title", "must be 1 to " + MAX_TITLE + " characters");
		}
		String description = (facts.description() != null) ? facts.description() : "";
		if (description.length() > MAX_DESCRIPTION) {
			throw new ImportRefused(pointer + "/description", "longer than " + MAX_DESCRIPTION + " characters");
		}
		if (facts.observables().size() > MAX_OBSERVABLES) {
			throw new ImportRefused(pointer + "/observables", "more than " + MAX_OBSERVABLES + " observables");
		}
		try {
			Classification classification = Classification.current(facts.rsitClass(), facts.rsitType(),
					facts.careServices().stream().map(CareService::of).toList(), null);
			List<Observable> observables = new ArrayList<>();
			for (int i = 0; i < facts.observables().size(); i++) {
				IncidentFacts.Observable observable = facts.observables().get(i);
				try {
					observables.add(Observable.of(observable.type(), observable.value()));
				}
				catch (InvalidObservable ex) {
					throw new ImportRefused(pointer + "/observables/" + i, ex.getMessage());
				}
			}
			String author = (candidate.author() != null && !candidate.author().isBlank()) ? candidate.author().strip()
					: "unknown partner";
			if (author.length() > MAX_ORGANISATION) {
				author = author.substring(0, MAX_ORGANISATION);
			}
			String ref = facts.ref().isBlank() ? null : facts.ref();
			// the NIS2 clock runs at the entity's own CSIRT, not at a partner that helps
			return new IncidentDraft(title, description, classification, facts.tlp(), Pap.of(facts.pap()),
					Severity.of(facts.severity()), PatientSafetyImpact.of(facts.patientSafetyImpact()),
					CareDisruption.of(facts.careDisruption()), new Reporter(author, null, null, false),
					List.copyOf(observables), null, null, null, false, null, true,
					Origin.imported(author, ref, candidate.externalId(), importer));
		}
		catch (InvalidTaxonomyValue ex) {
			throw new ImportRefused(pointer, ex.getMessage());
		}
	}

}
