package org.caduceus.contacts.card;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.caduceus.contacts.card.CardProblems.NoCardYet;
import org.caduceus.contacts.card.CardProblems.VersionMismatch;
import org.caduceus.contacts.card.TeamCard.Change;
import org.caduceus.contacts.card.TeamCard.Confidential;
import org.caduceus.contacts.card.TeamCard.FieldChange;
import org.caduceus.contacts.card.TeamCard.OnCall;
import org.caduceus.contacts.card.TeamCard.PublicPart;
import org.caduceus.openpgp.TeamKey;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/contacts/card}: the node's own team card. Admins write it (with
 * {@code If-Match}); everyone reads the public part; analysts, coordinators and admins
 * read the confidential part, and every such read is recorded first, for auditors.
 */
@RestController
@RequestMapping("/api/v1/contacts/card")
class CardController {

	private static final Logger log = LoggerFactory.getLogger(CardController.class);

	private static final String PERSONAL = "(personal data)";

	private final ReactiveMongoTemplate mongo;

	private final TeamKey teamKey;

	private final Clock clock;

	CardController(ReactiveMongoTemplate mongo, TeamKey teamKey, Clock clock) {
		this.mongo = mongo;
		this.teamKey = teamKey;
		this.clock = clock;
	}

	/** {@code PUT /api/v1/contacts/card}: the whole card. */
	record CardRequest(@NotBlank @Size(max = 200) String teamName,
			@NotBlank @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code") String country,
			@NotBlank @Size(max = 1_000) String constituency, @NotBlank @Size(max = 100) String sector,
			@Size(max = 500) @Pattern(regexp = "https://\\S+",
					message = "must be an https URL") @Nullable String website,
			@Size(max = 500) @Pattern(regexp = "https://\\S+",
					message = "must be an https URL") @Nullable String rfc2350Url,
			@NotNull @Valid ConfidentialRequest confidential) {
	}

	/** The confidential part as an admin writes it. */
	record ConfidentialRequest(
			@NotBlank @Pattern(regexp = "\\+[0-9 ()./-]{6,30}",
					message = "must be an international telephone number, e.g. +31 70 555 0100") String phone24x7,
			@NotBlank @Email @Size(max = 254) String emergencyEmail,
			@NotNull @Size(max = 50) List<@Valid OnCallRequest> onCall) {

		@Override
		public String toString() {
			return "ConfidentialRequest[personal data withheld]";
		}

	}

	record OnCallRequest(@NotBlank @Size(max = 200) String name,
			@Pattern(regexp = "\\+[0-9 ()./-]{6,30}",
					message = "must be an international telephone number") @Nullable String phone,
			@Email @Size(max = 254) @Nullable String email, @NotBlank @Size(max = 200) String hours) {

		@Override
		public String toString() {
			return "OnCallRequest[personal data withheld]";
		}

	}

	/** The public part, as every reader sees it. */
	record PublicView(long version, PublicPart publicPart, Instant updatedAt) {
	}

	/** The confidential part, for the roles that may read it. */
	record ConfidentialView(long version, Confidential confidential) {
	}

	@GetMapping
	@PreAuthorize("hasAnyRole('ANALYST','COORDINATOR','ADMIN','AUDITOR')")
	Mono<ResponseEntity<PublicView>> publicPart() {
		return own().map((card) -> ResponseEntity.ok()
			.eTag(String.valueOf(card.version()))
			.body(new PublicView(card.version(), card.publicPart(), card.updatedAt())));
	}

	@GetMapping("/confidential")
	@PreAuthorize("hasAnyRole('ANALYST','COORDINATOR','ADMIN')")
	Mono<ConfidentialView> confidential(Authentication reader) {
		// recorded before it is shown: no record, no data
		return own()
			.flatMap((card) -> this.mongo.insert(CardRead.of(reader, now(), TeamCard.OWN, card.version(), "read"))
				.thenReturn(new ConfidentialView(card.version(), card.confidential())));
	}

	@GetMapping("/history")
	@PreAuthorize("hasAnyRole('ADMIN','AUDITOR')")
	Mono<List<Change>> history() {
		return own().map(TeamCard::history);
	}

	@GetMapping("/reads")
	@PreAuthorize("hasRole('AUDITOR')")
	Mono<List<CardRead>> reads(@RequestParam(defaultValue = "100") int limit) {
		if (limit < 1 || limit > 1_000) {
			throw new CardProblems.InvalidCard("limit", "must be between 1 and 1000");
		}
		return this.mongo.find(new Query().with(Sort.by(Sort.Direction.DESC, "at")).limit(limit), CardRead.class)
			.collectList();
	}

	/**
	 * Writes the card. {@code If-Match: "0"} creates it; after that the ETag of the card
	 * being replaced.
	 */
	@PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize("hasRole('ADMIN')")
	Mono<ResponseEntity<PublicView>> write(@Valid @RequestBody CardRequest request,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			Authentication admin) {
		long expected = expectedVersion(ifMatch);
		Instant now = now();
		PublicPart publicPart = new PublicPart(request.teamName(), request.country(), request.constituency(),
				request.sector(), request.website(), request.rfc2350Url(), this.teamKey.fingerprint());
		ConfidentialRequest given = request.confidential();
		Confidential confidential = new Confidential(given.phone24x7(), given.emergencyEmail(),
				given.onCall()
					.stream()
					.map((person) -> new OnCall(person.name(), person.phone(), person.email(), person.hours()))
					.toList());
		Mono<TeamCard> written;
		if (expected == 0) {
			TeamCard card = new TeamCard(TeamCard.OWN, 1, publicPart, confidential, now, admin.getName(),
					List.of(new Change(1, now, admin.getName(), diff(null, publicPart, confidential))));
			written = this.mongo.insert(card)
				.onErrorMap(DuplicateKeyException.class,
						(ex) -> new VersionMismatch(false, "The card exists already; send If-Match with its ETag"));
		}
		else {
			written = own().flatMap((current) -> {
				if (current.version() != expected) {
					return Mono.error(stale(current.version()));
				}
				List<Change> history = new ArrayList<>(current.history());
				history.add(new Change(expected + 1, now, admin.getName(), diff(current, publicPart, confidential)));
				while (history.size() > TeamCard.MAX_HISTORY) {
					history.remove(0);
				}
				TeamCard card = new TeamCard(TeamCard.OWN, expected + 1, publicPart, confidential, now, admin.getName(),
						history);
				return this.mongo
					.findAndReplace(Query.query(Criteria.where("_id").is(TeamCard.OWN).and("version").is(expected)),
							card, FindAndReplaceOptions.options().returnNew())
					.switchIfEmpty(Mono.error(() -> stale(expected + 1)));
			});
		}
		return written
			.doOnNext((card) -> log.info("team card version {} written by {}", card.version(), card.updatedBy()))
			.map((card) -> ResponseEntity.ok()
				.eTag(String.valueOf(card.version()))
				.body(new PublicView(card.version(), card.publicPart(), card.updatedAt())));
	}

	private Mono<TeamCard> own() {
		return own(this.mongo);
	}

	/**
	 * @return the node's own card, or {@link NoCardYet}
	 */
	static Mono<TeamCard> own(ReactiveMongoTemplate mongo) {
		return mongo.findById(TeamCard.OWN, TeamCard.class).switchIfEmpty(Mono.error(NoCardYet::new));
	}

	private static long expectedVersion(@Nullable String ifMatch) {
		if (ifMatch == null || ifMatch.isBlank()) {
			throw new VersionMismatch(true, "Send If-Match with the card's ETag (\"0\" to create it)");
		}
		String value = ifMatch.strip();
		if (value.startsWith("W/")) {
			value = value.substring(2);
		}
		value = value.replace("\"", "");
		try {
			long version = Long.parseLong(value);
			if (version < 0) {
				throw new NumberFormatException();
			}
			return version;
		}
		catch (NumberFormatException ex) {
			throw new VersionMismatch(false, "If-Match must be an ETag this API handed out");
		}
	}

	private static VersionMismatch stale(long current) {
		return new VersionMismatch(false, "The card changed meanwhile; it is now at version " + current);
	}

	/** What changed: public fields with their values, confidential ones without. */
	private static List<FieldChange> diff(@Nullable TeamCard before, PublicPart publicPart, Confidential confidential) {
		List<FieldChange> changes = new ArrayList<>();
		PublicPart old = (before != null) ? before.publicPart() : null;
		field(changes, "teamName", (old != null) ? old.teamName() : null, publicPart.teamName());
		field(changes, "country", (old != null) ? old.country() : null, publicPart.country());
		field(changes, "constituency", (old != null) ? old.constituency() : null, publicPart.constituency());
		field(changes, "sector", (old != null) ? old.sector() : null, publicPart.sector());
		field(changes, "website", (old != null) ? old.website() : null, publicPart.website());
		field(changes, "rfc2350Url", (old != null) ? old.rfc2350Url() : null, publicPart.rfc2350Url());
		field(changes, "fingerprint", (old != null) ? old.fingerprint() : null, publicPart.fingerprint());
		Confidential was = (before != null) ? before.confidential() : null;
		personal(changes, "confidential.phone24x7", (was != null) ? was.phone24x7() : null, confidential.phone24x7());
		personal(changes, "confidential.emergencyEmail", (was != null) ? was.emergencyEmail() : null,
				confidential.emergencyEmail());
		personal(changes, "confidential.onCall", (was != null) ? was.onCall() : null, confidential.onCall());
		return changes;
	}

	private static void field(List<FieldChange> changes, String name, @Nullable String from, @Nullable String to) {
		if (!Objects.equals(from, to)) {
			changes.add(new FieldChange(name, from, to));
		}
	}

	private static void personal(List<FieldChange> changes, String name, @Nullable Object from, Object to) {
		if (!Objects.equals(from, to)) {
			changes.add(new FieldChange(name, (from != null) ? PERSONAL : null, PERSONAL));
		}
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
