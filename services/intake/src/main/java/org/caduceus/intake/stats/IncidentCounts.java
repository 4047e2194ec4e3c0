package org.caduceus.intake.stats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.bson.Document;
import org.caduceus.intake.incident.IncidentStatus;
import org.caduceus.taxonomy.Tlp;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.data.mongodb.core.aggregation.AggregationOperation;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Counts incidents for the figures, straight from intake's collection: the one class of
 * this package that knows how an incident is stored. Rejected and duplicate incidents are
 * never counted; a period bounds the moment the reporter became aware.
 */
@Component
class IncidentCounts {

	private static final List<Tlp> RESTRICTED = List.of(Tlp.RED, Tlp.AMBER_STRICT);

	private final ReactiveMongoTemplate mongo;

	IncidentCounts(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	/** How many incidents share one key of a breakdown. */
	record Count(String key, long count) {
	}

	/**
	 * The incidents that may be broken down (neither TLP:RED nor AMBER+STRICT), counted
	 * per key; an incident without the grouped field counts under {@code unknown}.
	 */
	Flux<Count> byGroup(GroupBy group, @Nullable Instant from, @Nullable Instant to) {
		String field = field(group);
		List<AggregationOperation> stages = new ArrayList<>();
		stages.add(Aggregation
			.match(new Criteria().andOperator(counted(from, to), Criteria.where("tlp").nin(RESTRICTED))));
		if (group == GroupBy.CARE_SERVICE) {
			stages.add(Aggregation.unwind(field));
		}
		stages.add(Aggregation.group(field).count().as("count"));
		return this.mongo.aggregate(Aggregation.newAggregation(stages), "incidents", Document.class)
			.map((row) -> new Count(key(row.get("_id")), ((Number) row.get("count")).longValue()));
	}

	/** The TLP:RED and AMBER+STRICT incidents, which are only ever counted together. */
	Mono<Long> restricted(@Nullable Instant from, @Nullable Instant to) {
		return this.mongo.count(
				Query.query(new Criteria().andOperator(counted(from, to), Criteria.where("tlp").in(RESTRICTED))),
				"incidents");
	}

	private static Criteria counted(@Nullable Instant from, @Nullable Instant to) {
		Criteria counted = Criteria.where("status").nin(IncidentStatus.REJECTED, IncidentStatus.DUPLICATE);
		if (from != null && to != null) {
			counted = counted.and("awareAt").gte(from).lt(to);
		}
		else if (from != null) {
			counted = counted.and("awareAt").gte(from);
		}
		else if (to != null) {
			counted = counted.and("awareAt").lt(to);
		}
		return counted;
	}

	private static String field(GroupBy group) {
		return switch (group) {
			case RSIT_CLASS -> "classification.rsitClass";
			case RSIT_TYPE -> "classification.rsitType";
			case ENTITY_TYPE -> "reporter.entityType";
			case CARE_SERVICE -> "classification.careServices";
			case MONTH -> "awareMonth";
		};
	}

	static String key(@Nullable Object id) {
		return (id != null) ? id.toString().toLowerCase(Locale.ROOT).replace('_', '-') : "unknown";
	}

}
