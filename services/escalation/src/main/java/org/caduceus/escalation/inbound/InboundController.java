package org.caduceus.escalation.inbound;

import jakarta.validation.Valid;
import org.caduceus.escalation.border.BorderRule;
import org.caduceus.escalation.border.Snapshot;
import org.caduceus.escalation.casefile.FederationMessages.EscalationMessage;
import org.caduceus.escalation.casefile.FederationMessages.NoteMessage;
import org.caduceus.escalation.casefile.FederationMessages.Receipt;
import org.caduceus.escalation.casefile.FederationMessages.StatusMessage;
import org.caduceus.escalation.casefile.FederationMessages.TlpMessage;
import org.caduceus.escalation.casefile.InvalidEscalation;
import org.caduceus.escalation.casefile.NodeId;
import org.caduceus.gatewayclient.GatewayClient;
import org.caduceus.taxonomy.CareDisruption;
import org.caduceus.taxonomy.CareService;
import org.caduceus.taxonomy.MedicalDevice;
import org.caduceus.taxonomy.Nis2EntityType;
import org.caduceus.taxonomy.Pap;
import org.caduceus.taxonomy.PatientSafetyImpact;
import org.caduceus.taxonomy.RsitClassification;
import org.caduceus.taxonomy.Severity;
import org.caduceus.taxonomy.Tlp;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * What partner nodes send. Reached only through the gateway, which verified the sender's
 * signature and vouches for it as a {@code peer}; the sender named in a message must be
 * that peer. A message is checked whole (shape, taxonomy, TLP) before anything is stored.
 */
@RestController
@RequestMapping("/federation/v1/escalations")
@PreAuthorize("hasRole('PEER')")
class InboundController {

	private final InboundEscalations escalations;

	private final GatewayClient gateway;

	private final String nodeId;

	InboundController(InboundEscalations escalations, GatewayClient gateway,
			@Value("${caduceus.node.id}") String nodeId) {
		this.escalations = escalations;
		this.gateway = gateway;
		this.nodeId = nodeId;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Receipt>> receive(@Valid @RequestBody EscalationMessage message, Authentication peer,
			@RequestHeader(HttpHeaders.AUTHORIZATION) String bearer) {
		NodeId sender = sender(peer, message.from());
		if (!message.to().equals(this.nodeId)) {
			throw new InvalidEscalation("to", "this node is '" + this.nodeId + "', not '" + message.to() + "'");
		}
		Tlp tlp = checkSnapshot(message.snapshot());
		return this.gateway.peer(sender.value())
			.switchIfEmpty(Mono.error(() -> new NotThisPeer("Peer '" + sender + "' is no longer a peer of this node")))
			.flatMap((known) -> {
				if (!tlp.isWithin(known.ceiling())) {
					return Mono.error(new TlpRefusedAtBorder(BorderRule.ABOVE_PEER_CEILING, "This node takes up to "
							+ known.ceiling().label() + " from " + sender + "; the snapshot is " + tlp.label()));
				}
				return this.escalations.receive(sender, message, bearer);
			})
			.map((receipt) -> ResponseEntity.status(HttpStatus.CREATED).body(receipt));
	}

	@PostMapping(path = "/{escalationId}/status", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<Receipt> status(@PathVariable String escalationId, @Valid @RequestBody StatusMessage message,
			Authentication peer) {
		NodeId sender = sender(peer, message.from());
		sameEscalation(escalationId, message.escalationId());
		return this.escalations.receiveStatus(sender, message);
	}

	@PostMapping(path = "/{escalationId}/notes", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<Receipt> note(@PathVariable String escalationId, @Valid @RequestBody NoteMessage message,
			Authentication peer) {
		NodeId sender = sender(peer, message.from());
		sameEscalation(escalationId, message.escalationId());
		return this.escalations.receiveNote(sender, message);
	}

	/**
	 * The node that sent an escalation here raised its incident's TLP after delivery: the
	 * linked incident and its floor follow. Heard from that node only; anyone else's
	 * message about it is answered as one about an escalation that does not exist.
	 */
	@PostMapping(path = "/{escalationId}/tlp", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<Receipt> tlp(@PathVariable String escalationId, @Valid @RequestBody TlpMessage message, Authentication peer,
			@RequestHeader(HttpHeaders.AUTHORIZATION) String bearer) {
		NodeId sender = sender(peer, message.from());
		sameEscalation(escalationId, message.escalationId());
		return this.escalations.receiveTlp(sender, message, Tlp.of(message.tlp()), bearer);
	}

	/**
	 * The peer whose signature the gateway verified must be the one the message names.
	 */
	private static NodeId sender(Authentication peer, String from) {
		if (!peer.getName().equals(from)) {
			throw new NotThisPeer(
					"The message says it is from '" + from + "' but is signed by '" + peer.getName() + "'");
		}
		return NodeId.of(from);
	}

	private static void sameEscalation(String path, String body) {
		if (!path.equals(body)) {
			throw new InvalidEscalation("escalationId", "differs from the escalation in the path");
		}
	}

	/**
	 * Every taxonomy value of a snapshot must be one this node knows, and its TLP one
	 * that may cross a border at all.
	 */
	static Tlp checkSnapshot(Snapshot snapshot) {
		Tlp tlp = Tlp.of(snapshot.tlp());
		if (!tlp.mayLeaveNode()) {
			throw new TlpRefusedAtBorder(BorderRule.NEVER_CROSSES_BORDER,
					tlp.label() + " never crosses a border; this node does not take it");
		}
		RsitClassification.of(snapshot.rsitClass(), snapshot.rsitType());
		Severity.of(snapshot.severity());
		if (snapshot.pap() != null) {
			Pap.of(snapshot.pap());
		}
		if (snapshot.patientSafetyImpact() != null) {
			PatientSafetyImpact.of(snapshot.patientSafetyImpact());
		}
		if (snapshot.careDisruption() != null) {
			CareDisruption.of(snapshot.careDisruption());
		}
		if (snapshot.careServices() != null) {
			snapshot.careServices().forEach(CareService::of);
		}
		if (snapshot.medicalDevice() != null) {
			MedicalDevice.of(snapshot.medicalDevice());
		}
		if (snapshot.reporter().entityType() != null) {
			Nis2EntityType.of(snapshot.reporter().entityType());
		}
		if (snapshot.notes() != null) {
			snapshot.notes().forEach((note) -> {
				Tlp noteTlp = Tlp.of(note.tlp());
				if (!noteTlp.isWithin(tlp)) {
					throw new TlpRefusedAtBorder(BorderRule.NOTE_ABOVE_SNAPSHOT,
							"a note is " + noteTlp.label() + ", above the snapshot's " + tlp.label());
				}
			});
		}
		return tlp;
	}

}
