package org.caduceus.intake.stats;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/stats?from&to&groupBy=}: anonymised counts for auditors and
 * coordinators, over whole calendar months (UTC; by default the last twelve). Rejected
 * and duplicate incidents are not counted. TLP:RED and AMBER+STRICT incidents are never
 * broken down: they appear only in one {@code withheld} total. Every key of a breakdown
 * is listed; a cell (or that total) under {@value Disclosure#MIN_CELL}, zero included, is
 * suppressed, and so is a second one where one alone would be; counts shown are rounded
 * to {@value Disclosure#ROUNDING}, so that neither one query nor a sequence of them
 * singles out a hospital's incident (see {@link Disclosure}).
 */
@RestController
class StatsController {

	static final int MIN_CELL = Disclosure.MIN_CELL;

	private final IncidentCounts counts;

	private final Clock clock;

	StatsController(IncidentCounts counts, Clock clock) {
		this.counts = counts;
		this.clock = clock;
	}

	record Cell(String key, @Nullable Long count, boolean suppressed) {

		static Cell of(Disclosure.Shown shown) {
			return new Cell(shown.key(), shown.count(), shown.suppressed());
		}

	}

	record Stats(String groupBy, Instant from, Instant to, List<Cell> cells, Cell withheld, int minimumCell,
			int rounding) {
	}

	@GetMapping("/api/v1/stats")
	@PreAuthorize("hasAnyRole('COORDINATOR','AUDITOR')")
	Mono<Stats> stats(@RequestParam(required = false) @Nullable String from,
			@RequestParam(required = false) @Nullable String to, @RequestParam String groupBy) {
		GroupBy group = GroupBy.of(groupBy);
		Period period = Period.of(from, to, this.clock);
		Mono<List<Cell>> cells = this.counts.byGroup(group, period.from(), period.to())
			.collectMap(IncidentCounts.Count::key, IncidentCounts.Count::count)
			.map((found) -> {
				// every key, found or not: a key missing would tell a zero apart
				Map<String, Long> all = new LinkedHashMap<>();
				group.keys(period).forEach((key) -> all.put(IncidentCounts.key(key), 0L));
				found.forEach((key, count) -> all.merge(key, count, Long::sum));
				return Disclosure.breakdown(all).stream().map(Cell::of).toList();
			});
		Mono<Cell> withheld = this.counts.restricted(period.from(), period.to())
			.map((count) -> Cell.of(Disclosure.single("TLP:RED and TLP:AMBER+STRICT", count)));
		return Mono.zip(cells, withheld)
			.map((both) -> new Stats(group.param, period.from(), period.to(), both.getT1(), both.getT2(), MIN_CELL,
					Disclosure.ROUNDING));
	}

}
