package org.caduceus.escalation.border;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.caduceus.gatewayclient.PeerInfo;
import org.caduceus.intakecontract.SourceIncident;
import org.caduceus.taxonomy.Tlp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BorderPolicyTests {

	static final PeerInfo AMBER_PEER = new PeerInfo("de-bsi", "DE", "https://de.example", "amber");

	static final PeerInfo GREEN_PEER = new PeerInfo("fr-anssi", "FR", "https://fr.example", "green");

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void refusesRedWhatever() {
		BorderDecision decision = BorderPolicy.decide(incident("red", false, List.of(), null), AMBER_PEER,
				List.of("de-bsi"), new BorderPolicy.DowngradeRequest(Tlp.CLEAR, "urgent", "carol"));
		assertThat(decision).isInstanceOfSatisfying(BorderDecision.Refused.class,
				(refused) -> assertThat(refused.rule()).isEqualTo(BorderRule.RED_NEVER_LEAVES));
	}

	@Test
	void refusesAmberStrict() {
		BorderDecision decision = BorderPolicy.decide(incident("amber+strict", false, List.of(), null), AMBER_PEER,
				List.of("de-bsi"), null);
		assertThat(decision).isInstanceOfSatisfying(BorderDecision.Refused.class,
				(refused) -> assertThat(refused.rule()).isEqualTo(BorderRule.AMBER_STRICT_NEVER_LEAVES));
	}

	@Test
	void refusesAbovePeerCeiling() {
		BorderDecision decision = BorderPolicy.decide(incident("amber", false, List.of(), null), GREEN_PEER,
				List.of("fr-anssi"), null);
		assertThat(decision).isInstanceOfSatisfying(BorderDecision.Refused.class,
				(refused) -> assertThat(refused.rule()).isEqualTo(BorderRule.ABOVE_PEER_CEILING));
	}

	@Test
	void aDowngradeIsRecordedAndAppliedToTheSnapshotAndItsNotes() {
		SourceIncident incident = incident("amber", false, List.of(note("amber"), note("green")), null);
		BorderDecision.Allowed allowed = (BorderDecision.Allowed) BorderPolicy.decide(incident, GREEN_PEER,
				List.of("fr-anssi"), new BorderPolicy.DowngradeRequest(Tlp.GREEN, "IOCs only", "carol"));
		assertThat(allowed.snapshot().tlp()).isEqualTo("green");
		assertThat(allowed.downgrade()).isEqualTo(new Downgrade("amber", "green", "IOCs only", "carol"));
		assertThat(allowed.snapshot().notes()).extracting(Snapshot.SharedNote::tlp).containsExactly("green");
		assertThat(allowed.redactions()).extracting(Redaction::field).contains("journal[0]");
		assertThat(allowed.snapshot().sharedWith()).isEmpty();
	}

	@Test
	void refusesToRaiseTheTlpAtTheBorder() {
		assertThatThrownBy(() -> BorderPolicy.decide(incident("green", false, List.of(), null), AMBER_PEER,
				List.of("de-bsi"), new BorderPolicy.DowngradeRequest(Tlp.AMBER, "more secret", "carol")))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void removesTheContactWithoutConsentAndListsIt() {
		BorderDecision.Allowed withheld = (BorderDecision.Allowed) BorderPolicy
			.decide(incident("green", false, List.of(), null), AMBER_PEER, List.of("de-bsi"), null);
		assertThat(withheld.snapshot().reporter().contact()).isNull();
		assertThat(withheld.redactions()).extracting(Redaction::field).containsExactly("reporter.contact");
		BorderDecision.Allowed shared = (BorderDecision.Allowed) BorderPolicy
			.decide(incident("green", true, List.of(), null), AMBER_PEER, List.of("de-bsi"), null);
		assertThat(shared.snapshot().reporter().contact().email()).isEqualTo("ciso@hospital.example");
		assertThat(shared.redactions()).isEmpty();
	}

	@Test
	void amberReceivedFromAPartnerGoesBackToThatPartnerOnly() {
		SourceIncident received = incident("amber", false, List.of(), "de-bsi");
		assertThat(BorderPolicy.decide(received, AMBER_PEER, List.of("de-bsi"), null))
			.isInstanceOf(BorderDecision.Allowed.class);
		PeerInfo other = new PeerInfo("be-ccb", "BE", "https://be.example", "amber");
		assertThat(BorderPolicy.decide(received, other, List.of("be-ccb"), null)).isInstanceOfSatisfying(
				BorderDecision.Refused.class,
				(refused) -> assertThat(refused.rule()).isEqualTo(BorderRule.AMBER_NOT_ONWARD));
	}

	/**
	 * Issue 14: the onward rule was checked on the shared TLP, after the downgrade, so
	 * lowering a partner's AMBER incident to GREEN sent it to a third partner.
	 */
	@Test
	void aPartnersAmberCannotBeLoweredAtTheBorderToGoOnward() {
		SourceIncident received = incident("amber", false, List.of(), "de-bsi");
		BorderDecision decision = BorderPolicy.decide(received, GREEN_PEER, List.of("fr-anssi"),
				new BorderPolicy.DowngradeRequest(Tlp.GREEN, "x", "carol"));
		assertThat(decision).isInstanceOfSatisfying(BorderDecision.Refused.class,
				(refused) -> assertThat(refused.rule()).isEqualTo(BorderRule.AMBER_NOT_ONWARD));
	}

	@Test
	void onlyItsOriginatorLowersTheTlpOfAPartnersIncident() {
		SourceIncident amber = incident("amber", false, List.of(), "de-bsi");
		assertThat(BorderPolicy.decide(amber, AMBER_PEER, List.of("de-bsi"),
				new BorderPolicy.DowngradeRequest(Tlp.GREEN, "x", "carol")))
			.isInstanceOfSatisfying(BorderDecision.Refused.class,
					(refused) -> assertThat(refused.rule()).isEqualTo(BorderRule.PARTNER_TLP_NOT_LOWERED));
		SourceIncident green = incident("green", false, List.of(), "de-bsi");
		assertThat(BorderPolicy.decide(green, GREEN_PEER, List.of("fr-anssi"),
				new BorderPolicy.DowngradeRequest(Tlp.CLEAR, "x", "carol")))
			.isInstanceOfSatisfying(BorderDecision.Refused.class,
					(refused) -> assertThat(refused.rule()).isEqualTo(BorderRule.PARTNER_TLP_NOT_LOWERED));
		// asking for its own TLP is no downgrade
		assertThat(BorderPolicy.decide(green, GREEN_PEER, List.of("fr-anssi"),
				new BorderPolicy.DowngradeRequest(Tlp.GREEN, "x", "carol")))
			.isInstanceOf(BorderDecision.Allowed.class);
	}

	/**
	 * Over many random incidents received from partners, recipients and downgrades: a
	 * partner's AMBER reaches its origin only, and what leaves is never below the TLP the
	 * partner gave it.
	 */
	@Test
	void aPartnersIncidentLeavesAtItsOwnTlpAndAmberOnlyToItsOriginOverManyRandomRequests() {
		Random random = new Random(20261201);
		String[] tlps = { "clear", "green", "amber", "amber+strict", "red" };
		String[] ceilings = { "clear", "green", "amber" };
		String[] nodes = { "de-bsi", "fr-anssi", "be-ccb" };
		int allowed = 0;
		int refusedOnward = 0;
		int refusedLowered = 0;
		for (int run = 0; run < 5_000; run++) {
			Tlp own = Tlp.of(tlps[random.nextInt(tlps.length)]);
			SourceIncident incident = incident(own.code(), random.nextBoolean(), List.of(), "de-bsi");
			List<String> named = new ArrayList<>();
			for (String node : nodes) {
				if (random.nextBoolean()) {
					named.add(node);
				}
			}
			if (named.isEmpty()) {
				named.add(nodes[random.nextInt(nodes.length)]);
			}
			PeerInfo peer = new PeerInfo(named.get(random.nextInt(named.size())), "DE", "https://x.example",
					ceilings[random.nextInt(ceilings.length)]);
			Tlp lower = Tlp.of(ceilings[random.nextInt(ceilings.length)]);
			BorderPolicy.DowngradeRequest downgrade = (random.nextBoolean() && lower.isWithin(own))
					? new BorderPolicy.DowngradeRequest(lower, "reason", "carol") : null;
			BorderDecision decision = BorderPolicy.decide(incident, peer, named, downgrade);
			if (decision instanceof BorderDecision.Allowed leaves) {
				allowed++;
				assertThat(Tlp.of(leaves.snapshot().tlp())).as("the partner's TLP is the floor").isEqualTo(own);
				assertThat(leaves.downgrade()).isNull();
				if (own == Tlp.AMBER) {
					assertThat(peer.nodeId()).isEqualTo("de-bsi");
				}
			}
			else {
				BorderRule rule = ((BorderDecision.Refused) decision).rule();
				if (own == Tlp.AMBER && !peer.nodeId().equals("de-bsi")) {
					assertThat(rule).isEqualTo(BorderRule.AMBER_NOT_ONWARD);
					refusedOnward++;
				}
				if (rule == BorderRule.PARTNER_TLP_NOT_LOWERED) {
					assertThat(downgrade).isNotNull();
					assertThat(downgrade.to()).isNotEqualTo(own);
					refusedLowered++;
				}
			}
		}
		assertThat(allowed).as("allowed").isGreaterThan(300);
		assertThat(refusedOnward).as("refused onward").isGreaterThan(300);
		assertThat(refusedLowered).as("refused lowered").isGreaterThan(150);
	}

	@Test
	void amberNamesItsRecipientsInTheSnapshot() {
		BorderDecision.Allowed allowed = (BorderDecision.Allowed) BorderPolicy
			.decide(incident("amber", false, List.of(), null), AMBER_PEER, List.of("de-bsi", "be-ccb"), null);
		assertThat(allowed.snapshot().sharedWith()).containsExactly("de-bsi", "be-ccb");
	}

	/**
	 * Over many random incidents, peers and downgrades: nothing RED or AMBER+STRICT, no
	 * note above the shared TLP, nothing above the peer's ceiling, and no contact person
	 * without consent ever leaves; and every removal is listed.
	 */
	@Test
	void noForbiddenContentEverLeavesOverManyRandomIncidents() {
		Random random = new Random(20261124);
		String[] tlps = { "clear", "green", "amber", "amber+strict", "red" };
		String[] ceilings = { "clear", "green", "amber" };
		int allowedCount = 0;
		for (int run = 0; run < 5_000; run++) {
			List<SourceIncident.Note> notes = new ArrayList<>();
			for (int n = random.nextInt(5); n > 0; n--) {
				notes.add(note(tlps[random.nextInt(tlps.length)]));
			}
			Tlp own = Tlp.of(tlps[random.nextInt(tlps.length)]);
			boolean consent = random.nextBoolean();
			String origin = random.nextInt(4) == 0 ? "de-bsi" : null;
			SourceIncident incident = incident(own.code(), consent, notes, origin);
			PeerInfo peer = new PeerInfo(random.nextBoolean() ? "de-bsi" : "fr-anssi", "DE", "https://x.example",
					ceilings[random.nextInt(ceilings.length)]);
			BorderPolicy.DowngradeRequest downgrade = random.nextInt(3) == 0 ? new BorderPolicy.DowngradeRequest(
					Tlp.of(ceilings[random.nextInt(ceilings.length)]), "reason", "carol") : null;
			BorderDecision decision;
			try {
				decision = BorderPolicy.decide(incident, peer, List.of(peer.nodeId()), downgrade);
			}
			catch (IllegalArgumentException ex) {
				assertThat(downgrade.to().isMoreRestrictiveThan(own)).isTrue();
				continue;
			}
			if (own == Tlp.RED || own == Tlp.AMBER_STRICT) {
				assertThat(decision).isInstanceOf(BorderDecision.Refused.class);
				continue;
			}
			if (!(decision instanceof BorderDecision.Allowed allowed)) {
				continue;
			}
			allowedCount++;
			Snapshot snapshot = allowed.snapshot();
			Tlp shared = Tlp.of(snapshot.tlp());
			assertThat(shared.mayLeaveNode()).isTrue();
			assertThat(shared.isWithin(peer.ceiling())).isTrue();
			assertThat(shared.isWithin(own)).isTrue();
			if (shared == Tlp.AMBER && origin != null) {
				assertThat(peer.nodeId()).isEqualTo(origin);
			}
			if (origin != null) {
				assertThat(shared).as("a partner's TLP is not lowered here").isEqualTo(own);
				if (own == Tlp.AMBER) {
					assertThat(peer.nodeId()).isEqualTo(origin);
				}
			}
			for (Snapshot.SharedNote note : snapshot.notes()) {
				assertThat(Tlp.of(note.tlp()).isWithin(shared)).isTrue();
			}
			String json = JSON.writeValueAsString(snapshot);
			assertThat(json).doesNotContain("\"red\"", "amber+strict", "alice");
			if (!consent) {
				assertThat(json).doesNotContain("ciso@hospital.example", "Jane Example");
				assertThat(allowed.redactions()).extracting(Redaction::field).contains("reporter.contact");
			}
			long withheldNotes = notes.size() - snapshot.notes().size();
			assertThat(allowed.redactions()).filteredOn((r) -> r.field().startsWith("journal["))
				.hasSize((int) withheldNotes);
		}
		assertThat(allowedCount).as("enough incidents were allowed to mean something").isGreaterThan(500);
	}

	private static SourceIncident.Note note(String tlp) {
		return new SourceIncident.Note(java.util.UUID.randomUUID().toString(), "alice",
				Instant.parse("2026-11-23T07:00:00Z"), "a " + tlp + " note", tlp);
	}

	private static SourceIncident incident(String tlp, boolean consent, List<SourceIncident.Note> notes,
			String originNode) {
		return new SourceIncident("id-1", "NL-2026-000001", "Ransomware on PACS", "Encrypted archive",
				new SourceIncident.Classification(
						"malicious-code", "infected-system", List.of("diagnostics-imaging"), null, "rsit-1003"),
				tlp, "amber", "critical", "potential", "diverted",
				new SourceIncident.Reporter("St. Example Hospital", "healthcare-provider",
						new SourceIncident.Contact("Jane Example", "ciso@hospital.example", "+31 20 555 0100"),
						consent),
				List.of(new SourceIncident.Observable("ipv4", "203.0.113.9")), null, null,
				Instant.parse("2026-11-23T06:30:00Z"), "IN_PROGRESS", true, false,
				(originNode != null) ? new SourceIncident.Origin(originNode, "DE-2026-000042", "e-1") : null, notes);
	}

}
