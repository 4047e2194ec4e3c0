package org.caduceus.contacts.partner;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.caduceus.contacts.card.TeamCard;
import org.caduceus.contacts.partner.PartnerProblems.InvalidPartnerData;
import org.caduceus.contacts.partner.PartnerProblems.UnknownPartner;
import org.caduceus.openpgp.CardSealer;
import org.caduceus.openpgp.TeamKey;
import org.caduceus.web.requestid.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sealing this node's card for a partner, and opening what a partner sealed: whether it
 * came armored by e-mail or over federation, a card is stored only if it is encrypted to
 * this team, intact, signed by exactly the pinned key, and a well-formed card from that
 * partner.
 */
@Component
class PartnerCards {

	private static final Logger log = LoggerFactory.getLogger(PartnerCards.class);

	private static final JsonMapper STRICT = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final PartnerStore partners;

	private final TeamKey teamKey;

	private final Validator validator;

	private final Clock clock;

	private final String nodeId;

	PartnerCards(PartnerStore partners, TeamKey teamKey, Validator validator, Clock clock,
			@Value("${caduceus.node.id}") String nodeId) {
		this.partners = partners;
		this.teamKey = teamKey;
		this.validator = validator;
		this.clock = clock;
		this.nodeId = nodeId;
	}

	/**
	 * @return {@code card} signed with the team key and encrypted to {@code partner}'s
	 * pinned key, armored
	 */
	String seal(TeamCard card, PartnerTeam partner) {
		return CardSealer.seal(STRICT.writeValueAsBytes(sealedFrom(card)), "card.json", this.teamKey,
				List.of(TeamKey.readPublic(partner.publicKey())));
	}

	private SealedCard sealedFrom(TeamCard card) {
		TeamCard.PublicPart own = card.publicPart();
		TeamCard.Confidential confidential = card.confidential();
		return new SealedCard(SealedCard.FORMAT, this.nodeId, card.version(), now(),
				new SealedCard.PublicPart(own.teamName(), own.country(), own.constituency(), own.sector(),
						own.website(), own.rfc2350Url()),
				new SealedCard.Confidential(confidential.phone24x7(), confidential.emergencyEmail(),
						confidential.onCall()
							.stream()
							.map((person) -> new SealedCard.OnCall(person.name(), person.phone(), person.email(),
									person.hours()))
							.toList()));
	}

	/**
	 * Opens and checks a sealed card; refuses with the precise reason, storing nothing.
	 */
	SealedCard open(PartnerTeam partner, String armored) {
		byte[] content = CardSealer.open(armored, this.teamKey, TeamKey.readPublic(partner.publicKey()));
		SealedCard sealed;
		try {
			sealed = STRICT.readValue(content, SealedCard.class);
		}
		catch (JacksonException ex) {
			throw new InvalidPartnerData("malformed-card", "(content)",
					"the signed content is not a " + SealedCard.FORMAT + " JSON card");
		}
		Set<ConstraintViolation<SealedCard>> violations = this.validator.validate(sealed);
		if (!violations.isEmpty()) {
			ConstraintViolation<SealedCard> first = violations.iterator().next();
			throw new InvalidPartnerData("malformed-card", first.getPropertyPath().toString(), first.getMessage());
		}
		if (!sealed.from().equals(partner.id())) {
			throw new InvalidPartnerData("sender-mismatch", "from",
					"the card says it is from '" + sealed.from() + "' but is signed with the key of " + partner.id());
		}
		return sealed;
	}

	Mono<PartnerTeam> store(PartnerTeam partner, SealedCard sealed, String via, String by) {
		return this.partners.save(partner.receive(sealed, now(), via, by))
			.doOnEach(RequestIds.onNext((saved) -> log.info("card version {} of partner {} received by {} ({})",
					sealed.cardVersion(), partner.id(), by, via)));
	}

	/**
	 * The partner team a verified peer speaks for: the message must name the signed peer,
	 * and this node must have pinned that team's key; 403 otherwise.
	 */
	Mono<PartnerTeam> pinnedSender(org.springframework.security.core.Authentication peer, String from) {
		if (!peer.getName().equals(from)) {
			return Mono.error(new org.springframework.security.access.AccessDeniedException(
					"the message says it is from another node than the signed one"));
		}
		return partner(from).onErrorMap(UnknownPartner.class, (
				ex) -> new org.springframework.security.access.AccessDeniedException("no pinned team key for " + from));
	}

	/**
	 * @return the partner, or {@link UnknownPartner}
	 */
	Mono<PartnerTeam> partner(String id) {
		return this.partners.find(id).switchIfEmpty(Mono.error(() -> UnknownPartner.named(id)));
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
