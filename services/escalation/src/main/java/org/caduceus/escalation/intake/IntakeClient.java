package org.caduceus.escalation.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.netty.channel.ChannelOption;
import org.caduceus.escalation.border.Snapshot;
import org.caduceus.escalation.settings.EscalationSettings;
import org.caduceus.identity.InternalIdentity;
import org.caduceus.identity.ServiceIdentity;
import org.caduceus.identity.SigningKey;
import org.caduceus.identity.TokenMinter;
import org.caduceus.intakecontract.InboundIncident;
import org.caduceus.intakecontract.LinkedIncident;
import org.caduceus.intakecontract.SourceIncident;
import org.caduceus.taxonomy.Tlp;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Intake on this node, called with the identity token of the request being served (the
 * coordinator's, or a verified peer's), so intake applies its own rules to the real
 * caller and this service gains no rights of its own. What it sends and reads are the
 * records of {@code caduceus-intake-contract}, which intake's build posts to its real
 * controller.
 */
@Component
public class IntakeClient {

	private static final String SERVICE = "escalation";

	private final WebClient client;

	/** This service's own identity, for what it reads without a caller: at send time. */
	private final TokenMinter minter;

	private volatile Token token = new Token("", Instant.EPOCH);

	private record Token(String value, Instant refreshAfter) {
	}

	IntakeClient(WebClient.Builder builder, EscalationSettings settings, @Value("${caduceus.node.id}") String nodeId) {
		this.minter = new TokenMinter(
				SigningKey.loadOrCreate(settings.serviceKey().privateKey(), settings.serviceKey().publicKey()),
				ServiceIdentity.issuer(nodeId, SERVICE), InternalIdentity.audience(nodeId), ServiceIdentity.LIFETIME,
				Clock.systemUTC());
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2_000)
			.responseTimeout(Duration.ofSeconds(10));
		this.client = builder.clone()
			.baseUrl(settings.intakeUrl().toString())
			.clientConnector(new ReactorClientHttpConnector(http))
			.build();
	}

	/**
	 * @param bearer the {@code Authorization} value of the current request
	 * @return the incident, empty when intake does not show it to this caller
	 */
	public Mono<SourceIncident> incident(String id, String bearer) {
		return this.client.get()
			.uri("/api/v1/incidents/{id}", id)
			.header("Authorization", bearer)
			.accept(MediaType.APPLICATION_JSON)
			.retrieve()
			.bodyToMono(SourceIncident.class)
			.onErrorResume(WebClientResponseException.class,
					(ex) -> (ex.getStatusCode().value() == 404) ? Mono.empty() : Mono.error(ex));
	}

	/**
	 * The incident as it is now, read with this service's own identity (the key it signs
	 * its gateway calls with): what the delivery worker checks the border against when it
	 * is about to send, long after the coordinator's token ran out.
	 * @return the incident, empty when intake does not show it
	 */
	public Mono<SourceIncident> current(String id) {
		return incident(id, serviceBearer());
	}

	private String serviceBearer() {
		Token current = this.token;
		Instant now = Instant.now();
		if (current.refreshAfter().isBefore(now)) {
			current = new Token(this.minter.mintService(SERVICE), now.plus(ServiceIdentity.LIFETIME.dividedBy(2)));
			this.token = current;
		}
		return "Bearer " + current.value();
	}

	/**
	 * Files (once) the incident linked to an escalation received from {@code partner}.
	 * @param snapshot what the partner shared
	 * @return the incident intake filed, or had filed before for this escalation
	 */
	public Mono<LinkedIncident> fileLinked(String partner, String escalationId, Snapshot snapshot, String bearer) {
		return putLinked(partner, escalationId, inbound(snapshot), false, bearer);
	}

	/**
	 * The partner that sent an escalation raised its incident's TLP: the linked incident
	 * and its floor follow, through the same inbound contract that filed it, raise-only
	 * ({@code raiseOnly=true}: for an incident it filed before, intake raises the floor
	 * to the partner's TLP, and the incident with it unless this node raised it further,
	 * and changes nothing else; a TLP no stricter than the floor, such as a late request
	 * a stricter one overtook, changes nothing there). Decided in intake, on the incident
	 * as it saves it, so no order of arrival lowers anything.
	 * @param snapshot what the partner shared, as received
	 * @param tlp the TLP the partner raised it to
	 * @return the linked incident
	 */
	public Mono<LinkedIncident> raiseLinked(String partner, String escalationId, Snapshot snapshot, Tlp tlp,
			String bearer) {
		return putLinked(partner, escalationId, inbound(snapshot, tlp.code()), true, bearer);
	}

	private Mono<LinkedIncident> putLinked(String partner, String escalationId, InboundIncident inbound,
			boolean raiseOnly, String bearer) {
		return this.client.put()
			.uri("/api/v1/incidents/inbound/{partner}/{escalationId}?raiseOnly={raiseOnly}", partner, escalationId,
					raiseOnly)
			.header("Authorization", bearer)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(inbound)
			.retrieve()
			.bodyToMono(LinkedIncident.class)
			.onErrorMap(WebClientResponseException.class,
					(ex) -> new IntakeRefused(HttpStatus.valueOf(ex.getStatusCode().value()),
							ex.getResponseBodyAsString()));
	}

	/** What intake files a linked incident from: the snapshot's fields, as shared. */
	static InboundIncident inbound(Snapshot snapshot) {
		return inbound(snapshot, snapshot.tlp());
	}

	/** The same, under {@code tlp} instead of the snapshot's own. */
	static InboundIncident inbound(Snapshot snapshot, String tlp) {
		Snapshot.SharedReporter reporter = snapshot.reporter();
		Snapshot.SharedContact contact = reporter.contact();
		return new InboundIncident(snapshot.ref(),
				new InboundIncident.Shared(snapshot.title(), snapshot.description(), snapshot.rsitClass(),
						snapshot.rsitType(), snapshot.careServices(), snapshot.medicalDevice(), tlp, snapshot.pap(),
						snapshot.severity(), snapshot.patientSafetyImpact(), snapshot.careDisruption(),
						new InboundIncident.Reporter(reporter.organisation(), reporter.entityType(), (contact != null)
								? new InboundIncident.Contact(contact.name(), contact.email(), contact.phone()) : null,
								reporter.consentToShare()),
						(snapshot.observables() != null) ? snapshot.observables()
							.stream()
							.map((observable) -> new InboundIncident.Observable(observable.type(), observable.value()))
							.toList() : null,
						snapshot.occurredAt(), snapshot.detectedAt(), snapshot.awareAt()));
	}

	/** Intake refused what a partner sent (its problem detail is kept). */
	public static class IntakeRefused extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final HttpStatus status;

		IntakeRefused(HttpStatus status, String body) {
			super(body.length() > 1_000 ? body.substring(0, 1_000) : body);
			this.status = status;
		}

		public HttpStatus status() {
			return this.status;
		}

	}

}
