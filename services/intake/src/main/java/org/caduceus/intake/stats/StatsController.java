package org.caduceus.intake.stats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.bson.Document;
import org.caduceus.intake.incident.IncidentStatus;
import org.caduceus.intake.incident.InvalidIncident;
import org.caduceus.intake.incident.QueryParameters;
import org.caduceus.taxonomy.Tlp;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.data.mongodb.core.aggregation.AggregationOperation;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/stats?from&to&groupBy=}: anonymised counts for auditors and
 * coordinators. Rejected and duplicate incidents are not counted. TLP:RED and
 * AMBER+STRICT incidents are never broken down: they appear only in one {@code withheld}
 * total. A cell (or that total) under {@value #MIN_CELL} is suppressed, so no single
 * hospital's incident can be read off the figures.
 */
@RestController
class StatsController {

	static final int MIN_CELL = 5;

	private final ReactiveMongoTemplate mongo;

	StatsController(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	enum GroupBy {

		RSIT_CLASS("rsitClass", "classification.rsitClass"), RSIT_TYPE("rsitType", "classification.rsitType"),
		ENTITY_TYPE("entityType", "reporter.entityType"), CARE_SERVICE("careService", "classification.careServices"),
		MONTH("month", "awareMonth");

		final String param;

		final String field;

		GroupBy(String param, String field) {
			this.param = param;
			this.field = field;
		}

		static GroupBy of(String text) {
			for (GroupBy groupBy : values()) {
				if (groupBy.param.equalsIgnoreCase(text)) {
					return groupBy;
				}
			}
			throw new InvalidIncident("groupBy",
					"'" + text + "' is not one of rsitClass, rsitType, entityType, " + "careService, month");
		}

	}

	record Cell(String key, @Nullable Long count, boolean suppressed) {
	}

	record Stats(String groupBy, @Nullable Instant from, @Nullable Instant to, List<Cell> cells, Cell withheld,
			int minimumCell) {
	}

	@GetMapping("/api/v1/stats")
	@PreAuthorize("hasAnyRole('COORDINATOR','AUDITOR')")
	Mono<Stats> stats(@RequestParam(required = false) @Nullable String from,
			@RequestParam(required = false) @Nullable String to, @RequestParam String groupBy) {
		GroupBy group = GroupBy.of(groupBy);
		Instant start = QueryParameters.instant("from", from);
		Instant end = QueryParameters.instant("to", to);
		Criteria counted = Criteria.where("status").nin(IncidentStatus.REJECTED, IncidentStatus.DUPLICATE);
		if (start != null && end != null) {
			counted = counted.and("awareAt").gte(start).lt(end);
		}
		else if (start != null) {
			counted = counted.and("awareAt").gte(start);
		}
		else if (end != null) {
			counted = counted.and("awareAt").lt(end);
		}
		Criteria open = new Criteria().andOperator(counted, Criteria.where("tlp").nin(Tlp.RED, Tlp.AMBER_STRICT));
		Criteria restricted = new Criteria().andOperator(counted, Criteria.where("tlp").in(Tlp.RED, Tlp.AMBER_STRICT));
		List<AggregationOperation> stages = new ArrayList<>();
		stages.add(Aggregation.match(open));
		if (group == GroupBy.CARE_SERVICE) {
			stages.add(Aggregation.unwind(group.field));
		}
		stages.add(Aggregation.group(group.field).count().as("count"));
		Mono<List<Cell>> cells = this.mongo.aggregate(Aggregation.newAggregation(stages), "incidents", Document.class)
			.map((row) -> cell(key(row.get("_id")), ((Number) row.get("count")).longValue()))
			.collectList()
			.map((list) -> list.stream().sorted(Comparator.comparing(Cell::key)).toList());
		Mono<Cell> withheld = this.mongo
			.count(org.springframework.data.mongodb.core.query.Query.query(restricted), "incidents")
			.map((count) -> cell("TLP:RED and TLP:AMBER+STRICT", count));
		return Mono.zip(cells, withheld)
			.map((both) -> new Stats(group.param, start, end, both.getT1(), both.getT2(), MIN_CELL));
	}

	static Cell cell(String key, long count) {
		return (count > 0 && count < MIN_CELL) ? new Cell(key, null, true) : new Cell(key, count, false);
	}

	private static String key(@Nullable Object id) {
		return (id != null) ? id.toString().toLowerCase(Locale.ROOT).replace('_', '-') : "unknown";
	}

}
