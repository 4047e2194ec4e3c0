package org.caduceus.intake.incident;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.caduceus.intake.access.Viewer;
import org.caduceus.intake.observable.Observable;
import org.caduceus.taxonomy.Tlp;
import org.caduceus.web.requestid.RequestIds;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * What analysts do with incidents. Every change loads the aggregate, lets it decide, and
 * writes it back in one document write guarded by its version; nothing is written when
 * the aggregate refuses.
 */
@Service
public class IncidentService {

	private static final Logger log = LoggerFactory.getLogger(IncidentService.class);

	private static final int MAX_RELATED = 50;

	private final IncidentStore store;

	private final RefAllocator refs;

	private final String country;

	private final Clock clock;

	IncidentService(IncidentStore store, RefAllocator refs, @Value("${caduceus.node.country}") String country,
			Clock clock) {
		this.store = store;
		this.refs = refs;
		this.country = country;
		this.clock = clock;
	}

	/** A page of incidents and the cursor of the next page, if any. */
	public record Page(List<Incident> items, @Nullable String next) {
	}

	/** An incident that shares observables with another. */
	public record Related(Incident incident, List<String> sharedObservables) {
	}

	public Mono<Filed> file(IncidentDraft draft, Viewer viewer) {
		Instant now = now();
		int year = now.atOffset(ZoneOffset.UTC).getYear();
		String series = IncidentRef.series(this.country, year);
		return Mono.defer(() -> this.refs.allocate(series).flatMap((number) -> {
			Incident incident;
			try {
				incident = Incident.file(draft, new IncidentRef(this.country, year, number), viewer.user(), now);
			}
			catch (RuntimeException ex) {
				return this.refs.release(series, number).then(Mono.error(ex));
			}
			return this.store.insert(incident)
				.doOnNext((stored) -> this.refs.settled(series, number))
				// the number carried by another incident: its claim stays until a repair
				// has looked, and the next number is taken
				.onErrorResume((ex) -> !numberTaken(ex),
						(ex) -> this.refs.release(series, number).then(Mono.error(ex)));
		}))
			.retryWhen(Retry.max(5).filter(IncidentService::numberTaken))
			.flatMap((incident) -> index(incident.getObservables()).map((index) -> new Filed(incident, index)))
			.doOnEach(RequestIds.onNext((filed) -> log.info("incident {} filed", filed.incident().getRef())));
	}

	/**
	 * Files the incident linked to an escalation received from a partner, once: receiving
	 * the same escalation again returns the incident filed the first time. The partner
	 * sending it again under another TLP is the originator's signed update: the
	 * incident's floor follows it (and the incident, unless this node raised it further).
	 * @param raiseOnly the partner's TLP update rather than its escalation sent again:
	 * the floor (and the incident) only rise, decided on the incident as it is saved, so
	 * a late update that a stricter one overtook changes nothing
	 */
	public Mono<Incident> receive(IncidentDraft draft, Viewer peer, boolean raiseOnly) {
		String id = java.util.Objects.requireNonNull(draft.origin().linkedIncidentId(), "a partner's incident");
		return this.store.findById(id)
			.flatMap((existing) -> raiseOnly ? originRaised(existing, draft.tlp(), peer)
					: originChanged(existing, draft.tlp(), peer))
			.switchIfEmpty(Mono.defer(() -> file(draft, peer).map(Filed::incident)
				.onErrorResume(DuplicateKeyException.class, (ex) -> this.store.findById(id))));
	}

	private Mono<Incident> originChanged(Incident existing, Tlp partnerTlp, Viewer peer) {
		if (existing.getStatus().isFinal() || existing.tlpFloor() == partnerTlp) {
			return Mono.just(existing);
		}
		return Mono.defer(() -> this.store.findById(existing.getId()).flatMap((incident) -> {
			if (!incident.getStatus().isFinal() && incident.originChanged(partnerTlp, peer.user(), now())) {
				return this.store.save(incident);
			}
			return Mono.just(incident);
		})).retryWhen(Retry.max(3).filter(OptimisticLockingFailureException.class::isInstance));
	}

	private Mono<Incident> originRaised(Incident existing, Tlp partnerTlp, Viewer peer) {
		Tlp floor = existing.tlpFloor();
		if (existing.getStatus().isFinal() || floor == null || !partnerTlp.isMoreRestrictiveThan(floor)) {
			return Mono.just(existing);
		}
		return Mono.defer(() -> this.store.findById(existing.getId()).flatMap((incident) -> {
			if (!incident.getStatus().isFinal() && incident.originRaised(partnerTlp, peer.user(), now())) {
				return this.store.save(incident);
			}
			return Mono.just(incident);
		})).retryWhen(Retry.max(3).filter(OptimisticLockingFailureException.class::isInstance));
	}

	/**
	 * What an import did to one incident.
	 *
	 * @param incident the incident, null when the import was refused: then nothing about
	 * any incident here is said
	 */
	public record Imported(@Nullable Incident incident, String outcome, String detail) {

		/** The one answer for every incident an import may not touch. */
		static Imported refused() {
			return new Imported(null, "refused", "not imported");
		}

	}

	/**
	 * Files an incident imported from a partner's file, or, when an earlier import of the
	 * same external id by the same importer filed it, brings it up to date: the partner's
	 * fields replace ours and new observables are added (none is removed); the TLP is
	 * never lowered. A finished incident is left alone; one the importer may not see (any
	 * more) is refused, and named in no way.
	 */
	public Mono<Imported> importIncident(IncidentDraft draft, Viewer viewer) {
		String id = java.util.Objects.requireNonNull(draft.origin().linkedIncidentId(), "an imported incident");
		if (!viewer.user().equals(draft.origin().importer())) {
			return Mono.error(new IllegalArgumentException("an import is bound to the user who imports it"));
		}
		return this.store.findById(id)
			.flatMap((existing) -> refresh(existing, draft, viewer))
			.switchIfEmpty(Mono
				.defer(() -> file(draft, viewer).map((filed) -> new Imported(filed.incident(), "created", ""))
					.onErrorResume(DuplicateKeyException.class,
							(ex) -> this.store.findById(id).flatMap((existing) -> refresh(existing, draft, viewer)))));
	}

	private Mono<Imported> refresh(Incident existing, IncidentDraft draft, Viewer viewer) {
		// what the importer may not see is not theirs to change, and no answer names it
		if (!visible(existing, viewer) || !viewer.user().equals(existing.getOrigin().importer())) {
			return Mono.just(Imported.refused());
		}
		if (existing.getStatus().isFinal()) {
			return Mono.just(new Imported(existing, "unchanged",
					"the incident is " + existing.getStatus().name().toLowerCase(java.util.Locale.ROOT) + " here"));
		}
		IncidentChanges changes = new IncidentChanges(draft.title(), draft.description(),
				draft.classification().rsitClass(), draft.classification().rsitType(),
				draft.classification().careServices(), null, null, draft.pap(), draft.severity(),
				draft.patientSafetyImpact(), draft.careDisruption(), null, null, null, null, null, null, null);
		List<Observable> added = draft.observables()
			.stream()
			.filter((observable) -> !existing.getObservables().contains(observable))
			.toList();
		return retrying(existing.getId(), viewer, (incident) -> {
			Instant now = now();
			incident.refresh(changes, draft.tlp(), viewer.user(), now);
			added.forEach((observable) -> incident.addObservable(observable, viewer.user(), now));
		}).map((incident) -> new Imported(incident, "updated", ""))
			// hidden meanwhile: the same answer as above
			.onErrorResume(IncidentNotFound.class, (ex) -> Mono.just(Imported.refused()));
	}

	public Mono<Incident> get(String id, Viewer viewer) {
		return this.store.findById(id).filter((incident) -> visible(incident, viewer)).switchIfEmpty(notFound(id));
	}

	public Mono<Incident> getByRef(String ref, Viewer viewer) {
		String normalised = IncidentRef.of(ref).toString();
		return this.store.findByRef(normalised)
			.filter((incident) -> visible(incident, viewer))
			.switchIfEmpty(notFound(normalised));
	}

	public Mono<Page> list(IncidentQuery query, Viewer viewer) {
		return this.store.list(query, viewer).collectList().map((found) -> {
			boolean more = found.size() > query.limit();
			List<Incident> items = more ? found.subList(0, query.limit()) : found;
			String next = more ? PageCursor.after(items.get(items.size() - 1), query.sort()).encode() : null;
			return new Page(List.copyOf(items), next);
		});
	}

	public Mono<Incident> update(String id, long expectedVersion, IncidentChanges changes, Viewer viewer) {
		return change(id, expectedVersion, viewer, (incident) -> incident.update(changes, viewer.user(), now()));
	}

	public Mono<Incident> transition(String id, long expectedVersion, IncidentStatus to, @Nullable String reason,
			@Nullable String duplicateOf, Viewer viewer) {
		Mono<Void> survivorExists = (to == IncidentStatus.DUPLICATE && duplicateOf != null)
				? this.store.findById(duplicateOf)
					.filter((survivor) -> visible(survivor, viewer) && survivor.getStatus() != IncidentStatus.DUPLICATE)
					.switchIfEmpty(Mono.error(new InvalidIncident("duplicateOf",
							"no incident " + duplicateOf + " that is not itself a duplicate")))
					.then()
				: Mono.empty();
		return survivorExists.then(change(id, expectedVersion, viewer,
				(incident) -> incident.transition(to, reason, duplicateOf, viewer.user(), now())));
	}

	public Mono<Incident> assign(String id, long expectedVersion, String assignee, Viewer viewer) {
		return change(id, expectedVersion, viewer, (incident) -> incident.assign(assignee, viewer.user(), now()));
	}

	/** Appends a note; notes never conflict, so a concurrent change is simply retried. */
	public Mono<Note> addNote(String id, String text, @Nullable Tlp tlp, Viewer viewer) {
		List<Note> added = new ArrayList<>(1);
		return retrying(id, viewer, (incident) -> {
			added.clear();
			added.add(incident.addNote(text, tlp, viewer.user(), now()));
		}).map((incident) -> added.get(0));
	}

	public Mono<Incident> addObservable(String id, Observable observable, Viewer viewer) {
		return retrying(id, viewer, (incident) -> incident.addObservable(observable, viewer.user(), now()));
	}

	public Mono<Incident> removeObservable(String id, Observable observable, Viewer viewer) {
		return retrying(id, viewer, (incident) -> {
			if (!incident.removeObservable(observable, viewer.user(), now())) {
				throw new InvalidIncident("observable", "the incident has no observable " + observable.key());
			}
		});
	}

	public Mono<Incident> recordNis2Submission(String id, Nis2Report report, Instant submittedAt,
			@Nullable String reference, Viewer viewer) {
		return retrying(id, viewer,
				(incident) -> incident.recordNis2Submission(report, submittedAt, reference, viewer.user(), now()));
	}

	/**
	 * Incidents the viewer may see that share at least one observable with
	 * {@code incident}.
	 */
	public Mono<List<Related>> related(Incident incident, Viewer viewer) {
		return Flux.fromIterable(incident.getObservables())
			.concatMap((observable) -> this.store.idsWith(observable).map((ids) -> Map.entry(observable, ids)))
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.flatMap((index) -> related(incident, index, viewer));
	}

	/** As {@link #related(Incident, Viewer)}, from index entries already read. */
	public Mono<List<Related>> related(Incident incident, Map<Observable, List<String>> index, Viewer viewer) {
		Map<String, List<String>> shared = new LinkedHashMap<>();
		for (Observable observable : incident.getObservables()) {
			index.getOrDefault(observable, List.of())
				.stream()
				.filter((other) -> !other.equals(incident.getId()))
				.forEach((other) -> shared.computeIfAbsent(other, (k) -> new ArrayList<>()).add(observable.key()));
		}
		if (shared.isEmpty()) {
			return Mono.just(List.of());
		}
		// the newest related incidents matter most; read at most a bounded number, in
		// parallel
		List<String> ids = new ArrayList<>(shared.keySet());
		java.util.Collections.reverse(ids);
		return this.store.summariesInParallel(ids.subList(0, Math.min(ids.size(), MAX_RELATED * 2)))
			.filter((other) -> visible(other, viewer)
					&& other.getObservables().stream().anyMatch(incident.getObservables()::contains))
			.take(MAX_RELATED)
			.map((other) -> new Related(other, List.copyOf(shared.get(other.getId()))))
			.collectList();
	}

	/**
	 * A filed incident with what its observables' index entries held after indexing it,
	 * so that its related incidents need no second read.
	 */
	public record Filed(Incident incident, Map<Observable, List<String>> index) {
	}

	/** Significant incidents the viewer may see, with what the NIS2 clock needs. */
	public Flux<Incident> significant(Viewer viewer) {
		return this.store.significant(viewer);
	}

	/** Incidents the viewer may see that carry {@code observable}, newest first. */
	public Flux<Incident> withObservable(Observable observable, Viewer viewer, int limit) {
		return this.store.idsWith(observable).flatMapMany((ids) -> {
			List<String> newestFirst = new ArrayList<>(ids);
			java.util.Collections.reverse(newestFirst);
			return this.store.summaries(newestFirst);
		})
			.filter((incident) -> visible(incident, viewer) && incident.getObservables().contains(observable))
			.take(limit);
	}

	private Mono<Incident> change(String id, long expectedVersion, Viewer viewer, Consumer<Incident> change) {
		return get(id, viewer).flatMap((incident) -> {
			if (incident.getVersion() != expectedVersion) {
				return Mono.error(new IncidentChanged(incident.getVersion()));
			}
			change.accept(incident);
			return this.store.save(incident)
				.onErrorMap(OptimisticLockingFailureException.class, (ex) -> new IncidentChanged(expectedVersion + 1));
		});
	}

	private Mono<Incident> retrying(String id, Viewer viewer, Consumer<Incident> change) {
		return Mono.defer(() -> get(id, viewer).flatMap((incident) -> {
			change.accept(incident);
			return this.store.save(incident);
		})).retryWhen(Retry.max(3).filter(OptimisticLockingFailureException.class::isInstance));
	}

	/** For each observable, the incidents that carry it (the new one among them). */
	private Mono<Map<Observable, List<String>>> index(List<Observable> observables) {
		return Flux.fromIterable(observables)
			.flatMapSequential((observable) -> this.store.idsWith(observable).map((ids) -> Map.entry(observable, ids)),
					4)
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

	/**
	 * A duplicate key other than the incident's id (filed already: taking another number
	 * would not help). The store names the index in its message, as MongoDB does.
	 */
	static boolean numberTaken(Throwable ex) {
		return ex instanceof DuplicateKeyException
				&& (ex.getMessage() == null || !ex.getMessage().contains("index: _id_ "));
	}

	static boolean visible(Incident incident, Viewer viewer) {
		return viewer.maySee(incident.getTlp() == Tlp.RED, incident.getCreatedBy(), incident.getAssignee());
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
	}

	private static <T> Mono<T> notFound(String idOrRef) {
		return Mono.error(new IncidentNotFound(idOrRef));
	}

}
