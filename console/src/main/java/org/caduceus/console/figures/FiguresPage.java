package org.caduceus.console.figures;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.caduceus.console.gateway.GatewayApi;
import org.caduceus.console.session.SignedIn;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The anonymised figures, as the API gives them to coordinators and auditors: counts by
 * month, class, care service or entity type, small counts suppressed and shown as such,
 * as a chart, a table and a CSV file. The console adds nothing the API withheld.
 */
@Controller
class FiguresPage {

	static final List<String> GROUPS = List.of("month", "rsitClass", "rsitType", "careService", "entityType");

	private final GatewayApi api;

	FiguresPage(GatewayApi api) {
		this.api = api;
	}

	@GetMapping("/figures")
	Mono<Rendering> figures(ServerWebExchange exchange, @RequestParam(defaultValue = "month") String groupBy,
			@RequestParam(required = false) @Nullable String from,
			@RequestParam(required = false) @Nullable String to) {
		SignedIn me = SignedIn.of(exchange);
		String group = GROUPS.contains(groupBy) ? groupBy : "month";
		return stats(me, group, from, to).map((stats) -> Rendering.view("figures/figures")
			.modelAttribute("stats", stats)
			.modelAttribute("groupBy", group)
			.modelAttribute("groups", GROUPS)
			.modelAttribute("from", (from != null) ? from : "")
			.modelAttribute("to", (to != null) ? to : "")
			.build());
	}

	@GetMapping("/figures.csv")
	Mono<ResponseEntity<byte[]>> csv(ServerWebExchange exchange, @RequestParam(defaultValue = "month") String groupBy,
			@RequestParam(required = false) @Nullable String from,
			@RequestParam(required = false) @Nullable String to) {
		SignedIn me = SignedIn.of(exchange);
		String group = GROUPS.contains(groupBy) ? groupBy : "month";
		return stats(me, group, from, to).map((stats) -> ResponseEntity.ok()
			.contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"caduceus-figures-" + group + ".csv\"")
			.body(Csv.of(group, stats).getBytes(StandardCharsets.UTF_8)));
	}

	private Mono<Map<String, Object>> stats(SignedIn me, String group, @Nullable String from, @Nullable String to) {
		return this.api.get(me, "/api/v1/stats", GatewayApi.query("groupBy", group, "from", from, "to", to));
	}

}
