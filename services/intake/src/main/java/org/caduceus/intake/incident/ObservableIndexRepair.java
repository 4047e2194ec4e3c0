package org.caduceus.intake.incident;

import java.time.Clock;
import java.time.Duration;

import org.caduceus.intake.observable.ObservableIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * The observable index is written just after its incident; a process that dies in between
 * leaves the index short. After each start, the observables of incidents changed in the
 * last hour are added again (adding is idempotent), in the background.
 */
@Component
class ObservableIndexRepair {

	private static final Logger log = LoggerFactory.getLogger(ObservableIndexRepair.class);

	static final Duration WINDOW = Duration.ofHours(1);

	private final ReactiveMongoTemplate mongo;

	private final ObservableIndex index;

	private final Clock clock;

	ObservableIndexRepair(ReactiveMongoTemplate mongo, ObservableIndex index, Clock clock) {
		this.mongo = mongo;
		this.index = index;
		this.clock = clock;
	}

	@EventListener(ApplicationReadyEvent.class)
	void repairRecentChanges() {
		Query recent = Query.query(Criteria.where("updatedAt").gte(this.clock.instant().minus(WINDOW)));
		recent.fields().include("observables", "ref");
		this.mongo.find(recent, Incident.class, IncidentStore.COLLECTION)
			.concatMap((incident) -> this.index.add(incident.getId(), incident.getObservables()).thenReturn(1))
			.count()
			.subscribe((count) -> log.info("observable index checked for {} recently changed incidents", count),
					(ex) -> log.warn("observable index repair did not finish: {}", ex.toString()));
	}

}
