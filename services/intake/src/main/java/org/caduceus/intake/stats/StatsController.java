package org.caduceus.intake.stats;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import org.caduceus.intake.incident.QueryParameters;
import org.jspecify.annotations.Nullable;
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

	private final IncidentCounts counts;

	StatsController(IncidentCounts counts) {
		this.counts = counts;
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
		Mono<List<Cell>> cells = this.counts.byGroup(group, start, end)
			.map((count) -> cell(count.key(), count.count()))
			.collectList()
			.map((list) -> list.stream().sorted(Comparator.comparing(Cell::key)).toList());
		Mono<Cell> withheld = this.counts.restricted(start, end)
			.map((count) -> cell("TLP:RED and TLP:AMBER+STRICT", count));
		return Mono.zip(cells, withheld)
			.map((both) -> new Stats(group.param, start, end, both.getT1(), both.getT2(), MIN_CELL));
	}

	static Cell cell(String key, long count) {
		return (count > 0 && count < MIN_CELL) ? new Cell(key, null, true) : new Cell(key, count, false);
	}

}
