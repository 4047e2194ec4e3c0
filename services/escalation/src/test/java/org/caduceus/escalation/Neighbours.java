package org.caduceus.escalation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.caduceus.intakecontract.InboundIncident;
import org.caduceus.intakecontract.LinkedIncident;
import org.caduceus.intakecontract.SourceIncident;
import org.caduceus.taxonomy.Tlp;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableChannel;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server standing for the escalation service's neighbours: intake on this
 * node (incidents to escalate, linked incidents filed) and the gateway's internal API
 * (peer directory, and the egress whose answers are those of a partner node that can be
 * online, offline or refusing). It records everything, so tests assert on what left.
 */
public final class Neighbours implements AutoCloseable {

	/** A message that reached the egress. */
	public record Sent(String peer, String path, String body, String authorization) {
	}

	/**
	 * A linked incident intake was asked to file, or (raiseOnly, the partner's TLP
	 * update) to raise.
	 */
	public record Filed(String partner, String escalationId, String body, boolean raiseOnly) {
	}

	public static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Neighbours INSTANCE = new Neighbours();

	/** The incidents intake shows, by id. */
	public final Map<String, SourceIncident> incidents = new ConcurrentHashMap<>();

	/**
	 * Incidents intake shows to these callers only (by the subject of their token), as
	 * intake hides a TLP:RED incident; an incident not listed is shown to every caller.
	 */
	public final Map<String, Set<String>> shownOnlyTo = new ConcurrentHashMap<>();

	/** Every caller that asked intake for an incident, by the subject of its token. */
	public final List<String> askedBy = new CopyOnWriteArrayList<>();

	/** How often intake was asked for each incident, by id. */
	public final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();

	public final Map<String, String> peers = new ConcurrentHashMap<>();

	public final List<Sent> sent = new CopyOnWriteArrayList<>();

	public final List<Filed> filed = new CopyOnWriteArrayList<>();

	/** What the partner stored: each escalation id once, as a partner node must. */
	public final Map<String, String> partnerStore = new ConcurrentHashMap<>();

	/** How often each escalation reached the partner while it was online. */
	public final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();

	public volatile Function<Sent, Reply> partner = this::onlinePartner;

	public volatile int intakeStatus = 200;

	/** Intake goes away with every read it is asked (a crash, a kill). */
	public volatile boolean intakeGone;

	/** What intake answers a read with (503: its store is down). */
	public volatile int intakeReadStatus = 200;

	/** The status of a {@link #gatewayGone} reply: the connection is closed instead. */
	private static final int GONE = -1;

	private final AtomicInteger refs = new AtomicInteger();

	private final DisposableServer server;

	/** An HTTP answer. */
	public record Reply(int status, String body) {
	}

	private Neighbours() {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.get("/api/v1/incidents/{id}", (request, response) -> {
				if (this.intakeGone) {
					// killed while it held the request: the connection closes unanswered
					return Mono.<Void>fromRunnable(() -> response.withConnection(DisposableChannel::dispose));
				}
				if (this.intakeReadStatus != 200) {
					return response.status(this.intakeReadStatus)
						.header("Content-Type", "application/problem+json")
						.sendString(Mono.just("{\"type\":\"urn:caduceus:problem:store-unavailable\",\"status\":"
								+ this.intakeReadStatus + "}"));
				}
				String id = request.param("id");
				String caller = subject(request.requestHeaders().get("Authorization"));
				this.askedBy.add(caller);
				this.reads.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
				SourceIncident incident = this.incidents.get(id);
				Set<String> only = this.shownOnlyTo.get(id);
				if (only != null && !only.contains(caller)) {
					incident = null;
				}
				return (incident == null) ? response.status(404).send()
						: response.header("Content-Type", "application/json")
							.sendString(Mono.just(JSON.writeValueAsString(incident)));
			})
				.put("/api/v1/incidents/inbound/{partner}/{escalationId}", (request,
						response) -> request.receive().aggregate().asString(StandardCharsets.UTF_8).flatMap((body) -> {
							if (this.intakeStatus != 200) {
								return Mono.from(response.status(this.intakeStatus)
									.header("Content-Type", "application/problem+json")
									.sendString(
											Mono.just("{\"title\":\"refused\",\"status\":" + this.intakeStatus + "}")));
							}
							String partner = request.param("partner");
							String escalationId = request.param("escalationId");
							boolean raiseOnly = request.uri().endsWith("?raiseOnly=true");
							this.filed.add(new Filed(partner, escalationId, body, raiseOnly));
							LinkedIncident linked = fileLinked(partner, escalationId,
									JSON.readValue(body, InboundIncident.class), raiseOnly);
							return Mono.from(response.header("Content-Type", "application/json")
								.sendString(Mono.just(JSON.writeValueAsString(linked))));
						}))
				.get("/internal/federation/peers/{id}", (request, response) -> {
					String peer = this.peers.get(request.param("id"));
					return (peer == null) ? response.status(404).send()
							: response.header("Content-Type", "application/json").sendString(Mono.just(peer));
				})
				.post("/internal/federation/egress/**",
						(request, response) -> request.receive()
							.aggregate()
							.asString(StandardCharsets.UTF_8)
							.defaultIfEmpty("")
							.flatMap((body) -> {
								String rest = request.uri().substring("/internal/federation/egress/".length());
								int slash = rest.indexOf('/');
								Sent sent = new Sent(rest.substring(0, slash), rest.substring(slash + 1), body,
										String.valueOf(request.requestHeaders().get("Authorization")));
								this.sent.add(sent);
								// off the server's event loop: a partner may be another
								// service
								// in this JVM, asked and waited for
								return Mono.fromCallable(() -> this.partner.apply(sent))
									.subscribeOn(Schedulers.boundedElastic())
									.flatMap((reply) -> (reply.status() == GONE)
											? Mono.<Void>fromRunnable(
													() -> response.withConnection(DisposableChannel::dispose))
											: Mono.from(response.status(reply.status())
												.header("Content-Type", "application/json")
												.sendString(Mono.just(reply.body()))));
							})))
			.bindNow();
	}

	/**
	 * Files a partner's incident as intake does, once per escalation, and shows it from
	 * then on as this node's incident, with the partner as its origin. The partner's TLP
	 * update ({@code raiseOnly=true}) under a stricter TLP raises it, as intake raises a
	 * linked incident with its floor, and a lower TLP leaves it as it is, however late it
	 * arrives; the escalation sent again without it moves the TLP to the partner's, up or
	 * down, as intake moves the floor (intake's own
	 * {@code PartnerTlpFloorIntegrationTests} shows both, and the floor holding against
	 * every local user).
	 */
	private LinkedIncident fileLinked(String partner, String escalationId, InboundIncident inbound, boolean raiseOnly) {
		String id = UUID.nameUUIDFromBytes((partner + escalationId).getBytes()).toString();
		InboundIncident.Shared shared = inbound.incident();
		SourceIncident incident = this.incidents.compute(id, (key, before) -> {
			if (before != null) {
				boolean stricter = Tlp.of(shared.tlp()).isMoreRestrictiveThan(Tlp.of(before.tlp()));
				return (stricter || !raiseOnly) ? withTlp(before, shared.tlp()) : before;
			}
			InboundIncident.Reporter reporter = shared.reporter();
			return new SourceIncident(id, "DE-2026-" + String.format("%06d", this.refs.incrementAndGet()),
					shared.title(), shared.description(),
					new SourceIncident.Classification(shared.rsitClass(), shared.rsitType(), shared.careServices(),
							shared.medicalDevice(), "rsit-1003"),
					shared.tlp(), shared.pap(), shared.severity(), shared.patientSafetyImpact(),
					shared.careDisruption(),
					new SourceIncident.Reporter(reporter.organisation(), reporter.entityType(), null,
							reporter.consentToShare()),
					(shared.observables() != null) ? shared.observables()
						.stream()
						.map((observable) -> new SourceIncident.Observable(observable.type(), observable.value()))
						.toList() : List.of(),
					shared.occurredAt(), shared.detectedAt(), shared.awareAt(), "NEW", false, false,
					new SourceIncident.Origin(partner, inbound.partnerRef(), escalationId), List.of());
		});
		return new LinkedIncident(id, incident.ref());
	}

	/** Makes intake show the incident at another TLP from now on. */
	public void intakeNowShows(String incidentId, String tlp) {
		this.incidents.computeIfPresent(incidentId, (id, incident) -> withTlp(incident, tlp));
	}

	private static SourceIncident withTlp(SourceIncident incident, String tlp) {
		return new SourceIncident(incident.id(), incident.ref(), incident.title(), incident.description(),
				incident.classification(), tlp, incident.pap(), incident.severity(), incident.patientSafetyImpact(),
				incident.careDisruption(), incident.reporter(), incident.observables(), incident.occurredAt(),
				incident.detectedAt(), incident.awareAt(), incident.status(), incident.significant(),
				incident.crossBorderImpact(), incident.origin(), incident.journal());
	}

	/** The subject of a bearer token, read without checking it (intake checks it). */
	static String subject(String authorization) {
		if (authorization == null || !authorization.startsWith("Bearer ")) {
			return "";
		}
		String[] parts = authorization.substring("Bearer ".length()).split("\\.");
		if (parts.length < 2) {
			return "";
		}
		JsonNode claims = JSON.readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
		return claims.has("sub") ? claims.get("sub").asString() : "";
	}

	public static Neighbours get() {
		return INSTANCE;
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.port();
	}

	/** Forgets everything recorded and makes the partner online. */
	public void reset() {
		this.incidents.clear();
		this.shownOnlyTo.clear();
		this.askedBy.clear();
		this.reads.clear();
		this.peers.clear();
		this.sent.clear();
		this.filed.clear();
		this.partnerStore.clear();
		this.deliveries.clear();
		this.partner = this::onlinePartner;
		this.intakeStatus = 200;
		this.intakeGone = false;
		this.intakeReadStatus = 200;
	}

	public void peer(String nodeId, String ceiling) {
		this.peers.put(nodeId, "{\"nodeId\":\"" + nodeId + "\",\"country\":\"DE\",\"baseUrl\":\"https://" + nodeId
				+ ".example\",\"tlpCeiling\":\"" + ceiling + "\"}");
	}

	/** A partner node that files each escalation once and answers with its receipt. */
	public Reply onlinePartner(Sent sent) {
		JsonNode body = JSON.readTree(sent.body());
		String escalationId = body.get("escalationId").asString();
		if (sent.path().equals("escalations")) {
			this.deliveries.computeIfAbsent(escalationId, (id) -> new AtomicInteger()).incrementAndGet();
			String receipt = this.partnerStore.computeIfAbsent(escalationId,
					(id) -> "{\"escalationId\":\"" + id + "\",\"status\":\"ACKNOWLEDGED\",\"linkedRef\":\"DE-2026-"
							+ String.format("%06d", this.refs.incrementAndGet()) + "\",\"acknowledgedAt\":\""
							+ Instant.now() + "\"}");
			return new Reply(201, receipt);
		}
		return new Reply(200, "{\"escalationId\":\"" + escalationId + "\",\"status\":\"ACKNOWLEDGED\"}");
	}

	/**
	 * No answer at all: this node's own gateway goes away while it holds the request (a
	 * crash, a kill), closing the connection.
	 */
	public static Reply gatewayGone(Sent sent) {
		return new Reply(GONE, "");
	}

	/** The gateway's answer while the partner cannot be reached. */
	public static Reply offline(Sent sent) {
		return new Reply(502, "{\"type\":\"urn:caduceus:problem:peer-unreachable\",\"status\":502}");
	}

	/** How many messages of {@code kind} path reached the egress for an escalation. */
	public long sentFor(String escalationId, String path) {
		return this.sent.stream()
			.filter((sent) -> sent.path().equals(path) && sent.body().contains(escalationId))
			.count();
	}

	@Override
	public void close() {
		this.server.disposeNow();
	}

}
