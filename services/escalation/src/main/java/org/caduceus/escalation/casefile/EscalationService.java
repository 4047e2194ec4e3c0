package org.caduceus.escalation.casefile;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.caduceus.escalation.border.BorderDecision;
import org.caduceus.escalation.border.BorderPolicy;
import org.caduceus.escalation.border.Snapshot;
import org.caduceus.escalation.casefile.Escalation.Direction;
import org.caduceus.escalation.casefile.Escalation.Event;
import org.caduceus.escalation.casefile.Escalation.Message;
import org.caduceus.escalation.casefile.FederationMessages.EscalationMessage;
import org.caduceus.escalation.casefile.FederationMessages.NoteMessage;
import org.caduceus.escalation.casefile.FederationMessages.Receipt;
import org.caduceus.escalation.casefile.FederationMessages.StatusMessage;
import org.caduceus.gatewayclient.GatewayClient;
import org.caduceus.escalation.partners.IntakeClient;
import org.caduceus.gatewayclient.PeerInfo;
import org.caduceus.escalation.partners.SourceIncident;
import org.caduceus.taxonomy.Tlp;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * What coordinators and partner nodes do with escalations. Each change is one document
 * write that also queues the message telling the partner, so the two can never part.
 */
@Service
public class EscalationService {

	private static final Logger log = LoggerFactory.getLogger(EscalationService.class);

	/** Most recipients of one escalation request. */
	public static final int MAX_RECIPIENTS = 20;

	private final EscalationStore store;

	private final IntakeClient intake;

	private final GatewayClient gateway;

	private final DeliverySignal signal;

	private final JsonMapper json;

	private final Clock clock;

	private final String nodeId;

	EscalationService(EscalationStore store, IntakeClient intake, GatewayClient gateway, DeliverySignal signal,
			JsonMapper json, Clock clock, @Value("${caduceus.node.id}") String nodeId) {
		this.store = store;
		this.intake = intake;
		this.gateway = gateway;
		this.signal = signal;
		this.json = json;
		this.clock = clock;
		this.nodeId = nodeId;
	}

	/**
	 * A coordinator's request to escalate.
	 *
	 * @param incidentId the incident on this node
	 * @param to the partner nodes
	 * @param reason why
	 * @param tlp share under this (lower) TLP, or null for the incident's own
	 * @param tlpReason why the TLP is lowered
	 */
	public record EscalateCommand(String incidentId, List<String> to, String reason, @Nullable String tlp,
			@Nullable String tlpReason) {
	}

	/**
	 * Runs the border policy for every recipient, then either queues one escalation per
	 * recipient or, when any recipient is refused, sends nothing and records the refused
	 * ones as BLOCKED.
	 * @param bearer the coordinator's identity token, to read the incident as them
	 */
	public Mono<List<Escalation>> escalate(EscalateCommand command, String user, String bearer) {
		List<String> to = command.to();
		if (new HashSet<>(to).size() != to.size()) {
			throw new InvalidEscalation("to", "a recipient is named twice");
		}
		if (to.contains(this.nodeId)) {
			throw new InvalidEscalation("to", "this node cannot escalate to itself");
		}
		BorderPolicy.DowngradeRequest downgrade = downgrade(command, user);
		return this.intake.incident(command.incidentId(), bearer)
			.switchIfEmpty(Mono.error(() -> new IncidentNotFound(command.incidentId())))
			.flatMap((incident) -> Flux.range(0, to.size())
				.concatMap((i) -> this.gateway.peer(to.get(i))
					.switchIfEmpty(Mono.error(() -> new InvalidEscalation("to[" + i + "]",
							"no peer '" + to.get(i) + "'; an admin adds peers at /api/v1/admin/peers"))))
				.collectList()
				.flatMap((peers) -> decideAndRecord(command, incident, peers, downgrade, user)));
	}

	private Mono<List<Escalation>> decideAndRecord(EscalateCommand command, SourceIncident incident,
			List<PeerInfo> peers, BorderPolicy.@Nullable DowngradeRequest downgrade, String user) {
		if (downgrade != null && downgrade.to().isMoreRestrictiveThan(Tlp.of(incident.tlp()))) {
			throw new InvalidEscalation("tlp",
					"the TLP can only be lowered at the border, not raised above " + Tlp.of(incident.tlp()).label());
		}
		Instant now = now();
		Map<PeerInfo, BorderDecision> decisions = new LinkedHashMap<>();
		for (PeerInfo peer : peers) {
			decisions.put(peer, BorderPolicy.decide(incident, peer, command.to(), downgrade));
		}
		boolean refused = decisions.values().stream().anyMatch(BorderDecision.Refused.class::isInstance);
		if (refused) {
			List<TlpForbidsSharing.Violation> violations = new ArrayList<>();
			return Flux.fromIterable(decisions.entrySet())
				.filter((entry) -> entry.getValue() instanceof BorderDecision.Refused)
				.concatMap((entry) -> {
					BorderDecision.Refused refusal = (BorderDecision.Refused) entry.getValue();
					Escalation blocked = blocked(incident, entry.getKey(), refusal, command.reason(), user, now);
					violations.add(new TlpForbidsSharing.Violation(entry.getKey().nodeId(), refusal.rule().slug(),
							refusal.detail(), blocked.id()));
					log.info("escalation of {} to {} blocked: {}", incident.ref(), entry.getKey().nodeId(),
							refusal.rule().slug());
					return this.store.insert(blocked);
				})
				.then(Mono.error(() -> new TlpForbidsSharing(violations)));
		}
		return Flux.fromIterable(decisions.entrySet())
			.concatMap((entry) -> this.store.insert(queued(incident, entry.getKey(),
					(BorderDecision.Allowed) entry.getValue(), command.reason(), user, now)))
			.doOnNext((queued) -> log.info("escalation {} of {} to {} queued", queued.id(), incident.ref(),
					queued.peerNode()))
			.collectList()
			.doOnNext((queued) -> this.signal.work());
	}

	private BorderPolicy.@Nullable DowngradeRequest downgrade(EscalateCommand command, String user) {
		if (command.tlp() == null) {
			if (command.tlpReason() != null) {
				throw new InvalidEscalation("tlpReason", "only with a lower tlp");
			}
			return null;
		}
		Tlp to = Tlp.of(command.tlp());
		if (command.tlpReason() == null || command.tlpReason().isBlank()) {
			throw new InvalidEscalation("tlpReason", "lowering the TLP at the border needs a recorded reason");
		}
		return new BorderPolicy.DowngradeRequest(to, command.tlpReason().strip(), user);
	}

	private Escalation queued(SourceIncident incident, PeerInfo peer, BorderDecision.Allowed allowed, String reason,
			String user, Instant now) {
		String escalationId = UUID.randomUUID().toString();
		EscalationMessage message = new EscalationMessage(escalationId, this.nodeId, peer.nodeId(), reason, now,
				allowed.snapshot());
		ResponseSla sla = ResponseSla.of(incident.severity());
		List<Event> timeline = new ArrayList<>();
		if (allowed.downgrade() != null) {
			timeline.add(new Event(now, "TLP lowered", user, allowed.downgrade().from() + " -> "
					+ allowed.downgrade().to() + ": " + allowed.downgrade().reason()));
		}
		timeline.add(new Event(now, EscalationStatus.QUEUED.name(), user, null));
		return new Escalation(escalationId, escalationId, Direction.OUTBOUND, peer.nodeId(), incident.id(),
				incident.ref(), null, user, reason, incident.severity(), EscalationStatus.QUEUED, null, null,
				allowed.snapshot(), allowed.redactions(), allowed.downgrade(), List.of(), timeline,
				List.of(message(Message.Kind.ESCALATE, "escalations", message, now)), 1, 0, now, null, null, null, now,
				now, null, null, now.plus(sla.acknowledge()), now.plus(sla.decide()), 0);
	}

	private Escalation blocked(SourceIncident incident, PeerInfo peer, BorderDecision.Refused refusal, String reason,
			String user, Instant now) {
		String escalationId = UUID.randomUUID().toString();
		ResponseSla sla = ResponseSla.of(incident.severity());
		return new Escalation(escalationId, escalationId, Direction.OUTBOUND, peer.nodeId(), incident.id(),
				incident.ref(), null, user, reason, incident.severity(), EscalationStatus.BLOCKED, refusal.detail(),
				refusal.rule().slug(), null, List.of(), null, List.of(),
				List.of(new Event(now, EscalationStatus.BLOCKED.name(), user, refusal.detail())), List.of(), 0, 0, null,
				null, null, null, now, now, null, null, now.plus(sla.acknowledge()), now.plus(sla.decide()), 0);
	}

	public Mono<Escalation> get(String id) {
		return this.store.findById(id).switchIfEmpty(Mono.error(() -> new EscalationNotFound(id)));
	}

	/** The receiving coordinator accepts or declines an inbound escalation. */
	public Mono<Escalation> decide(String id, boolean accept, @Nullable String reason, String user) {
		if (!accept && (reason == null || reason.isBlank())) {
			throw new InvalidEscalation("reason", "declining needs a reason the partner will read");
		}
		EscalationStatus to = accept ? EscalationStatus.ACCEPTED : EscalationStatus.DECLINED;
		return change(id, (escalation, now) -> {
			if (escalation.isOutbound()) {
				throw new TransitionNotAllowed("Only the receiving node accepts or declines an escalation");
			}
			if (escalation.status() != EscalationStatus.ACKNOWLEDGED) {
				throw new TransitionNotAllowed(
						"Escalation is " + escalation.status() + "; only an ACKNOWLEDGED one is accepted or declined");
			}
			StatusMessage message = new StatusMessage(escalation.escalationId(), this.nodeId, to.name(), reason,
					escalation.incidentRef(), now);
			Update update = new Update().set("status", to)
				.set("statusReason", reason)
				.set("decidedAt", now)
				.set("updatedAt", now)
				.push("timeline", new Event(now, to.name(), user, reason));
			return enqueue(update, escalation,
					message(Message.Kind.STATUS, statusPath(escalation.escalationId()), message, now), now);
		});
	}

	/** Either side closes an escalation it has finished with; the other side is told. */
	public Mono<Escalation> close(String id, @Nullable String reason, String user) {
		return change(id, (escalation, now) -> {
			if (escalation.status().rank() < EscalationStatus.ACKNOWLEDGED.rank() || escalation.status().isFinal()) {
				throw new TransitionNotAllowed("Escalation is " + escalation.status()
						+ "; only an acknowledged, accepted or declined one can be closed");
			}
			StatusMessage message = new StatusMessage(escalation.escalationId(), this.nodeId,
					EscalationStatus.CLOSED.name(), reason, null, now);
			Update update = new Update().set("status", EscalationStatus.CLOSED)
				.set("statusReason", reason)
				.set("updatedAt", now)
				.push("timeline", new Event(now, EscalationStatus.CLOSED.name(), user, reason));
			return enqueue(update, escalation,
					message(Message.Kind.STATUS, statusPath(escalation.escalationId()), message, now), now);
		});
	}

	/** Shares a note with the partner of this escalation. */
	public Mono<Escalation> addNote(String id, String text, String user) {
		return change(id, (escalation, now) -> {
			if (escalation.status() == EscalationStatus.BLOCKED || escalation.status() == EscalationStatus.FAILED
					|| escalation.status() == EscalationStatus.CLOSED) {
				throw new TransitionNotAllowed("Escalation is " + escalation.status() + "; no notes go to the partner");
			}
			String noteId = UUID.randomUUID().toString();
			NoteMessage message = new NoteMessage(escalation.escalationId(), this.nodeId, noteId, now, text);
			Update update = new Update().set("updatedAt", now)
				.push("notes", new Escalation.ExchangedNote(noteId, now, this.nodeId, user, text))
				.push("timeline", new Event(now, "note shared", user, null));
			return enqueue(update, escalation,
					message(Message.Kind.NOTE, "escalations/" + escalation.escalationId() + "/notes", message, now),
					now);
		});
	}

	/**
	 * An operator's "the partner is back": every escalation waiting for it is tried now.
	 * @return how many
	 */
	public Mono<Long> retryNow(String peer) {
		return this.store.retryNow(peer, now()).doOnNext((count) -> this.signal.work());
	}

	// --- receiving side ----------------------------------------------------------------

	/**
	 * Files a partner's escalation as a linked incident in intake (as that partner) and
	 * records it ACKNOWLEDGED, once: the same escalation received again gets the same
	 * receipt. Intake is asked first, so a snapshot it refuses leaves nothing stored
	 * here.
	 * @param bearer the partner's identity token, as the gateway vouched for it
	 */
	public Mono<Receipt> receive(String sender, EscalationMessage message, String bearer) {
		String id = sender + ":" + message.escalationId();
		return this.store.findById(id)
			.filter((known) -> known.incidentId() != null)
			.switchIfEmpty(Mono.defer(() -> this.intake
				.fileLinked(sender, message.escalationId(), linkedIncident(message.snapshot()), bearer)
				.flatMap((linked) -> this.store.insert(inbound(id, sender, message, linked))
					.onErrorResume(DuplicateKeyException.class, (ex) -> this.store.findById(id)))
				.doOnNext((received) -> log.info("escalation {} from {} filed as {}", message.escalationId(), sender,
						received.incidentRef()))))
			.map(EscalationService::receipt);
	}

	private Escalation inbound(String id, String sender, EscalationMessage message, IntakeClient.Linked linked) {
		Instant now = now();
		Snapshot snapshot = message.snapshot();
		ResponseSla sla = ResponseSla.of(snapshot.severity());
		List<Escalation.ExchangedNote> notes = new ArrayList<>();
		List<Event> timeline = List.of(new Event(now, EscalationStatus.DELIVERED.name(), sender, null),
				new Event(now, EscalationStatus.ACKNOWLEDGED.name(), this.nodeId, "filed as " + linked.ref()));
		return new Escalation(id, message.escalationId(), Direction.INBOUND, sender, linked.id(), linked.ref(),
				snapshot.ref(), "node." + sender, message.reason(), snapshot.severity(), EscalationStatus.ACKNOWLEDGED,
				null, null, snapshot, List.of(), null, notes, timeline, List.of(), 0, 0, null, null, null, null, now,
				now, now, null, message.requestedAt().plus(sla.acknowledge()), message.requestedAt().plus(sla.decide()),
				0);
	}

	/**
	 * The other side moved an escalation on; a repeat or an older status changes nothing.
	 */
	public Mono<Receipt> receiveStatus(String sender, StatusMessage message) {
		EscalationStatus status = EscalationStatus.of("status", message.status());
		return change(find(sender, message.escalationId()).map(Escalation::id), (escalation, now) -> {
			boolean allowed = escalation.isOutbound() ? List
				.of(EscalationStatus.ACKNOWLEDGED, EscalationStatus.ACCEPTED, EscalationStatus.DECLINED,
						EscalationStatus.CLOSED)
				.contains(status) : status == EscalationStatus.CLOSED;
			if (!allowed) {
				throw new InvalidEscalation("status", "a partner cannot set an escalation it "
						+ (escalation.isOutbound() ? "received" : "sent") + " to " + status);
			}
			if (escalation.status().isFinal() || status.rank() <= escalation.status().rank()) {
				return null;
			}
			Update update = new Update().set("status", status)
				.set("statusReason", message.reason())
				.set("updatedAt", now)
				.push("timeline", new Event(now, status.name(), sender, message.reason()));
			if (status == EscalationStatus.ACCEPTED || status == EscalationStatus.DECLINED) {
				update.set("decidedAt", message.at());
			}
			if (escalation.acknowledgedAt() == null) {
				update.set("acknowledgedAt", message.at());
			}
			if (message.linkedRef() != null && escalation.isOutbound()) {
				update.set("partnerRef", message.linkedRef());
			}
			return update;
		}).map(EscalationService::receipt);
	}

	/** A note from the other side; the same note received again is kept once. */
	public Mono<Receipt> receiveNote(String sender, NoteMessage message) {
		return change(find(sender, message.escalationId()).map(Escalation::id), (escalation, now) -> {
			if (escalation.notes().stream().anyMatch((note) -> note.id().equals(message.noteId()))) {
				return null;
			}
			return new Update().set("updatedAt", now)
				.push("notes",
						new Escalation.ExchangedNote(message.noteId(), message.at(), sender, null, message.text()))
				.push("timeline", new Event(now, "note received", sender, null));
		}).map(EscalationService::receipt);
	}

	/**
	 * @return the escalation {@code sender} may speak about: one this node sent to it, or
	 * one it sent here
	 */
	private Mono<Escalation> find(String sender, String escalationId) {
		return this.store.findById(escalationId)
			.filter((escalation) -> escalation.isOutbound() && escalation.peerNode().equals(sender))
			.switchIfEmpty(Mono.defer(() -> this.store.findById(sender + ":" + escalationId)))
			.switchIfEmpty(Mono.error(() -> new EscalationNotFound(escalationId)));
	}

	static Receipt receipt(Escalation escalation) {
		return new Receipt(escalation.escalationId(), escalation.status().name(),
				escalation.isOutbound() ? escalation.partnerRef() : escalation.incidentRef(),
				escalation.acknowledgedAt());
	}

	// --- helpers -----------------------------------------------------------------------

	/** A change computed from the current document; null means "nothing to change". */
	@FunctionalInterface
	interface Change {

		@Nullable Update apply(Escalation escalation, Instant now);

	}

	private Mono<Escalation> change(String id, Change change) {
		return change(Mono.just(id), change);
	}

	/**
	 * Reads, decides and writes guarded by the revision read; tried again when another
	 * write came between.
	 */
	private Mono<Escalation> change(Mono<String> id, Change change) {
		return id.flatMap((known) -> Mono.defer(() -> get(known).flatMap((escalation) -> {
			Update update = change.apply(escalation, now());
			if (update == null) {
				return Mono.just(escalation);
			}
			return this.store.updateIfUnchanged(known, escalation.revision(), update)
				.switchIfEmpty(Mono.error(ConcurrentChange::new))
				.flatMap((changed) -> (changed.pending() > 0 && changed.nextAttemptAt() == null)
						? this.store.kick(changed.id(), now()).thenReturn(changed) : Mono.just(changed))
				.doOnNext((changed) -> {
					if (changed.pending() > 0) {
						this.signal.work();
					}
				});
		})).retryWhen(Retry.max(5).filter(ConcurrentChange.class::isInstance)));
	}

	private static final class ConcurrentChange extends RuntimeException {

		private static final long serialVersionUID = 1L;

		ConcurrentChange() {
			super("changed meanwhile", null, false, false);
		}

	}

	private static Update enqueue(Update update, Escalation escalation, Message message, Instant now) {
		update.push("outbox", message).inc("pending", 1);
		if (escalation.nextAttemptAt() == null) {
			update.set("nextAttemptAt", now);
		}
		return update;
	}

	private Message message(Message.Kind kind, String path, Object body, Instant now) {
		return new Message(UUID.randomUUID().toString(), kind, path, this.json.writeValueAsString(body), now);
	}

	private static String statusPath(String escalationId) {
		return "escalations/" + escalationId + "/status";
	}

	/** The body intake files a linked incident from. */
	private static Map<String, Object> linkedIncident(Snapshot snapshot) {
		Map<String, Object> incident = new LinkedHashMap<>();
		incident.put("title", snapshot.title());
		put(incident, "description", snapshot.description());
		incident.put("rsitClass", snapshot.rsitClass());
		incident.put("rsitType", snapshot.rsitType());
		put(incident, "careServices", snapshot.careServices());
		put(incident, "medicalDevice", snapshot.medicalDevice());
		incident.put("tlp", snapshot.tlp());
		put(incident, "pap", snapshot.pap());
		incident.put("severity", snapshot.severity());
		put(incident, "patientSafetyImpact", snapshot.patientSafetyImpact());
		put(incident, "careDisruption", snapshot.careDisruption());
		Map<String, Object> reporter = new LinkedHashMap<>();
		reporter.put("organisation", snapshot.reporter().organisation());
		put(reporter, "entityType", snapshot.reporter().entityType());
		Snapshot.SharedContact contact = snapshot.reporter().contact();
		if (contact != null) {
			Map<String, Object> person = new LinkedHashMap<>();
			put(person, "name", contact.name());
			put(person, "email", contact.email());
			put(person, "phone", contact.phone());
			reporter.put("contact", person);
		}
		reporter.put("consentToShare", snapshot.reporter().consentToShare());
		incident.put("reporter", reporter);
		put(incident, "observables", snapshot.observables());
		put(incident, "occurredAt", snapshot.occurredAt());
		put(incident, "detectedAt", snapshot.detectedAt());
		put(incident, "awareAt", snapshot.awareAt());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("partnerRef", snapshot.ref());
		body.put("incident", incident);
		return body;
	}

	private static void put(Map<String, Object> map, String key, @Nullable Object value) {
		if (value != null) {
			map.put(key, value);
		}
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
