package org.caduceus.console.incident;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.caduceus.console.gateway.ApiProblem;
import org.caduceus.console.gateway.GatewayApi;
import org.caduceus.console.session.SignedIn;
import org.caduceus.console.views.SavedViews;
import org.caduceus.taxonomy.Taxonomy;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The incident pages: the list with the API's filters and saved views, filing, one
 * incident with its actions, bulk assignment and transitions. Each action is one API call
 * as the signed-in user, with the version the user saw ({@code If-Match}), so a change
 * made meanwhile by someone else is refused rather than overwritten.
 */
@Controller
class IncidentPages {

	/** The list's filters, named as the API names them. */
	static final List<String> FILTERS = List.of("status", "tlp", "severity", "rsitClass", "rsitType", "careService",
			"reporterOrganisation", "assignee", "q", "observable", "from", "to", "sort", "after", "unassigned");

	/** What a saved view keeps: the filters, not the page it was on. */
	static final List<String> SAVED = FILTERS.stream().filter((filter) -> !filter.equals("after")).toList();

	private final GatewayApi api;

	private final Markdown markdown;

	private final SavedViews views;

	IncidentPages(GatewayApi api, Markdown markdown, SavedViews views) {
		this.api = api;
		this.markdown = markdown;
		this.views = views;
	}

	@GetMapping("/incidents")
	Mono<Rendering> list(ServerWebExchange exchange, @RequestParam(required = false) @Nullable String view) {
		SignedIn me = SignedIn.of(exchange);
		MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
		MultiValueMap<String, String> params = exchange.getRequest().getQueryParams();
		for (String filter : FILTERS) {
			List<String> values = params.get(filter);
			if (values != null) {
				values.stream().filter((value) -> !value.isBlank()).forEach((value) -> query.add(filter, value));
			}
		}
		applyView(view, me, query);
		query.set("limit", "25");
		boolean partial = exchange.getRequest().getHeaders().containsHeader("HX-Request")
				&& !"true".equals(exchange.getRequest().getHeaders().getFirst("HX-Boosted"));
		// the user's views for the whole page only; the list does not fail for them
		Mono<List<org.caduceus.console.views.SavedView>> mine = partial ? Mono.just(List.of())
				: this.views.of(me.user()).collectList().onErrorReturn(List.of());
		return this.api.get(me, "/api/v1/incidents", query).zipWith(mine).map((found) -> {
			Map<String, Object> page = found.getT1();
			MultiValueMap<String, String> nextQuery = new LinkedMultiValueMap<>(query);
			nextQuery.remove("limit");
			Object next = page.get("next");
			if (next != null) {
				nextQuery.set("after", String.valueOf(next));
			}
			return Rendering.view(partial ? "incident/list :: results" : "incident/list")
				.modelAttribute("items", page.get("items"))
				.modelAttribute("next", (next != null) ? nextLink(nextQuery, view) : null)
				.modelAttribute("filters", query.toSingleValueMap())
				.modelAttribute("chosen", query)
				.modelAttribute("view", (view != null) ? view : "")
				.modelAttribute("myViews", found.getT2())
				.modelAttribute("saveable", SavedViews.encode(query, SAVED))
				.modelAttribute("taxonomy", Taxonomy.current())
				.build();
		});
	}

	/**
	 * The list's filters saved under a name of the user's own; they open as the list with
	 * those filters.
	 */
	@PostMapping("/incidents/views")
	Mono<Rendering> saveView(ServerWebExchange exchange) {
		SignedIn me = SignedIn.of(exchange);
		return exchange.getFormData()
			.flatMap((form) -> this.views.save(me.user(), nonNull(form.getFirst("name")), form, SAVED))
			.map((saved) -> Rendering.redirectTo("/incidents?" + saved.query()).status(HttpStatus.SEE_OTHER).build())
			.onErrorMap(SavedViews.Refused.class,
					(refused) -> new ApiProblem(400, "The view was not saved", refused.getMessage(), Map.of()));
	}

	/** One of the user's views removed; another's answers as one that is not there. */
	@PostMapping("/incidents/views/{id}/delete")
	Mono<Rendering> removeView(ServerWebExchange exchange, @PathVariable String id) {
		SignedIn me = SignedIn.of(exchange);
		return this.views.remove(me.user(), id).map((removed) -> {
			if (!removed) {
				throw new ApiProblem(404, "Not Found", "There is no such view.", Map.of());
			}
			return Rendering.redirectTo("/incidents").status(HttpStatus.SEE_OTHER).build();
		});
	}

	/** The saved views: named filters a CSIRT works from every day. */
	static void applyView(@Nullable String view, SignedIn me, MultiValueMap<String, String> query) {
		if (view == null) {
			return;
		}
		switch (view) {
			case "mine" -> {
				query.set("assignee", me.user());
				query.putIfAbsent("status", List.of("NEW,TRIAGED,IN_PROGRESS"));
			}
			case "unassigned" -> {
				query.set("unassigned", "true");
				query.putIfAbsent("status", List.of("NEW,TRIAGED"));
			}
			case "open" -> query.putIfAbsent("status", List.of("NEW,TRIAGED,IN_PROGRESS"));
			case "critical" -> {
				query.putIfAbsent("severity", List.of("HIGH,CRITICAL"));
				query.putIfAbsent("status", List.of("NEW,TRIAGED,IN_PROGRESS"));
			}
			default -> {
			}
		}
	}

	/**
	 * The link to the next page, each value form-encoded as a browser would (a {@code +}
	 * in {@code AMBER+STRICT} must not come back as a space).
	 */
	private static String nextLink(MultiValueMap<String, String> query, @Nullable String view) {
		java.util.StringJoiner link = new java.util.StringJoiner("&", "/incidents?", "");
		query.forEach((name, values) -> values.forEach((value) -> link.add(name + "=" + form(value))));
		if (view != null) {
			link.add("view=" + form(view));
		}
		return link.toString();
	}

	private static String form(String value) {
		return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
	}

	@GetMapping("/incidents/new")
	Rendering newForm(ServerWebExchange exchange) {
		return form(Map.of(), Map.of(), null).build();
	}

	private static Rendering.Builder<?> form(Map<String, String> values, Map<String, String> errors,
			@Nullable String error) {
		Rendering.Builder<?> form = Rendering.view("incident/new")
			.modelAttribute("values", values)
			.modelAttribute("careServices", List.of())
			.modelAttribute("errors", errors)
			.modelAttribute("taxonomy", Taxonomy.current())
			.modelAttribute("health", Taxonomy.current().namespace("caduceus-health").orElseThrow());
		if (error != null) {
			form.modelAttribute("error", error);
		}
		return form;
	}

	/**
	 * The incident's fields after filing (what happened, health impact, sharing, times),
	 * on the filing form filled with what the API shows now; saved with the version it
	 * showed, so a change made meanwhile is not overwritten.
	 */
	@GetMapping("/incidents/{id}/edit")
	Mono<Rendering> editForm(ServerWebExchange exchange, @PathVariable String id) {
		SignedIn me = SignedIn.of(exchange);
		return this.api.get(me, "/api/v1/incidents/{id}", GatewayApi.query(), id)
			.map((incident) -> edit(incident, IncidentForm.values(incident), IncidentForm.careServices(incident),
					String.valueOf(incident.get("version")), Map.of(), null)
				.build());
	}

	@PostMapping("/incidents/{id}/edit")
	Mono<Rendering> saveEdit(ServerWebExchange exchange, @PathVariable String id) {
		SignedIn me = SignedIn.of(exchange);
		return exchange.getFormData()
			.flatMap(
					(form) -> this.api.get(me, "/api/v1/incidents/{id}", GatewayApi.query(), id).flatMap((incident) -> {
						Map<String, Object> changes = IncidentForm.changes(IncidentForm.update(form), incident);
						if (changes.isEmpty()) {
							return Mono.just(back(id));
						}
						// sent with the page's version: a later change is refused
						return this.api
							.send(me, HttpMethod.PATCH, "/api/v1/incidents/{id}", changes, form.getFirst("version"), id)
							.thenReturn(back(id))
							.onErrorResume(ApiProblem.class, (problem) -> refusedEdit(me, id, form, problem, incident));
					}));
	}

	/**
	 * The edit form again with what the user entered over the incident as it is now: the
	 * API's messages next to their fields, or, when someone changed it meanwhile, the
	 * newer version (read again) to save over knowingly.
	 */
	private Mono<Rendering> refusedEdit(SignedIn me, String id, MultiValueMap<String, String> form, ApiProblem problem,
			Map<String, Object> read) {
		boolean conflict = problem.status() == 409 || problem.status() == 412;
		if (!conflict && problem.status() != 400 && problem.status() != 422) {
			return Mono.error(problem);
		}
		Mono<Map<String, Object>> now = conflict ? this.api.get(me, "/api/v1/incidents/{id}", GatewayApi.query(), id)
				: Mono.just(read);
		return now.map((incident) -> {
			Map<String, String> values = new LinkedHashMap<>(IncidentForm.values(incident));
			values.putAll(form.toSingleValueMap());
			List<String> careServices = form.containsKey("careServices.shown")
					? form.getOrDefault("careServices", List.of()) : IncidentForm.careServices(incident);
			String version = conflict ? String.valueOf(incident.get("version")) : nonNull(form.getFirst("version"));
			String error = conflict
					? "Someone changed this incident meanwhile (now version " + version
							+ "). Your entries are kept below: compare them with the incident and save again."
					: problem.detail();
			return edit(incident, values, careServices, version,
					conflict ? Map.of() : IncidentForm.formFields(problem.fieldErrors()), error)
				.status(conflict ? HttpStatus.CONFLICT : HttpStatus.UNPROCESSABLE_ENTITY)
				.build();
		});
	}

	private static Rendering.Builder<?> edit(Map<String, Object> incident, Map<String, String> values,
			List<String> careServices, String version, Map<String, String> errors, @Nullable String error) {
		return form(values, errors, error).modelAttribute("careServices", careServices)
			.modelAttribute("edit", Map.of("id", String.valueOf(incident.get("id")), "ref",
					String.valueOf(incident.get("ref")), "version", version));
	}

	/** Types and normalises the pasted observables through the API, saving nothing. */
	@PostMapping("/incidents/observables/preview")
	Mono<Rendering> preview(ServerWebExchange exchange) {
		SignedIn me = SignedIn.of(exchange);
		return exchange.getFormData().flatMap((form) -> {
			String text = (form.getFirst("observables") != null) ? form.getFirst("observables") : "";
			if (text.isBlank()) {
				return Mono.just(Rendering.view("incident/new :: preview").modelAttribute("parsed", Map.of()).build());
			}
			return this.api.send(me, HttpMethod.POST, "/api/v1/observables/parse", Map.of("text", text), null)
				.map((parsed) -> Rendering.view("incident/new :: preview").modelAttribute("parsed", parsed).build());
		});
	}

	@PostMapping("/incidents")
	Mono<Rendering> file(ServerWebExchange exchange) {
		SignedIn me = SignedIn.of(exchange);
		return exchange.getFormData().flatMap((form) -> {
			Map<String, String> values = form.toSingleValueMap();
			String observablesText = values.getOrDefault("observables", "");
			Mono<List<Map<String, String>>> observables = observablesText.isBlank() ? Mono.just(List.of())
					: this.api
						.send(me, HttpMethod.POST, "/api/v1/observables/parse", Map.of("text", observablesText), null)
						.map(IncidentPages::observablesOrRefuse);
			return observables
				.flatMap((parsed) -> this.api.send(me, HttpMethod.POST, "/api/v1/incidents",
						IncidentForm.create(form, parsed), null))
				.map((created) -> Rendering.redirectTo("/incidents/" + created.get("id"))
					.status(HttpStatus.SEE_OTHER)
					.build())
				.onErrorResume(
						ApiProblem.class, (
								problem) -> (problem.status() == 400 || problem.status() == 422)
										? Mono.just(form(values, IncidentForm.formFields(problem.fieldErrors()),
												problem.detail())
											.status(HttpStatus.UNPROCESSABLE_ENTITY)
											.build())
										: Mono.error(problem));
		});
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, String>> observablesOrRefuse(Map<String, Object> parsed) {
		List<Map<String, Object>> lines = (List<Map<String, Object>>) parsed.getOrDefault("lines", List.of());
		List<Map<String, String>> observables = new ArrayList<>();
		List<String> bad = new ArrayList<>();
		for (Map<String, Object> line : lines) {
			if (line.get("value") == null) {
				bad.add("line " + line.get("line") + ": " + line.get("reason"));
			}
			else {
				Map<String, String> observable = new LinkedHashMap<>();
				observable.put("type", String.valueOf(line.get("type")));
				observable.put("value", String.valueOf(line.get("value")));
				observables.add(observable);
			}
		}
		if (!bad.isEmpty()) {
			throw new ApiProblem(422, "Some observables are not valid", String.join("; ", bad),
					Map.of("observables", String.join("; ", bad)));
		}
		return observables;
	}

	@GetMapping("/incidents/{id}")
	Mono<Rendering> incident(ServerWebExchange exchange, @PathVariable String id) {
		SignedIn me = SignedIn.of(exchange);
		Mono<Map<String, Object>> incident = this.api.get(me, "/api/v1/incidents/{id}", GatewayApi.query(), id);
		return incident.flatMap((found) -> {
			Mono<Map<String, Object>> clock = Boolean.TRUE.equals(found.get("significant"))
					? this.api.get(me, "/api/v1/incidents/{id}/nis2", GatewayApi.query(), id) : Mono.just(Map.of());
			Mono<List<Object>> escalations = me.isCoordinator()
					? this.api.get(me, "/api/v1/escalations", GatewayApi.query("limit", "200"))
						.map((page) -> ofIncident(page, id))
					: Mono.just(List.of());
			Mono<Map<String, Object>> history = (me.isCoordinator() || me.role() == org.caduceus.identity.Role.AUDITOR)
					? this.api.get(me, "/api/v1/incidents/{id}/history", GatewayApi.query(), id) : Mono.just(Map.of());
			return Mono.zip(clock, escalations, history)
				.map((more) -> Rendering.view("incident/incident")
					.modelAttribute("incident", found)
					.modelAttribute("notes", this.markdown.notes(found.get("journal")))
					.modelAttribute("description",
							this.markdown.render(
									(found.get("description") != null) ? String.valueOf(found.get("description")) : ""))
					.modelAttribute("clock", more.getT1())
					.modelAttribute("escalations", more.getT2())
					.modelAttribute("history", more.getT3())
					.build());
		});
	}

	private static List<Object> ofIncident(Map<String, Object> page, String id) {
		List<Object> mine = new ArrayList<>();
		if (page.get("items") instanceof List<?> items) {
			for (Object item : items) {
				if (item instanceof Map<?, ?> escalation && id.equals(escalation.get("incidentId"))) {
					mine.add(escalation);
				}
			}
		}
		return mine;
	}

	@PostMapping("/incidents/{id}/transition")
	Mono<Rendering> transition(ServerWebExchange exchange, @PathVariable String id) {
		SignedIn me = SignedIn.of(exchange);
		return exchange.getFormData().flatMap((form) -> {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("to", nonNull(form.getFirst("to")));
			putIfPresent(body, "reason", form.getFirst("reason"));
			putIfPresent(body, "duplicateOf", form.getFirst("duplicateOf"));
			return this.api.send(me, HttpMethod.POST, "/api/v1/incidents/{id}/transitions", body,
					form.getFirst("version"), id);
		}).thenReturn(back(id));
	}

	@PostMapping("/incidents/{id}/assignee")
	Mono<Rendering> assign(ServerWebExchange exchange, @PathVariable String id) {
		SignedIn me = SignedIn.of(exchange);
		return exchange.getFormData().flatMap((form) -> {
			String assignee = nonNull(form.getFirst("assignee")).strip();
			return this.api.send(me, HttpMethod.PUT, "/api/v1/incidents/{id}/assignee",
					Map.of("assignee", assignee.isEmpty() ? me.user() : assignee), form.getFirst("version"), id);
		}).thenReturn(back(id));
	}

	@PostMapping("/incidents/{id}/notes")
	Mono<Rendering> note(ServerWebExchange exchange, @PathVariable String id) {
		return post(exchange, id, "/api/v1/incidents/{id}/notes", "text", "tlp");
	}

	/**
	 * Observables found after filing, pasted as a block of defanged text as when filing:
	 * typed and normalised by the API, refused whole if a line is not valid, then added
	 * one by one (the API correlates each).
	 */
	@PostMapping("/incidents/{id}/observables")
	Mono<Rendering> addObservables(ServerWebExchange exchange, @PathVariable String id) {
		SignedIn me = SignedIn.of(exchange);
		return exchange.getFormData().flatMap((form) -> {
			String text = nonNull(form.getFirst("observables"));
			if (text.isBlank()) {
				return Mono.error(new ApiProblem(422, "No observables", "Paste at least one observable.",
						Map.of("observables", "empty")));
			}
			return this.api.send(me, HttpMethod.POST, "/api/v1/observables/parse", Map.of("text", text), null)
				.map(IncidentPages::observablesOrRefuse)
				.flatMap((parsed) -> {
					List<Map<String, String>> distinct = parsed.stream().distinct().toList();
					if (distinct.size() > MAX_ADDED) {
						return Mono.error(new ApiProblem(422, "Too many observables",
								"At most " + MAX_ADDED + " at once; this paste has " + distinct.size() + ".",
								Map.of("observables", "too many")));
					}
					return addEach(me, id, distinct);
				});
		}).thenReturn(back(id));
	}

	/** Observables one paste may add: each is one request to the API. */
	static final int MAX_ADDED = 100;

	/**
	 * One by one, as the API takes them; a refusal part-way says how many went in before
	 * it, since those stay.
	 */
	private Mono<Void> addEach(SignedIn me, String id, List<Map<String, String>> observables) {
		java.util.concurrent.atomic.AtomicInteger added = new java.util.concurrent.atomic.AtomicInteger();
		return reactor.core.publisher.Flux.fromIterable(observables)
			.concatMap((observable) -> this.api
				.send(me, HttpMethod.POST, "/api/v1/incidents/{id}/observables", observable, null, id)
				.doOnNext((answer) -> added.incrementAndGet()))
			.then()
			.onErrorMap(ApiProblem.class,
					(problem) -> (added.get() == 0) ? problem : new ApiProblem(problem.status(), problem.title(),
							added.get() + " of " + observables.size()
									+ " observables were added before the API refused the next: " + problem.detail(),
							problem.fieldErrors()));
	}

	@PostMapping("/incidents/{id}/nis2")
	Mono<Rendering> submitted(ServerWebExchange exchange, @PathVariable String id) {
		return post(exchange, id, "/api/v1/incidents/{id}/nis2/submissions", "report", "reference");
	}

	/**
	 * Posts the form's {@code required} field (sent even when empty, for the API to
	 * refuse) and its {@code optional} one (sent when filled) to the incident's
	 * {@code path}, then back to the incident.
	 */
	private Mono<Rendering> post(ServerWebExchange exchange, String id, String path, String required, String optional) {
		SignedIn me = SignedIn.of(exchange);
		return exchange.getFormData().flatMap((form) -> {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put(required, nonNull(form.getFirst(required)));
			putIfPresent(body, optional, form.getFirst(optional));
			return this.api.send(me, HttpMethod.POST, path, body, null, id);
		}).thenReturn(back(id));
	}

	@PostMapping("/incidents/{id}/escalate")
	Mono<Rendering> escalate(ServerWebExchange exchange, @PathVariable String id) {
		SignedIn me = SignedIn.of(exchange);
		return exchange.getFormData().flatMap((form) -> {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("incidentId", id);
			body.put("to", List.of(nonNull(form.getFirst("to")).strip()));
			body.put("reason", nonNull(form.getFirst("reason")));
			putIfPresent(body, "tlp", form.getFirst("tlp"));
			putIfPresent(body, "tlpReason", form.getFirst("tlpReason"));
			return this.api.send(me, HttpMethod.POST, "/api/v1/escalations", body, null);
		})
			.map((escalation) -> Rendering.redirectTo("/escalations/" + escalation.get("id"))
				.status(HttpStatus.SEE_OTHER)
				.build());
	}

	/** STIX 2.1 bundle, MISP event or a NIS2 report, as the API renders it. */
	@GetMapping("/incidents/{id}/download/{format}")
	Mono<ResponseEntity<byte[]>> download(ServerWebExchange exchange, @PathVariable String id,
			@PathVariable String format, @RequestParam(required = false) @Nullable String report) {
		SignedIn me = SignedIn.of(exchange);
		Mono<ResponseEntity<byte[]>> file = switch (format) {
			case "stix" -> this.api.download(me, MediaType.ALL, "/api/v1/incidents/{id}/stix", id);
			case "misp" -> this.api.download(me, MediaType.ALL, "/api/v1/incidents/{id}/misp", id);
			case "nis2" -> this.api.download(me, MediaType.parseMediaType("text/markdown"),
					"/api/v1/incidents/{id}/nis2/reports/{report}", id, nonNull(report));
			default -> Mono.error(new ApiProblem(404, "Not found", null, Map.of()));
		};
		String extension = switch (format) {
			case "nis2" -> ".md";
			default -> ".json";
		};
		return file.map((answer) -> ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_TYPE,
					(answer.getHeaders().getContentType() != null) ? answer.getHeaders().getContentType().toString()
							: "application/octet-stream")
			.header(HttpHeaders.CONTENT_DISPOSITION,
					"attachment; filename=\"" + id.replaceAll("[^A-Za-z0-9-]", "") + "-" + format
							+ ((report != null) ? "-" + report.replaceAll("[^a-z-]", "") : "") + extension + "\"")
			.body((answer.getBody() != null) ? answer.getBody() : new byte[0]));
	}

	/**
	 * Assigns or moves many incidents at once: each one with the version the list showed,
	 * each refusal reported by reference; one refused incident does not stop the others.
	 */
	@PostMapping("/incidents/bulk")
	Mono<Rendering> bulk(ServerWebExchange exchange) {
		SignedIn me = SignedIn.of(exchange);
		return exchange.getFormData().flatMap((form) -> {
			List<String> ids = form.getOrDefault("ids", List.of()).stream().distinct().limit(100).toList();
			String action = nonNull(form.getFirst("action"));
			return Flux.fromIterable(ids)
				.concatMap((id) -> this.api.get(me, "/api/v1/incidents/{id}", GatewayApi.query(), id)
					.flatMap((incident) -> apply(me, action, incident))
					.map((done) -> Map.of("id", id, "ref", done, "ok", "true"))
					.onErrorResume(ApiProblem.class,
							(problem) -> Mono.just(Map.of("id", id, "ref", id, "ok", "false", "reason",
									problem.isNotFound() ? "not found" : problem.detail()))))
				.collectList()
				.map((results) -> Rendering.view("incident/bulk")
					.modelAttribute("results", results)
					.modelAttribute("action", action)
					.build());
		});
	}

	private Mono<String> apply(SignedIn me, String action, Map<String, Object> incident) {
		String id = String.valueOf(incident.get("id"));
		String version = String.valueOf(incident.get("version"));
		String ref = String.valueOf(incident.get("ref"));
		if (action.equals("assign-me")) {
			return this.api
				.send(me, HttpMethod.PUT, "/api/v1/incidents/{id}/assignee", Map.of("assignee", me.user()), version, id)
				.thenReturn(ref);
		}
		if (action.startsWith("to-")) {
			return this.api
				.send(me, HttpMethod.POST, "/api/v1/incidents/{id}/transitions",
						Map.of("to", action.substring(3), "reason", "bulk change by " + me.user()), version, id)
				.thenReturn(ref);
		}
		return Mono.error(new ApiProblem(400, "Unknown action", "no such bulk action: " + action, Map.of()));
	}

	private static Rendering back(String id) {
		return Rendering.redirectTo("/incidents/" + id).status(HttpStatus.SEE_OTHER).build();
	}

	private static void putIfPresent(Map<String, Object> body, String key, @Nullable String value) {
		if (value != null && !value.isBlank()) {
			body.put(key, value.strip());
		}
	}

	private static String nonNull(@Nullable String text) {
		return (text != null) ? text : "";
	}

}
