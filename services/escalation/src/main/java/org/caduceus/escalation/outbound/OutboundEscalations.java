package org.caduceus.escalation.outbound;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.caduceus.escalation.border.BorderDecision;
import org.caduceus.escalation.border.BorderPolicy;
import org.caduceus.escalation.casefile.DeliverySignal;
import org.caduceus.escalation.casefile.Escalation;
import org.caduceus.escalation.casefile.EscalationStore;
import org.caduceus.escalation.casefile.IncidentId;
import org.caduceus.escalation.casefile.IncidentNotFound;
import org.caduceus.escalation.casefile.InvalidEscalation;
import org.caduceus.escalation.casefile.NodeId;
import org.caduceus.escalation.casefile.ThisNode;
import org.caduceus.escalation.casefile.TlpForbidsSharing;
import org.caduceus.escalation.intake.IntakeClient;
import org.caduceus.gatewayclient.GatewayClient;
import org.caduceus.gatewayclient.PeerInfo;
import org.caduceus.intakecontract.SourceIncident;
import org.caduceus.taxonomy.Severity;
import org.caduceus.taxonomy.Tlp;
import org.caduceus.web.requestid.RequestIds;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The sending half: this node's coordinators escalate its incidents to partners. The
 * border policy decides for every recipient first; either all of them are queued or none
 * is, and the refused ones are recorded as BLOCKED.
 */
@Service
public class OutboundEscalations {

	private static final Logger log = LoggerFactory.getLogger(OutboundEscalations.class);

	/** Most recipients of one escalation request. */
	public static final int MAX_RECIPIENTS = 20;

	private final EscalationStore store;

	private final IntakeClient intake;

	private final GatewayClient gateway;

	private final DeliverySignal signal;

	private final ThisNode node;

	private final Clock clock;

	OutboundEscalations(EscalationStore store, IntakeClient intake, GatewayClient gateway, DeliverySignal signal,
			ThisNode node, Clock clock) {
		this.store = store;
		this.intake = intake;
		this.gateway = gateway;
		this.signal = signal;
		this.node = node;
		this.clock = clock;
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
	public record EscalateCommand(IncidentId incidentId, List<NodeId> to, String reason, @Nullable String tlp,
			@Nullable String tlpReason) {
	}

	/**
	 * Runs the border policy for every recipient, then either queues one escalation per
	 * recipient or, when any recipient is refused, sends nothing and records the refused
	 * ones as BLOCKED.
	 * @param bearer the coordinator's identity token, to read the incident as them
	 */
	public Mono<List<Escalation>> escalate(EscalateCommand command, String user, String bearer) {
		List<NodeId> to = command.to();
		if (new HashSet<>(to).size() != to.size()) {
			throw new InvalidEscalation("to", "a recipient is named twice");
		}
		if (to.contains(this.node.id())) {
			throw new InvalidEscalation("to", "this node cannot escalate to itself");
		}
		BorderPolicy.DowngradeRequest downgrade = downgrade(command, user);
		return this.intake.incident(command.incidentId().value(), bearer)
			.switchIfEmpty(Mono.error(() -> new IncidentNotFound(command.incidentId().value())))
			.flatMap((incident) -> Flux.range(0, to.size())
				.concatMap((i) -> this.gateway.peer(to.get(i).value())
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
		List<String> named = command.to().stream().map(NodeId::value).toList();
		Map<PeerInfo, BorderDecision> decisions = new LinkedHashMap<>();
		for (PeerInfo peer : peers) {
			decisions.put(peer, BorderPolicy.decide(incident, peer, named, downgrade));
		}
		Escalation.Request request = new Escalation.Request(IncidentId.of(incident.id()), incident.ref(),
				Severity.of(incident.severity()), command.reason(), user);
		boolean refused = decisions.values().stream().anyMatch(BorderDecision.Refused.class::isInstance);
		if (refused) {
			List<TlpForbidsSharing.Violation> violations = new ArrayList<>();
			return Flux.fromIterable(decisions.entrySet())
				.filter((entry) -> entry.getValue() instanceof BorderDecision.Refused)
				.concatMap((entry) -> {
					BorderDecision.Refused refusal = (BorderDecision.Refused) entry.getValue();
					Escalation blocked = Escalation.block(request, NodeId.of(entry.getKey().nodeId()), refusal, now);
					violations.add(new TlpForbidsSharing.Violation(entry.getKey().nodeId(), refusal.rule(),
							refusal.detail(), blocked.key().value()));
					log.info("escalation of {} to {} blocked: {}", incident.ref(), entry.getKey().nodeId(),
							refusal.rule().slug());
					return this.store.insert(blocked);
				})
				.then(Mono.error(() -> new TlpForbidsSharing(violations)));
		}
		return Flux.fromIterable(decisions.entrySet())
			.concatMap((entry) -> this.store.insert(Escalation.queue(request, NodeId.of(entry.getKey().nodeId()),
					(BorderDecision.Allowed) entry.getValue(), now, this.node)))
			.doOnEach(RequestIds.onNext((queued) -> log.info("escalation {} of {} to {} queued", queued.key(),
					incident.ref(), queued.peer())))
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

	/**
	 * An operator's "the partner is back": every escalation waiting for it is tried now.
	 * @return how many
	 */
	public Mono<Long> retryNow(NodeId peer) {
		return this.store.retryNow(peer, now()).doOnNext((count) -> this.signal.work());
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
