package org.caduceus.contacts.card;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.caduceus.contacts.card.CardProblems.VersionMismatch;
import org.caduceus.contacts.card.TeamCard.Change;
import org.caduceus.contacts.card.TeamCard.Confidential;
import org.caduceus.contacts.card.TeamCard.OnCall;
import org.caduceus.contacts.card.TeamCard.PublicPart;
import org.caduceus.openpgp.TeamKey;
import org.jspecify.annotations.Nullable;
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

	private final TeamCardService cards;

	private final TeamKey teamKey;

	CardController(TeamCardService cards, TeamKey teamKey) {
		this.cards = cards;
		this.teamKey = teamKey;
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
		return this.cards.own().map(CardController::publicView);
	}

	@GetMapping("/confidential")
	@PreAuthorize("hasAnyRole('ANALYST','COORDINATOR','ADMIN')")
	Mono<ConfidentialView> confidential(Authentication reader) {
		return this.cards.readConfidential(reader)
			.map((card) -> new ConfidentialView(card.version(), card.confidential()));
	}

	@GetMapping("/history")
	@PreAuthorize("hasAnyRole('ADMIN','AUDITOR')")
	Mono<List<Change>> history() {
		return this.cards.own().map(TeamCard::history);
	}

	@GetMapping("/reads")
	@PreAuthorize("hasRole('AUDITOR')")
	Mono<List<CardRead>> reads(@RequestParam(defaultValue = "100") int limit) {
		if (limit < 1 || limit > 1_000) {
			throw new CardProblems.InvalidCard("limit", "must be between 1 and 1000");
		}
		return this.cards.reads(limit);
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
		PublicPart publicPart = new PublicPart(request.teamName(), request.country(), request.constituency(),
				request.sector(), request.website(), request.rfc2350Url(), this.teamKey.fingerprint());
		ConfidentialRequest given = request.confidential();
		Confidential confidential = new Confidential(given.phone24x7(), given.emergencyEmail(),
				given.onCall()
					.stream()
					.map((person) -> new OnCall(person.name(), person.phone(), person.email(), person.hours()))
					.toList());
		return this.cards.write(expected, publicPart, confidential, admin.getName()).map(CardController::publicView);
	}

	private static ResponseEntity<PublicView> publicView(TeamCard card) {
		return ResponseEntity.ok()
			.eTag(String.valueOf(card.version()))
			.body(new PublicView(card.version(), card.publicPart(), card.updatedAt()));
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

}
