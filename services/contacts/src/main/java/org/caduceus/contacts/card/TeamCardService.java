package org.caduceus.contacts.card;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.caduceus.contacts.card.TeamCard.Confidential;
import org.caduceus.contacts.card.TeamCard.PublicPart;
import org.caduceus.web.requestid.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The node's own card: written from a version an admin saw, read with every confidential
 * read recorded first.
 */
@Service
class TeamCardService {

	private static final Logger log = LoggerFactory.getLogger(TeamCardService.class);

	private final TeamCardStore cards;

	private final CardReadStore reads;

	private final Clock clock;

	TeamCardService(TeamCardStore cards, CardReadStore reads, Clock clock) {
		this.cards = cards;
		this.reads = reads;
		this.clock = clock;
	}

	Mono<TeamCard> own() {
		return this.cards.own();
	}

	/**
	 * The card, once the read of its confidential part is recorded: no record, no data.
	 */
	Mono<TeamCard> readConfidential(Authentication reader) {
		return own()
			.flatMap((card) -> this.reads.record(CardRead.of(reader, now(), TeamCard.OWN, card.version(), "read"))
				.thenReturn(card));
	}

	Mono<List<CardRead>> reads(int limit) {
		return this.reads.latest(limit);
	}

	/**
	 * Writes the card: the first version when {@code expected} is 0, else the next one
	 * after version {@code expected}.
	 */
	Mono<TeamCard> write(long expected, PublicPart publicPart, Confidential confidential, String by) {
		Instant now = now();
		Mono<TeamCard> written = (expected == 0) ? this.cards.create(TeamCard.first(publicPart, confidential, now, by))
				: own().map((current) -> current.rewrite(expected, publicPart, confidential, now, by))
					.flatMap((next) -> this.cards.replace(next)
						.switchIfEmpty(Mono.error(() -> TeamCard.stale(next.version()))));
		return written.doOnEach(RequestIds
			.onNext((card) -> log.info("team card version {} written by {}", card.version(), card.updatedBy())));
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
