package org.caduceus.partnerapi.taxii;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.caduceus.web.limits.RateBuckets;
import org.caduceus.identity.InternalIdentity;
import org.caduceus.stix.IncidentExport;
import org.caduceus.stix.InvalidStix;
import org.caduceus.stix.StixObjects;
import org.caduceus.stix.StixSchemas;
import org.caduceus.stix.TlpMarkings;
import org.caduceus.taxonomy.Tlp;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The TAXII 2.1 server: discovery at {@code /taxii2/}, one API root {@code /taxii2/api/},
 * a collection per sharing audience ({@link TaxiiCollection}), objects and manifest pages
 * with {@code added_after}, {@code match[type|id|version]}, {@code limit} and
 * {@code next}, and {@code POST objects} answered with a status. Every request is
 * authenticated from its headers before any of its body is read, and only a caller who
 * may write to the collection has its body read; a collection the caller may neither read
 * nor write answers as one that does not exist; every answer is
 * {@code application/taxii+json;version=2.1} and every refusal a TAXII error.
 */
@RestController
class TaxiiController {

	static final MediaType TAXII = MediaType.parseMediaType("application/taxii+json;version=2.1");

	static final String STIX = "application/stix+json;version=2.1";

	static final String ROOT = "/taxii2/api/";

	/** The largest page served, whatever {@code limit} asks. */
	static final int MAX_PAGE = 1000;

	private static final Logger log = LoggerFactory.getLogger(TaxiiController.class);

	private final JsonMapper json = JsonMapper.builder().build();

	private final TaxiiAuthenticator authenticator;

	private final TaxiiStore store;

	private final PeerNodes peers;

	private final ApiKeys keys;

	private final String teamName;

	private final String nodeId;

	private final StixObjects checks;

	private final int maxContentLength;

	private final RateBuckets rates = new RateBuckets();

	private final double perSecond;

	private final double burst;

	TaxiiController(TaxiiAuthenticator authenticator, TaxiiStore store, PeerNodes peers, ApiKeys keys,
			@Value("${caduceus.node.id}") String nodeId,
			@Value("${caduceus.node.team-name:Caduceus node}") String teamName,
			@Value("${caduceus.taxii.max-content-length:16777216}") int maxContentLength,
			@Value("${caduceus.taxii.max-object-bytes:131072}") int maxObjectBytes,
			@Value("${caduceus.taxii.rate-per-second:20}") double perSecond,
			@Value("${caduceus.taxii.rate-burst:40}") double burst) {
		this.perSecond = perSecond;
		this.burst = burst;
		this.authenticator = authenticator;
		this.store = store;
		this.peers = peers;
		this.keys = keys;
		this.teamName = teamName;
		this.nodeId = nodeId;
		this.maxContentLength = maxContentLength;
		this.checks = new StixObjects(new StixSchemas(), maxObjectBytes);
	}

	@GetMapping({ "/taxii2/", "/taxii2" })
	Mono<ResponseEntity<String>> discovery(ServerWebExchange exchange) {
		return read(exchange, (caller) -> {
			ObjectNode discovery = this.json.createObjectNode();
			discovery.put("title", this.teamName + " TAXII server (Caduceus)");
			discovery.put("description", "Health-sector incident sharing: one collection per audience, TLP enforced"
					+ " per partner; TLP:AMBER+STRICT and TLP:RED never leave the node");
			// absolute URLs, as TAXII clients expect: where the caller reached the
			// gateway
			String root = publicUri(exchange).resolve(ROOT).toString();
			discovery.put("default", root);
			discovery.putArray("api_roots").add(root);
			return ok(discovery);
		});
	}

	@GetMapping({ "/taxii2/api/", "/taxii2/api" })
	Mono<ResponseEntity<String>> apiRoot(ServerWebExchange exchange) {
		return read(exchange, (caller) -> {
			ObjectNode root = this.json.createObjectNode();
			root.put("title", "Caduceus health-sector sharing");
			root.put("description", "Incidents, indicators and observables of the node " + this.teamName);
			root.putArray("versions").add(TAXII.toString());
			root.put("max_content_length", this.maxContentLength);
			return ok(root);
		});
	}

	@GetMapping({ "/taxii2/api/collections/", "/taxii2/api/collections" })
	Mono<ResponseEntity<String>> collections(ServerWebExchange exchange) {
		return read(exchange, (caller) -> {
			ObjectNode answer = this.json.createObjectNode();
			ArrayNode list = answer.putArray("collections");
			for (TaxiiCollection collection : known()) {
				if (caller.canRead(collection) || caller.canWrite(collection)) {
					list.add(collection(collection, caller));
				}
			}
			return ok(answer);
		});
	}

	@GetMapping({ "/taxii2/api/collections/{collection}/", "/taxii2/api/collections/{collection}" })
	Mono<ResponseEntity<String>> collection(@PathVariable String collection, ServerWebExchange exchange) {
		return read(exchange, (caller) -> {
			return ok(collection(visible(caller, collection), caller));
		});
	}

	@GetMapping({ "/taxii2/api/collections/{collection}/objects/", "/taxii2/api/collections/{collection}/objects" })
	Mono<ResponseEntity<String>> objects(@PathVariable String collection, ServerWebExchange exchange) {
		return read(exchange, (caller) -> {
			TaxiiCollection found = readable(caller, collection);
			Request request = request(exchange.getRequest().getQueryParams(), true);
			return this.store.page(found.alias(), request.filter(found), request.next(), request.limit())
				.map((page) -> envelope(page, request));
		});
	}

	@GetMapping({ "/taxii2/api/collections/{collection}/objects/{objectId}/",
			"/taxii2/api/collections/{collection}/objects/{objectId}" })
	Mono<ResponseEntity<String>> object(@PathVariable String collection, @PathVariable String objectId,
			ServerWebExchange exchange) {
		return read(exchange, (caller) -> {
			TaxiiCollection found = readable(caller, collection);
			Request request = request(exchange.getRequest().getQueryParams(), false);
			TaxiiStore.Filter filter = request.filter(found);
			TaxiiStore.Filter one = new TaxiiStore.Filter(filter.addedAfter(), List.of(), List.of(objectId),
					filter.versions(), filter.tlps());
			return this.store.page(found.alias(), one, request.next(), request.limit()).map((page) -> {
				if (page.records().isEmpty() && request.next() == null && request.addedAfter() == null) {
					throw objectNotFound(objectId, found);
				}
				return envelope(page, request);
			});
		});
	}

	@GetMapping({ "/taxii2/api/collections/{collection}/objects/{objectId}/versions/",
			"/taxii2/api/collections/{collection}/objects/{objectId}/versions" })
	Mono<ResponseEntity<String>> versions(@PathVariable String collection, @PathVariable String objectId,
			ServerWebExchange exchange) {
		return read(exchange, (caller) -> {
			TaxiiCollection found = readable(caller, collection);
			return this.store.versions(found.alias(), objectId, tlps(found)).map((versionList) -> {
				if (versionList.isEmpty()) {
					throw objectNotFound(objectId, found);
				}
				ObjectNode answer = this.json.createObjectNode();
				answer.put("more", false);
				ArrayNode versions = answer.putArray("versions");
				versionList.forEach(versions::add);
				return ok(answer);
			});
		});
	}

	@GetMapping({ "/taxii2/api/collections/{collection}/manifest/", "/taxii2/api/collections/{collection}/manifest" })
	Mono<ResponseEntity<String>> manifest(@PathVariable String collection, ServerWebExchange exchange) {
		return read(exchange, (caller) -> {
			TaxiiCollection found = readable(caller, collection);
			Request request = request(exchange.getRequest().getQueryParams(), true);
			return this.store.page(found.alias(), request.filter(found), request.next(), request.limit())
				.map((page) -> {
					ObjectNode answer = this.json.createObjectNode();
					answer.put("more", page.more());
					if (page.more()) {
						answer.put("next", next(page));
					}
					ArrayNode objects = answer.putArray("objects");
					for (TaxiiRecord record : page.records()) {
						ObjectNode entry = objects.addObject();
						entry.put("id", record.objectId());
						entry.put("date_added", TaxiiTime.format(record.added()));
						entry.put("version", record.version());
						entry.put("media_type", STIX);
					}
					return withDateHeaders(ok(answer), page);
				});
		});
	}

	@PostMapping({ "/taxii2/api/collections/{collection}/objects/", "/taxii2/api/collections/{collection}/objects" })
	Mono<ResponseEntity<String>> add(@PathVariable String collection, ServerWebExchange exchange) {
		Instant requested = Instant.now();
		return handle(exchange, true, (caller) -> {
			TaxiiCollection found = visible(caller, collection);
			if (!caller.canWrite(found)) {
				throw forbidden(caller, found, "write");
			}
			// the body is read only now: for a caller who may write here
			return body(exchange).flatMap((body) -> add(found, caller, incoming(body, found, caller), requested));
		});
	}

	private Mono<ResponseEntity<String>> add(TaxiiCollection found, TaxiiCaller caller,
			List<TaxiiStore.Incoming> incoming, Instant requested) {
		TaxiiStore.Owner owner = new TaxiiStore.Owner(caller.identity(this.nodeId), caller.local());
		return this.store.add(found.alias(), owner, incoming).onErrorMap(TaxiiStore.NotOwner.class, (ex) -> {
			log.info("TAXII: {} may not add a version of {} in {}: another author's", who(caller), ex.getMessage(),
					found.alias());
			return new TaxiiError(HttpStatus.UNPROCESSABLE_CONTENT, "not-your-object", "Another author's object",
					"/objects/" + ex.index() + ": " + ex.getMessage() + " was published here by another author;"
							+ " only its author adds versions of it",
					"/objects/" + ex.index() + "/id");
		}).flatMap((added) -> {
			List<TaxiiStatus.Detail> successes = added.stream()
				.map((one) -> new TaxiiStatus.Detail(one.objectId(), one.version(),
						one.alreadyPresent() ? "already present" : null))
				.toList();
			TaxiiStatus status = new TaxiiStatus(UUID.randomUUID().toString(), found.alias(), who(caller), requested,
					successes);
			log.info("TAXII: {} added {} objects to {} ({} already present)", who(caller), added.size(), found.alias(),
					added.stream().filter(TaxiiStore.Added::alreadyPresent).count());
			return this.store.saveStatus(status);
		}).map((status) -> ResponseEntity.status(HttpStatus.ACCEPTED).contentType(TAXII).body(status(status)));
	}

	@GetMapping({ "/taxii2/api/status/{statusId}/", "/taxii2/api/status/{statusId}" })
	Mono<ResponseEntity<String>> status(@PathVariable String statusId, ServerWebExchange exchange) {
		return read(exchange,
				(caller) -> this.store.status(statusId)
					.filter((status) -> status.caller().equals(who(caller)))
					.switchIfEmpty(Mono.error(() -> new TaxiiError(HttpStatus.NOT_FOUND, "status-not-found",
							"Status not found", "no status " + statusId + " of yours")))
					.map((status) -> ResponseEntity.ok().contentType(TAXII).body(status(status))));
	}

	/** A GET: no body is read, the same checks. */
	private Mono<ResponseEntity<String>> read(ServerWebExchange exchange, Function<TaxiiCaller, Object> action) {
		return handle(exchange, false, action);
	}

	/**
	 * Authenticates from the headers alone (the gateway's identity token, the API key
	 * header), takes from the caller's rate bucket, checks the media types, then runs
	 * {@code action} (which returns a response or a Mono of one, and reads the body
	 * itself with {@link #body} when it needs it); a refusal at any step becomes a TAXII
	 * error. Nothing of the body is read before the caller is known and allowed.
	 */
	@SuppressWarnings("unchecked")
	private Mono<ResponseEntity<String>> handle(ServerWebExchange exchange, boolean readsBody,
			Function<TaxiiCaller, Object> action) {
		return this.authenticator.authenticate(exchange).flatMap((caller) -> {
			long retryAfter = this.rates.take(who(caller), this.perSecond, this.burst);
			if (retryAfter > 0) {
				throw TaxiiError.tooManyRequests(retryAfter, this.perSecond);
			}
			accepts(exchange.getRequest().getHeaders());
			if (readsBody) {
				contentType(exchange.getRequest().getHeaders());
			}
			Object result = action.apply(caller);
			return (result instanceof Mono<?> mono) ? (Mono<ResponseEntity<String>>) mono
					: Mono.just((ResponseEntity<String>) result);
		}).onErrorResume(TaxiiError.class, (ex) -> Mono.just(error(ex)));
	}

	/** The body, read within {@code max_content_length}. */
	private Mono<byte[]> body(ServerWebExchange exchange) {
		return DataBufferUtils.join(exchange.getRequest().getBody(), this.maxContentLength).map((buffer) -> {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			DataBufferUtils.release(buffer);
			return bytes;
		})
			.defaultIfEmpty(new byte[0])
			.onErrorMap(DataBufferLimitException.class,
					(ex) -> new TaxiiError(HttpStatus.CONTENT_TOO_LARGE, "too-large", "Content too large",
							"the body is larger than max_content_length (" + this.maxContentLength + " bytes)"));
	}

	/**
	 * @return the URL the caller reached the gateway at, as the gateway passed it on;
	 * else the request's own
	 */
	private static java.net.URI publicUri(ServerWebExchange exchange) {
		String given = exchange.getRequest().getHeaders().getFirst(InternalIdentity.PUBLIC_URL_HEADER);
		if (given != null) {
			try {
				java.net.URI uri = new java.net.URI(given);
				if (uri.isAbsolute() && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
					return uri;
				}
			}
			catch (java.net.URISyntaxException ex) {
				// the request's own below
			}
		}
		return exchange.getRequest().getURI();
	}

	private static void accepts(HttpHeaders headers) {
		List<String> accept = headers.getOrEmpty(HttpHeaders.ACCEPT);
		try {
			for (MediaType type : MediaType.parseMediaTypes(accept)) {
				if (taxii(type)) {
					return;
				}
			}
		}
		catch (InvalidMediaTypeException ex) {
			// refused below
		}
		throw new TaxiiError(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable",
				"send Accept: " + TAXII + " (this server speaks TAXII 2.1 only)");
	}

	private static void contentType(HttpHeaders headers) {
		MediaType type;
		try {
			type = headers.getContentType();
		}
		catch (InvalidMediaTypeException ex) {
			type = null;
		}
		if (type == null || !taxii(type)) {
			throw new TaxiiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type",
					"send Content-Type: " + TAXII + " with an envelope");
		}
	}

	private static boolean taxii(MediaType type) {
		String version = type.getParameter("version");
		return type.getType().equals("application") && type.getSubtype().equals("taxii+json")
				&& (version == null || version.equals("2.1"));
	}

	/**
	 * The objects of an envelope, each checked, none stored unless all pass: schema, TLP
	 * marking and the collection's TLP levels; provenance (what came from a partner goes
	 * above TLP:GREEN back to that partner only); authorship (a caller sends only objects
	 * its own identity created, and only its own identity object unmarked).
	 */
	private List<TaxiiStore.Incoming> incoming(byte[] body, TaxiiCollection collection, TaxiiCaller caller) {
		JsonNode envelope;
		try {
			envelope = this.json.readTree(body);
		}
		catch (JacksonException ex) {
			throw new TaxiiError(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON",
					"the body is not JSON: " + ex.getOriginalMessage());
		}
		JsonNode objects = envelope.path("objects");
		if (!envelope.isObject() || !objects.isArray() || objects.isEmpty()) {
			throw new TaxiiError(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-envelope", "Invalid envelope",
					"the body must be a TAXII envelope with a non-empty list of objects", "/objects");
		}
		List<TaxiiStore.Incoming> incoming = new ArrayList<>();
		for (int i = 0; i < objects.size(); i++) {
			JsonNode object = objects.get(i);
			String pointer = "/objects/" + i;
			try {
				this.checks.check(object, pointer);
			}
			catch (InvalidStix ex) {
				throw new TaxiiError(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-stix", "STIX object refused",
						ex.getMessage(), ex.pointer());
			}
			String type = object.get("type").asString();
			Tlp tlp = StixObjects.tlp(object);
			if (tlp == null && !StixObjects.UNMARKED_TYPES.contains(type)) {
				throw new TaxiiError(HttpStatus.UNPROCESSABLE_CONTENT, "tlp-missing", "TLP marking missing",
						pointer + ": " + object.get("id").asString() + " carries no TLP marking; mark what you share",
						pointer + "/object_marking_refs");
			}
			if (tlp != null && !collection.allowed().contains(tlp)) {
				throw new TaxiiError(HttpStatus.UNPROCESSABLE_CONTENT, "tlp-not-allowed",
						"TLP not allowed in this collection",
						pointer + ": " + tlp.label() + " may not be shared in " + collection.alias() + " (it holds "
								+ collection.allowed().stream().sorted().map(Tlp::label).toList() + ")",
						pointer + "/object_marking_refs");
			}
			provenance(object, tlp, collection, pointer);
			authorship(object, type, caller, pointer);
			String version = object.has("modified") ? object.get("modified").asString()
					: (object.has("created") ? object.get("created").asString() : null);
			incoming.add(new TaxiiStore.Incoming(object.get("id").asString(), type, version,
					(tlp != null) ? tlp.code() : "none", object.toString()));
		}
		return incoming;
	}

	/**
	 * Refuses content received from a partner (its origin named in the Caduceus
	 * extension) above TLP:GREEN anywhere but in that partner's own collection.
	 */
	private static void provenance(JsonNode object, @Nullable Tlp tlp, TaxiiCollection collection, String pointer) {
		String origin = IncidentExport.origin(object);
		if (origin == null || tlp == Tlp.CLEAR || tlp == Tlp.GREEN || origin.equals(collection.partner())) {
			return;
		}
		throw new TaxiiError(HttpStatus.UNPROCESSABLE_CONTENT, "origin-elsewhere", "Another partner's content",
				pointer + ": " + object.get("id").asString() + " came from " + origin + " as "
						+ ((tlp != null) ? tlp.label() : "unmarked") + ": it goes back to " + origin
						+ " only, never to " + collection.alias(),
				pointer + "/extensions");
	}

	/**
	 * Refuses an object that names another author than the caller ({@code created_by_ref}
	 * other than the caller's identity), an unmarked identity other than the caller's
	 * own, and a lookalike of an official TLP 2.0 marking definition (its id with other
	 * content).
	 */
	private void authorship(JsonNode object, String type, TaxiiCaller caller, String pointer) {
		String mine = caller.identity(this.nodeId);
		String id = object.get("id").asString();
		JsonNode createdBy = object.get("created_by_ref");
		if (createdBy != null && !mine.equals(createdBy.asString(""))) {
			throw new TaxiiError(HttpStatus.UNPROCESSABLE_CONTENT, "not-your-identity", "Another author's object",
					pointer + ": " + id + " is created_by " + createdBy.asString(createdBy.toString())
							+ "; you publish as " + mine + " and send only what you created",
					pointer + "/created_by_ref");
		}
		if (type.equals("identity") && !object.has("object_marking_refs") && !id.equals(mine)) {
			throw new TaxiiError(
					HttpStatus.UNPROCESSABLE_CONTENT, "not-your-identity", "Another identity", pointer + ": " + id
							+ " is not your identity (" + mine + "); an identity is published unmarked by itself only",
					pointer + "/id");
		}
		Tlp official = type.equals("marking-definition") ? StixObjects.tlpOfMarking(id) : null;
		if (official != null && TlpMarkings.id(official).equals(id)
				&& !object.equals(TlpMarkings.definition(official, this.json))) {
			throw new TaxiiError(HttpStatus.UNPROCESSABLE_CONTENT, "not-the-official-marking",
					"Not the official TLP marking", pointer + ": " + id + " is the id of the official "
							+ official.label() + " marking definition, but not its content",
					pointer);
		}
	}

	/**
	 * What {@code objects}, {@code manifest} and one object's page take as parameters.
	 */
	record Request(@Nullable Long addedAfter, List<String> types, List<String> ids, TaxiiStore.Versions versions,
			boolean specVersionOk, int limit, TaxiiStore.@Nullable Cursor next) {

		TaxiiStore.Filter filter(TaxiiCollection collection) {
			return new TaxiiStore.Filter(this.addedAfter, this.types, this.ids, this.versions,
					this.specVersionOk ? tlps(collection) : Set.of());
		}

	}

	static Request request(MultiValueMap<String, String> query, boolean matchTypeAndId) {
		Long addedAfter = null;
		String after = query.getFirst("added_after");
		if (after != null) {
			try {
				addedAfter = TaxiiTime.micros(TaxiiTime.parse(after));
			}
			catch (DateTimeParseException ex) {
				throw TaxiiError.badRequest("added_after",
						"'" + after + "' is not an RFC 3339 timestamp such as 2026-11-24T08:00:00.000Z");
			}
		}
		int limit = MAX_PAGE;
		String limitText = query.getFirst("limit");
		if (limitText != null) {
			try {
				limit = Integer.parseInt(limitText);
			}
			catch (NumberFormatException ex) {
				limit = 0;
			}
			if (limit < 1) {
				throw TaxiiError.badRequest("limit", "'" + limitText + "' is not a positive whole number");
			}
			limit = Math.min(limit, MAX_PAGE);
		}
		TaxiiStore.Cursor next = null;
		String token = query.getFirst("next");
		if (token != null) {
			next = TaxiiStore.Cursor.decode(token);
			if (next == null) {
				throw TaxiiError.badRequest("next", "not a next token this server gave");
			}
		}
		List<String> types = matchTypeAndId ? list(query, "match[type]") : List.of();
		List<String> ids = matchTypeAndId ? list(query, "match[id]") : List.of();
		List<String> specVersions = list(query, "match[spec_version]");
		boolean specVersionOk = specVersions.isEmpty() || specVersions.contains("2.1");
		return new Request(addedAfter, types, ids, versions(list(query, "match[version]")), specVersionOk, limit, next);
	}

	private static TaxiiStore.Versions versions(List<String> values) {
		if (values.isEmpty()) {
			return TaxiiStore.Versions.LAST;
		}
		boolean all = false;
		boolean last = false;
		boolean first = false;
		List<String> given = new ArrayList<>();
		for (String value : values) {
			switch (value) {
				case "all" -> all = true;
				case "last" -> last = true;
				case "first" -> first = true;
				default -> {
					try {
						TaxiiTime.parse(value);
					}
					catch (DateTimeParseException ex) {
						throw TaxiiError.badRequest("match[version]",
								"'" + value + "' is not last, first, all or a timestamp");
					}
					given.add(value);
				}
			}
		}
		return new TaxiiStore.Versions(all, last, first, List.copyOf(given));
	}

	private static List<String> list(MultiValueMap<String, String> query, String name) {
		List<String> values = query.getOrDefault(name, List.of());
		Set<String> out = new LinkedHashSet<>();
		for (String value : values) {
			Arrays.stream(value.split(",")).map(String::strip).filter((part) -> !part.isEmpty()).forEach(out::add);
		}
		return List.copyOf(out);
	}

	static Set<String> tlps(TaxiiCollection collection) {
		Set<String> codes = new LinkedHashSet<>();
		codes.add("none");
		collection.allowed().forEach((tlp) -> codes.add(tlp.code()));
		return codes;
	}

	private ResponseEntity<String> envelope(TaxiiStore.Page page, Request request) {
		StringBuilder out = new StringBuilder(256 + page.records().size() * 512);
		out.append("{\"more\":").append(page.more());
		if (page.more()) {
			out.append(",\"next\":\"").append(next(page)).append('"');
		}
		out.append(",\"objects\":[");
		for (int i = 0; i < page.records().size(); i++) {
			out.append((i == 0) ? "" : ",").append(page.records().get(i).json());
		}
		out.append("]}");
		return withDateHeaders(ResponseEntity.ok().contentType(TAXII).body(out.toString()), page);
	}

	private static String next(TaxiiStore.Page page) {
		TaxiiRecord last = page.records().get(page.records().size() - 1);
		return new TaxiiStore.Cursor(last.added(), last.objectId()).encode();
	}

	private static ResponseEntity<String> withDateHeaders(ResponseEntity<String> response, TaxiiStore.Page page) {
		if (page.records().isEmpty()) {
			return response;
		}
		return ResponseEntity.status(response.getStatusCode())
			.headers(response.getHeaders())
			.header("X-TAXII-Date-Added-First", TaxiiTime.format(page.records().get(0).added()))
			.header("X-TAXII-Date-Added-Last", TaxiiTime.format(page.records().get(page.records().size() - 1).added()))
			.body(response.getBody());
	}

	private ObjectNode collection(TaxiiCollection collection, TaxiiCaller caller) {
		ObjectNode node = this.json.createObjectNode();
		node.put("id", collection.id());
		node.put("title", collection.title());
		node.put("description", (collection.partner() == null) ? "Shared with every health-sector partner of this node"
				: "Shared with " + collection.partner() + " only, and this node's own team");
		node.put("alias", collection.alias());
		node.put("can_read", caller.canRead(collection));
		node.put("can_write", caller.canWrite(collection));
		node.putArray("media_types").add(STIX);
		return node;
	}

	private String status(TaxiiStatus status) {
		ObjectNode node = this.json.createObjectNode();
		node.put("id", status.id());
		node.put("status", "complete");
		node.put("request_timestamp", TaxiiTime.format(TaxiiTime.micros(status.requestTimestamp())));
		node.put("total_count", status.successes().size());
		node.put("success_count", status.successes().size());
		ArrayNode successes = node.putArray("successes");
		for (TaxiiStatus.Detail detail : status.successes()) {
			ObjectNode entry = successes.addObject();
			entry.put("id", detail.id());
			entry.put("version", detail.version());
			if (detail.message() != null) {
				entry.put("message", detail.message());
			}
		}
		node.put("failure_count", 0);
		node.putArray("failures");
		node.put("pending_count", 0);
		node.putArray("pendings");
		return node.toString();
	}

	private ResponseEntity<String> error(TaxiiError ex) {
		ObjectNode node = this.json.createObjectNode();
		node.put("title", ex.title());
		node.put("description", ex.getMessage());
		node.put("error_code", ex.code());
		node.put("http_status", String.valueOf(ex.status().value()));
		if (ex.pointer() != null) {
			node.putObject("details").put("pointer", ex.pointer());
		}
		ResponseEntity.BodyBuilder builder = ResponseEntity.status(ex.status()).contentType(TAXII);
		if (ex.retryAfter() > 0) {
			builder.header(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfter()));
		}
		if (ex.status() == HttpStatus.UNAUTHORIZED) {
			builder.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Caduceus TAXII\", Bearer");
		}
		return builder.body(node.toString());
	}

	private ResponseEntity<String> ok(JsonNode body) {
		return ResponseEntity.ok().contentType(TAXII).body(body.toString());
	}

	/**
	 * The collections this node has: the sector's, and one per peer node and key partner.
	 */
	private List<TaxiiCollection> known() {
		Set<String> partners = new java.util.TreeSet<>(this.peers.nodeIds());
		partners.addAll(this.keys.partners());
		List<TaxiiCollection> all = new ArrayList<>();
		all.add(TaxiiCollection.sector());
		partners.forEach((partner) -> all.add(TaxiiCollection.amberFor(partner)));
		return all;
	}

	private TaxiiCollection find(String idOrAlias) {
		for (TaxiiCollection collection : known()) {
			if (collection.id().equals(idOrAlias) || collection.alias().equals(idOrAlias)) {
				return collection;
			}
		}
		throw collectionNotFound(idOrAlias);
	}

	private static TaxiiError collectionNotFound(String idOrAlias) {
		return new TaxiiError(HttpStatus.NOT_FOUND, "collection-not-found", "Collection not found",
				"no collection " + idOrAlias + " on this API root");
	}

	/**
	 * @return the collection, for a caller who may read or write it; to anyone else it
	 * answers exactly as a collection that does not exist
	 */
	private TaxiiCollection visible(TaxiiCaller caller, String idOrAlias) {
		TaxiiCollection found = find(idOrAlias);
		if (!caller.canRead(found) && !caller.canWrite(found)) {
			log.info("TAXII: {} may not reach {}", who(caller), found.alias());
			throw collectionNotFound(idOrAlias);
		}
		return found;
	}

	private TaxiiCollection readable(TaxiiCaller caller, String idOrAlias) {
		TaxiiCollection found = visible(caller, idOrAlias);
		if (!caller.canRead(found)) {
			throw forbidden(caller, found, "read");
		}
		return found;
	}

	private static TaxiiError objectNotFound(String objectId, TaxiiCollection collection) {
		return new TaxiiError(HttpStatus.NOT_FOUND, "object-not-found", "Object not found",
				"no object " + objectId + " in collection " + collection.alias());
	}

	private static TaxiiError forbidden(TaxiiCaller caller, TaxiiCollection collection, String what) {
		log.info("TAXII: {} may not {} {}", who(caller), what, collection.alias());
		return new TaxiiError(HttpStatus.FORBIDDEN, "forbidden", "No access to this collection",
				"you may not " + what + " collection " + collection.alias());
	}

	private static String who(TaxiiCaller caller) {
		return caller.kind().name().toLowerCase(java.util.Locale.ROOT) + ":" + caller.name();
	}

}
