package org.caduceus.contacts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.caduceus.identity.Role;
import org.caduceus.openpgp.CardSealer;
import org.caduceus.openpgp.TeamKey;
import org.caduceus.testsupport.ServiceTest;
import org.caduceus.testsupport.TestIdentity;
import org.caduceus.testsupport.informationflow.Answer;
import org.caduceus.testsupport.informationflow.Markers;
import org.caduceus.testsupport.informationflow.ReadEndpoints;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, the information-flow property of the contacts service, over random worlds:
 * this node's card in several versions (public parts, 24/7 numbers, emergency addresses,
 * on-call people, their hours), partner teams pinned with cards of one or two versions
 * (imported or received over federation), keys waiting for confirmation, confidential
 * reads and exports by readers of their own, card requests asked by partners, declined
 * with a reason, and sent by this node. Then every GET endpoint of the service's OpenAPI
 * document, asked by every user role and by every other identity that can reach the
 * service (a partner node, a partner CERT's key, a service of the node, a token signed by
 * another key, nobody). No answer, header, error or list carries a marker its caller may
 * not see; what a caller may not read at all answers exactly as it does in an empty world
 * (status, headers and body, the id asked aside); lists hold exactly what their reader
 * may see, in an order that follows from that alone, and a filter on a value the reader
 * may not see finds what a filter on a value nobody holds finds. A read endpoint this
 * test does not know fails it.
 *
 * <p>
 * Who may see what is this test's own table ({@link Kind}), from the README: every user
 * role reads the public parts, the directory, the partners and the team key; analysts,
 * coordinators and admins the confidential parts; admins and auditors the card's history
 * (the public values it had) and the card requests; auditors alone who read or exported a
 * card; admins alone an export; nobody a confidential value that was replaced. Run with
 * {@code -Dcaduceus.property.seed=N} to replay a world;
 * {@code -Dcaduceus.property.worlds} sets how many.
 */
@ServiceTest
class ContactsInformationFlowPropertyTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String API = "/api/v1/contacts";

	/** A partner id that is never pinned. */
	static final String MISSING = "p-nowhere";

	static final List<String> COLLECTIONS = List.of("partner_teams", "card_reads", "team_card", "card_requests");

	/** What a caller may or may not see, by the kind of data. */
	enum Kind {

		/** The team's public key and fingerprint. */
		TEAM_KEY,
		/** The current public part of this node's card. */
		OWN_PUBLIC,
		/** The current confidential part of this node's card. */
		OWN_CONFIDENTIAL,
		/** Public values this node's card had before. */
		OWN_HISTORY,
		/**
		 * Partner ids, fingerprints, keys waiting and the public parts of their cards.
		 */
		PARTNERS,
		/** The current confidential parts of the partners' cards. */
		PARTNER_CONFIDENTIAL,
		/** Who read or exported a card's confidential part. */
		READS,
		/** Card requests: the reasons given, and the reasons a request was declined. */
		REQUESTS,
		/** This node's card, sealed for a partner. */
		EXPORT,
		/** Confidential values replaced since: for nobody. */
		REPLACED

	}

	static final Set<Kind> USER = EnumSet.of(Kind.TEAM_KEY, Kind.OWN_PUBLIC, Kind.PARTNERS);

	/**
	 * A caller: how it authenticates (null: not at all), and what it may see.
	 */
	record Caller(String name, @Nullable String authorization, Set<Kind> sees) {
	}

	/** One partner team as this world made it. */
	record Partner(String id, TeamKey key, boolean hasCard) {
	}

	/** The markers of one card a partner sent. */
	record SentCard(Set<String> confidential, Set<String> publicPart) {
	}

	/** What the world holds, by kind. */
	static final class World {

		final Map<Kind, Set<String>> markers = new EnumMap<>(Kind.class);

		final List<Partner> partners = new ArrayList<>();

		/** What partner nodes themselves wrote (their cards, their requests' reasons). */
		final Map<String, Set<String>> writtenBy = new LinkedHashMap<>();

		/** The card requests partner nodes sent, as they sent them. */
		final List<Map<String, Object>> asked = new ArrayList<>();

		boolean ownCard;

		int reads;

		int requests;

		Set<String> of(Kind kind) {
			return this.markers.computeIfAbsent(kind, (k) -> new LinkedHashSet<>());
		}

	}

	@Autowired
	WebTestClient web;

	@Autowired
	ReactiveMongoTemplate mongo;

	@Autowired
	TeamKey us;

	private int requests;

	@Test
	void noContactsReadShowsAnyoneWhatTheyMayNotSeeAndHiddenAnswersAsMissing() {
		long seed = Long.getLong("caduceus.property.seed", System.nanoTime());
		int worlds = Integer.getInteger("caduceus.property.worlds", 2);
		Set<String> endpoints = ReadEndpoints.of(this.web, "/api/");
		int cases = 0;
		int partners = 0;
		int callers = 0;
		for (int world = 0; world < worlds; world++) {
			long worldSeed = seed + world;
			try {
				int[] figures = checkWorld(new Random(worldSeed), endpoints);
				cases += figures[0];
				partners += figures[1];
				callers = figures[2];
			}
			catch (AssertionError ex) {
				throw new AssertionError("world with seed " + worldSeed + " (replay with -Dcaduceus.property.seed="
						+ worldSeed + " -Dcaduceus.property.worlds=1): " + ex.getMessage(), ex);
			}
		}
		String figures = String.format(Locale.ROOT,
				"contacts information flow: %d worlds from seed %d, %d read endpoints covered, %d callers, %d partners,"
						+ " %d cases checked, %d requests%n",
				worlds, seed, endpoints.size(), callers, partners, cases, this.requests);
		System.out.print(figures);
		try {
			Files.writeString(Path.of("target", "contacts-information-flow.txt"), figures);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @return cases checked, partners made, callers
	 */
	private int[] checkWorld(Random random, Set<String> endpoints) {
		for (String collection : COLLECTIONS) {
			this.mongo.remove(new Query(), collection).block();
		}
		String run = UUID.randomUUID().toString().substring(0, 8);
		Markers markers = new Markers(run);
		World world = new World();
		int partnerCount = 2 + random.nextInt(3);
		for (int n = 0; n < partnerCount; n++) {
			world.partners.add(new Partner("p" + n + "-" + run,
					TeamKey.generate("P" + n + " <p" + n + "@x.example>", "p".toCharArray()), random.nextInt(4) != 0));
		}
		List<Caller> callers = callers(world.partners.get(0).id());

		Map<String, Function<World, List<String>>> reads = new LinkedHashMap<>();
		reads.put(API + "/key.asc", (w) -> List.of(API + "/key.asc"));
		reads.put(API + "/card", (w) -> List.of(API + "/card"));
		reads.put(API + "/card/confidential", (w) -> List.of(API + "/card/confidential"));
		reads.put(API + "/card/history", (w) -> List.of(API + "/card/history"));
		reads.put(API + "/card/reads",
				(w) -> List.of(API + "/card/reads", API + "/card/reads?limit=1", API + "/card/reads?limit=1000"));
		reads.put(API + "/partners", (w) -> List.of(API + "/partners"));
		reads.put(API + "/partners/{id}/confidential", (w) -> perPartner(w, "/confidential"));
		reads.put(API + "/partners/{id}/export", (w) -> perPartner(w, "/export"));
		reads.put(API + "/requests", (w) -> List.of(API + "/requests", API + "/requests?status=pending",
				API + "/requests?status=DECLINED", API + "/requests?status=sent"));
		reads.put(API + "/directory", (w) -> List.of(API + "/directory", API + "/directory?country=DE",
				API + "/directory?sector=health", API + "/directory?country=nl&sector=HEALTH"));
		ReadEndpoints.assertCovered(endpoints, reads.keySet());
		Map<String, Kind> needs = new LinkedHashMap<>();
		needs.put(API + "/key.asc", Kind.TEAM_KEY);
		needs.put(API + "/card", Kind.OWN_PUBLIC);
		needs.put(API + "/card/confidential", Kind.OWN_CONFIDENTIAL);
		needs.put(API + "/card/history", Kind.OWN_HISTORY);
		needs.put(API + "/card/reads", Kind.READS);
		needs.put(API + "/partners", Kind.PARTNERS);
		needs.put(API + "/partners/{id}/confidential", Kind.PARTNER_CONFIDENTIAL);
		needs.put(API + "/partners/{id}/export", Kind.EXPORT);
		needs.put(API + "/requests", Kind.REQUESTS);
		needs.put(API + "/directory", Kind.PARTNERS);

		// what an empty world answers, to compare with what the full one answers to a
		// caller who may read nothing of an endpoint
		World empty = new World();
		Map<String, Map<String, Answer>> emptyAnswers = new LinkedHashMap<>();
		for (Caller caller : callers) {
			Map<String, Answer> answers = new LinkedHashMap<>();
			for (var endpoint : reads.entrySet()) {
				if (!caller.sees().contains(needs.get(endpoint.getKey()))) {
					for (String path : endpoint.getValue().apply(empty)) {
						answers.put(path, get(path, caller));
					}
				}
			}
			emptyAnswers.put(caller.name(), answers);
		}

		build(random, markers, run, world);

		int cases = 0;
		for (Caller caller : callers) {
			Set<String> allowed = new LinkedHashSet<>();
			Set<String> forbidden = new LinkedHashSet<>();
			world.markers
				.forEach((kind, values) -> (caller.sees().contains(kind) ? allowed : forbidden).addAll(values));
			allowed.addAll(world.writtenBy.getOrDefault(caller.name(), Set.of()));
			forbidden.removeAll(allowed);
			for (var endpoint : reads.entrySet()) {
				boolean readable = caller.sees().contains(needs.get(endpoint.getKey()));
				for (String path : endpoint.getValue().apply(world)) {
					Answer answer = get(path, caller);
					answer.assertCarriesNone(forbidden, caller.name(), path);
					cases++;
					if (!readable) {
						String id = partnerIn(path);
						Answer none = emptyAnswers.get(caller.name())
							.get((id == null) ? path : path.replace(id, MISSING));
						assertThat(answer.normalised((id == null) ? Map.of() : Map.of(id, "ID")))
							.as("%s GET %s (which they may not read) answers otherwise than in an empty world",
									caller.name(), path)
							.isEqualTo(none.normalised(Map.of(MISSING, "ID")));
						cases++;
					}
				}
			}
			cases += checkLists(caller, world);
			cases += checkFilters(caller, forbidden, run);
		}
		// the one read a partner node has here: sending its own card request again
		for (Map<String, Object> request : world.asked) {
			String from = (String) request.get("from");
			Set<String> forbidden = new LinkedHashSet<>();
			world.markers.values().forEach(forbidden::addAll);
			forbidden.removeAll(world.writtenBy.get(from));
			Answer answer = ask(request);
			assertThat(answer.status()).as("%s asking again", from).isEqualTo(202);
			answer.assertCarriesNone(forbidden, from, "POST /federation/v1/contacts/requests again");
			// who decided here and when are no markers (a user name, a time): absent, not
			// only
			// free of markers
			JsonNode replayed = JSON.readTree(answer.body());
			for (String field : List.of("decidedBy", "decidedAt", "detail")) {
				assertThat(replayed.path(field).isMissingNode() || replayed.path(field).isNull())
					.as("%s asking again learns %s: %s", from, field, answer.body())
					.isTrue();
			}
			cases++;
		}
		return new int[] { cases, world.partners.size(), callers.size() };
	}

	/**
	 * Lists hold exactly what their reader may see, in the order that follows from it;
	 * and what they may see is really there (so that a test of nothing cannot pass).
	 */
	private int checkLists(Caller caller, World world) {
		int cases = 0;
		if (caller.sees().contains(Kind.PARTNERS)) {
			List<String> ids = ids(get(API + "/partners", caller), "id");
			assertThat(ids).as("%s: the partners, by id", caller.name())
				.containsExactlyElementsOf(world.partners.stream().map(Partner::id).sorted().toList());
			List<String> expected = new ArrayList<>();
			if (world.ownCard) {
				expected.add(TestIdentity.NODE);
			}
			world.partners.stream().filter(Partner::hasCard).map(Partner::id).sorted().forEach(expected::add);
			assertThat(ids(get(API + "/directory", caller), "id"))
				.as("%s: the directory, this node first, then partners with a card by id", caller.name())
				.containsExactlyElementsOf(expected);
			String partners = get(API + "/partners", caller).body() + get(API + "/directory", caller).body();
			world.of(Kind.PARTNERS).forEach((marker) -> assertThat(partners).contains(marker));
			cases += 4;
		}
		if (caller.sees().contains(Kind.OWN_CONFIDENTIAL) && world.ownCard) {
			String confidential = get(API + "/card/confidential", caller).body();
			world.of(Kind.OWN_CONFIDENTIAL).forEach((marker) -> assertThat(confidential).contains(marker));
			cases++;
		}
		if (caller.sees().contains(Kind.PARTNER_CONFIDENTIAL)) {
			StringBuilder all = new StringBuilder();
			for (Partner partner : world.partners) {
				Answer answer = get(API + "/partners/" + partner.id() + "/confidential", caller);
				assertThat(answer.status()).as("%s: %s's confidential part", caller.name(), partner.id())
					.isEqualTo(partner.hasCard() ? 200 : 404);
				all.append(answer.body());
				cases++;
			}
			world.of(Kind.PARTNER_CONFIDENTIAL).forEach((marker) -> assertThat(all).contains(marker));
		}
		if (caller.sees().contains(Kind.OWN_HISTORY)) {
			String history = get(API + "/card/history", caller).body();
			world.of(Kind.OWN_HISTORY).forEach((marker) -> assertThat(history).contains(marker));
			cases++;
		}
		if (caller.sees().contains(Kind.READS)) {
			Answer answer = get(API + "/card/reads?limit=1000", caller);
			world.of(Kind.READS).forEach((marker) -> assertThat(answer.body()).contains(marker));
			assertNewestFirst(answer, caller, "reads");
			cases++;
		}
		if (caller.sees().contains(Kind.REQUESTS)) {
			Answer answer = get(API + "/requests", caller);
			world.of(Kind.REQUESTS).forEach((marker) -> assertThat(answer.body()).contains(marker));
			assertThat(JSON.readTree(answer.body()).size()).as("%s: every card request", caller.name())
				.isEqualTo(world.requests);
			assertNewestFirst(answer, caller, "requests");
			cases++;
		}
		return cases;
	}

	/**
	 * The directory's filters find, for a value the caller may not see, what they find
	 * for a value nobody holds: nothing, answered alike.
	 */
	private int checkFilters(Caller caller, Set<String> forbidden, String run) {
		List<String> probes = forbidden.stream().filter((marker) -> marker.matches("[A-Za-z0-9.-]+")).limit(3).toList();
		String nobody = "Nobody-" + run + "-x.";
		int cases = 0;
		for (String probe : probes) {
			for (String filter : List.of("sector", "country")) {
				Answer hidden = get(API + "/directory?" + filter + "=" + probe, caller);
				Answer none = get(API + "/directory?" + filter + "=" + nobody, caller);
				assertThat(hidden.normalised(Map.of(probe, "Q")))
					.as("%s filtering the directory by %s on a value they may not see", caller.name(), filter)
					.isEqualTo(none.normalised(Map.of(nobody, "Q")));
				cases += 2;
			}
		}
		return cases;
	}

	private static void assertNewestFirst(Answer answer, Caller caller, String what) {
		List<Instant> at = new ArrayList<>();
		JSON.readTree(answer.body()).forEach((item) -> at.add(Instant.parse(item.get("at").asString())));
		for (int i = 1; i < at.size(); i++) {
			assertThat(at.get(i)).as("%s: %s newest first", caller.name(), what).isBeforeOrEqualTo(at.get(i - 1));
		}
	}

	/** Makes the world: this node's card, the partners, reads, requests. */
	private void build(Random random, Markers markers, String run, World world) {
		world.of(Kind.TEAM_KEY).add(this.us.fingerprint());
		if (random.nextInt(4) != 0) {
			int versions = 1 + random.nextInt(3);
			for (int v = 0; v < versions; v++) {
				if (v > 0) {
					// what the card said before is its history now, and its confidential
					// part is gone
					world.of(Kind.OWN_HISTORY).addAll(world.of(Kind.OWN_PUBLIC));
					world.of(Kind.OWN_PUBLIC).clear();
					world.of(Kind.REPLACED).addAll(world.of(Kind.OWN_CONFIDENTIAL));
					world.of(Kind.OWN_CONFIDENTIAL).clear();
				}
				writeOwnCard(random, markers, run, world, v);
			}
			world.ownCard = true;
		}
		for (Partner partner : world.partners) {
			pin(partner);
			world.of(Kind.PARTNERS).add(partner.id());
			world.of(Kind.PARTNERS).add(partner.key().fingerprint());
			world.writtenBy.computeIfAbsent(partner.id(), (id) -> new LinkedHashSet<>())
				.addAll(List.of(partner.id(), partner.key().fingerprint()));
			if (partner.hasCard()) {
				int versions = 1 + random.nextInt(2);
				SentCard previous = null;
				for (int v = 1; v <= versions; v++) {
					SentCard card = sendCard(random, markers, world, partner, v);
					if (previous != null) {
						// the new card replaces the old one: its confidential values are
						// for nobody now
						world.of(Kind.REPLACED).addAll(previous.confidential());
						world.of(Kind.PARTNER_CONFIDENTIAL).removeAll(previous.confidential());
						world.of(Kind.PARTNERS).removeAll(previous.publicPart());
					}
					previous = card;
				}
			}
			if (random.nextInt(3) == 0) {
				TeamKey next = TeamKey.generate("Next <next@x.example>", "n".toCharArray());
				admin(this.web.post().uri(API + "/partners/{id}/keys", partner.id()))
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("publicKey", next.publicKeyArmored()))
					.exchange()
					.expectStatus()
					.isAccepted();
				world.of(Kind.PARTNERS).add(next.fingerprint());
			}
		}
		// confidential reads and exports, each by a reader of its own
		int readCount = random.nextInt(5);
		for (int k = 0; k < readCount; k++) {
			List<Partner> withCards = world.partners.stream().filter(Partner::hasCard).toList();
			String reader = markers.next("Reader");
			Role role = List.of(Role.ANALYST, Role.COORDINATOR, Role.ADMIN).get(random.nextInt(3));
			String path;
			int choice = random.nextInt(3);
			if (choice == 0 && world.ownCard) {
				path = API + "/card/confidential";
			}
			else if (choice == 1 && !withCards.isEmpty()) {
				path = API + "/partners/" + withCards.get(random.nextInt(withCards.size())).id() + "/confidential";
			}
			else if (world.ownCard) {
				role = Role.ADMIN;
				path = API + "/partners/" + world.partners.get(random.nextInt(world.partners.size())).id() + "/export";
			}
			else {
				continue;
			}
			this.web.get()
				.uri(path)
				.header("Authorization", TestIdentity.get().bearer(reader, role))
				.exchange()
				.expectStatus()
				.isOk();
			world.of(Kind.READS).add(reader);
			world.reads++;
		}
		// card requests: asked by partners (some declined), and asked by this node
		int asked = random.nextInt(4);
		for (int k = 0; k < asked; k++) {
			Partner from = world.partners.get(random.nextInt(world.partners.size()));
			String reason = markers.next("Asked");
			String requestId = UUID.randomUUID().toString();
			Map<String, Object> request = Map.of("from", from.id(), "requestId", requestId, "reason", reason);
			assertThat(ask(request).status()).isEqualTo(202);
			world.asked.add(request);
			world.of(Kind.REQUESTS).add(reason);
			world.writtenBy.computeIfAbsent(from.id(), (id) -> new LinkedHashSet<>()).add(reason);
			world.requests++;
			if (random.nextBoolean()) {
				String declined = markers.next("Declined");
				String decider = markers.next("Decider");
				this.web.post()
					.uri(API + "/requests/{id}/decline", from.id() + ":" + requestId)
					.header("Authorization", TestIdentity.get().bearer(decider, Role.ADMIN))
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("reason", declined))
					.exchange()
					.expectStatus()
					.isOk();
				world.of(Kind.REQUESTS).addAll(List.of(declined, decider));
			}
		}
		int sent = random.nextInt(3);
		for (int k = 0; k < sent; k++) {
			// as the request service stores what it sent (sending needs the gateway)
			boolean delivered = random.nextBoolean();
			String reason = markers.next("Wanted");
			String failure = markers.next("Failure");
			org.bson.Document request = new org.bson.Document("_id", UUID.randomUUID().toString())
				.append("direction", "OUTGOING")
				.append("partner", world.partners.get(random.nextInt(world.partners.size())).id())
				.append("reason", reason)
				.append("status", delivered ? "SENT" : "FAILED")
				.append("at", Date.from(Instant.now().minusSeconds(random.nextInt(3600))))
				.append("by", "carol")
				.append("detail", delivered ? null : failure);
			this.mongo.insert(request, "card_requests").block();
			world.of(Kind.REQUESTS).add(reason);
			if (!delivered) {
				world.of(Kind.REQUESTS).add(failure);
			}
			world.requests++;
		}
	}

	private void writeOwnCard(Random random, Markers markers, String run, World world, int version) {
		String constituency = markers.next("Constituency");
		String website = "https://own.example/" + markers.next("Website");
		String teamName = markers.next("Team");
		String phone = "+31 (" + markers.digits(8) + ")";
		String emergency = "emergency-" + run + "-" + markers.digits(4) + "@" + run + ".example";
		List<Map<String, Object>> onCall = new ArrayList<>();
		Set<String> confidential = world.of(Kind.OWN_CONFIDENTIAL);
		confidential.addAll(List.of(phone, emergency));
		int people = random.nextInt(3);
		for (int k = 0; k < people; k++) {
			Map<String, Object> person = new LinkedHashMap<>();
			person.put("name", markers.next("Oncall"));
			person.put("hours", markers.next("Hours"));
			if (random.nextBoolean()) {
				person.put("phone", "+31 (" + markers.digits(8) + ")");
			}
			if (random.nextBoolean()) {
				person.put("email", "oncall-" + run + "-" + markers.digits(4) + "@" + run + ".example");
			}
			person.values().forEach((value) -> confidential.add((String) value));
			onCall.add(person);
		}
		Map<String, Object> card = new LinkedHashMap<>();
		card.put("teamName", teamName);
		card.put("country", "NL");
		card.put("constituency", constituency);
		card.put("sector", "health");
		card.put("website", website);
		card.put("confidential", Map.of("phone24x7", phone, "emergencyEmail", emergency, "onCall", onCall));
		admin(this.web.put().uri(API + "/card")).header("If-Match", "\"" + version + "\"")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(card)
			.exchange()
			.expectStatus()
			.isOk();
		world.of(Kind.OWN_PUBLIC).addAll(List.of(constituency, website, teamName));
	}

	/**
	 * The partner's card, version {@code version}: sealed by the partner and imported by
	 * an admin, or received from the partner's node.
	 */
	private SentCard sendCard(Random random, Markers markers, World world, Partner partner, int version) {
		Set<String> confidential = new LinkedHashSet<>();
		Map<String, Object> onCall = new LinkedHashMap<>();
		onCall.put("name", markers.next("PartnerOncall"));
		onCall.put("hours", markers.next("PartnerHours"));
		onCall.put("phone", "+49 (" + markers.digits(8) + ")");
		onCall.put("email", markers.next("PartnerOncallMail"));
		String phone = "+49 (" + markers.digits(8) + ")";
		String emergency = markers.next("PartnerEmergency");
		confidential.addAll(List.of(phone, emergency));
		onCall.values().forEach((value) -> confidential.add((String) value));
		String teamName = markers.next("PartnerTeam");
		String constituency = markers.next("PartnerConstituency");
		Map<String, Object> card = new LinkedHashMap<>();
		card.put("format", "caduceus-card/1");
		card.put("from", partner.id());
		card.put("cardVersion", version);
		card.put("sentAt", Instant.now().toString());
		card.put("publicPart",
				Map.of("teamName", teamName, "country", "DE", "constituency", constituency, "sector", "health"));
		card.put("confidential", Map.of("phone24x7", phone, "emergencyEmail", emergency, "onCall", List.of(onCall)));
		String sealed = CardSealer.seal(JSON.writeValueAsBytes(card), "card.json", partner.key(),
				List.of(this.us.publicRing()));
		if (random.nextBoolean()) {
			admin(this.web.post().uri(API + "/partners/{id}/import", partner.id())).contentType(MediaType.TEXT_PLAIN)
				.bodyValue(sealed)
				.exchange()
				.expectStatus()
				.isOk();
		}
		else {
			this.web.post()
				.uri("/federation/v1/contacts/cards")
				.header("Authorization", TestIdentity.get().bearer(partner.id(), Role.PEER))
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("from", partner.id(), "sealed", sealed))
				.exchange()
				.expectStatus()
				.isCreated();
		}
		world.of(Kind.PARTNER_CONFIDENTIAL).addAll(confidential);
		world.of(Kind.PARTNERS).addAll(List.of(teamName, constituency));
		// what a partner's node wrote is no secret to that node
		Set<String> written = world.writtenBy.computeIfAbsent(partner.id(), (id) -> new LinkedHashSet<>());
		written.addAll(confidential);
		written.addAll(List.of(teamName, constituency));
		return new SentCard(confidential, Set.of(teamName, constituency));
	}

	private void pin(Partner partner) {
		admin(this.web.post().uri(API + "/partners")).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("id", partner.id(), "country", "DE", "publicKey", partner.key().publicKeyArmored(),
					"fingerprint", partner.key().fingerprint()))
			.exchange()
			.expectStatus()
			.isCreated();
	}

	/**
	 * Every user role, and every other identity a request to this service can carry:
	 * {@code peer} is the first partner's node.
	 */
	private static List<Caller> callers(String peer) {
		TestIdentity identity = TestIdentity.get();
		Set<Kind> reader = EnumSet.copyOf(USER);
		reader.addAll(List.of(Kind.OWN_CONFIDENTIAL, Kind.PARTNER_CONFIDENTIAL));
		Set<Kind> admin = EnumSet.copyOf(reader);
		admin.addAll(List.of(Kind.OWN_HISTORY, Kind.REQUESTS, Kind.EXPORT));
		Set<Kind> auditor = EnumSet.copyOf(USER);
		auditor.addAll(List.of(Kind.OWN_HISTORY, Kind.READS, Kind.REQUESTS));
		Set<Kind> none = EnumSet.noneOf(Kind.class);
		return List.of(new Caller("dave", identity.bearer("dave", Role.AUDITOR), auditor),
				new Caller("alice", identity.bearer("alice", Role.ANALYST), reader),
				new Caller("carol", identity.bearer("carol", Role.COORDINATOR), reader),
				new Caller("erin", identity.bearer("erin", Role.ADMIN), admin),
				new Caller(peer, identity.bearer(peer, Role.PEER), none),
				new Caller("cert-key", identity.bearer("api-key", Role.PARTNER), none),
				new Caller("escalation", identity.bearer("escalation", Role.SERVICE), none),
				new Caller("escalation-own-key", identity.serviceBearer(true), none),
				new Caller("mallory", identity.bearerSignedByAnotherKey("mallory", Role.ADMIN), none),
				new Caller("anonymous", null, none));
	}

	private static List<String> perPartner(World world, String suffix) {
		List<String> paths = new ArrayList<>();
		world.partners.forEach((partner) -> paths.add(API + "/partners/" + partner.id() + suffix));
		paths.add(API + "/partners/" + MISSING + suffix);
		return paths;
	}

	private static @Nullable String partnerIn(String path) {
		if (!path.startsWith(API + "/partners/")) {
			return null;
		}
		String rest = path.substring((API + "/partners/").length());
		return rest.substring(0, rest.indexOf('/'));
	}

	private static List<String> ids(Answer answer, String field) {
		List<String> ids = new ArrayList<>();
		JsonNode list = JSON.readTree(answer.body());
		list.forEach((item) -> ids.add(item.get(field).asString()));
		return ids;
	}

	private WebTestClient.RequestBodySpec admin(WebTestClient.RequestBodySpec request) {
		request.header("Authorization", TestIdentity.get().bearer("erin", Role.ADMIN));
		return request;
	}

	/** A partner node's card request, sent by that node. */
	private Answer ask(Map<String, Object> request) {
		this.requests++;
		var result = this.web.post()
			.uri("/federation/v1/contacts/requests")
			.header("Authorization", TestIdentity.get().bearer((String) request.get("from"), Role.PEER))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(request)
			.exchange()
			.expectBody(String.class)
			.returnResult();
		Map<String, List<String>> headers = new LinkedHashMap<>();
		result.getResponseHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
		String body = result.getResponseBody();
		return new Answer(result.getStatus().value(), headers, (body != null) ? body : "");
	}

	private Answer get(String path, Caller caller) {
		this.requests++;
		return Answer.get(this.web, path, caller.authorization());
	}

}
