package org.caduceus.partnerapi.taxii;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.caduceus.identity.Role;
import org.caduceus.taxonomy.Tlp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may read and write which collection, and which TLP each collection holds: the whole
 * matrix, as code, without a server.
 */
class TaxiiAccessTests {

	static final TaxiiCollection GREEN = TaxiiCollection.sector();

	static final TaxiiCollection BE = TaxiiCollection.amberFor("cert-be");

	static final TaxiiCollection DE = TaxiiCollection.amberFor("de-bsi");

	@Test
	void noCollectionEverHoldsAmberStrictOrRed() {
		for (TaxiiCollection collection : List.of(GREEN, BE, DE)) {
			assertThat(collection.allowed()).doesNotContain(Tlp.AMBER_STRICT, Tlp.RED);
		}
		assertThat(GREEN.allowed()).containsExactlyInAnyOrder(Tlp.CLEAR, Tlp.GREEN);
		assertThat(BE.allowed()).containsExactlyInAnyOrder(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER);
	}

	@Test
	void aPartnerNodeReachesTheSectorAndItsOwnAmberOnly() {
		TaxiiCaller node = TaxiiCaller.node("de-bsi");
		assertThat(node.canRead(GREEN)).isTrue();
		assertThat(node.canWrite(GREEN)).isTrue();
		assertThat(node.canRead(DE)).isTrue();
		assertThat(node.canWrite(DE)).isTrue();
		assertThat(node.canRead(BE)).isFalse();
		assertThat(node.canWrite(BE)).isFalse();
	}

	@Test
	void aKeyOpensWhatItNamesAndNeverAnotherPartnersAmber() {
		TaxiiCaller readOnly = TaxiiCaller.key(key("cert-be", List.of("health-sector-green"), false));
		assertThat(readOnly.canRead(GREEN)).isTrue();
		assertThat(readOnly.canWrite(GREEN)).isFalse();
		assertThat(readOnly.canRead(BE)).isFalse();
		TaxiiCaller both = TaxiiCaller
			.key(key("cert-be", List.of("health-sector-green", "partner-cert-be-amber"), true));
		assertThat(both.canRead(BE)).isTrue();
		assertThat(both.canWrite(BE)).isTrue();
		// even a key that names another partner's collection (the API refuses to issue
		// one; a tampered record must not open it either)
		TaxiiCaller tampered = TaxiiCaller.key(key("cert-be", List.of("partner-de-bsi-amber"), true));
		assertThat(tampered.canRead(DE)).isFalse();
		assertThat(tampered.canWrite(DE)).isFalse();
	}

	@Test
	void localReadersReadEverythingOnlyCoordinatorsPublishAndAnAdminReachesNothing() {
		for (Role role : EnumSet.of(Role.ANALYST, Role.AUDITOR)) {
			TaxiiCaller user = TaxiiCaller.user("u", Set.of(role));
			assertThat(user.canRead(BE)).isTrue();
			assertThat(user.canWrite(GREEN)).isFalse();
		}
		TaxiiCaller coordinator = TaxiiCaller.user("u", Set.of(Role.COORDINATOR));
		assertThat(coordinator.canRead(BE)).isTrue();
		assertThat(coordinator.canWrite(BE)).isTrue();
		// an admin manages API keys; like intake, which shows an admin no incident, TAXII
		// shows an admin no collection, and an admin publishes nothing
		for (TaxiiCollection collection : List.of(GREEN, BE, DE)) {
			assertThat(TaxiiCaller.user("root", Set.of(Role.ADMIN)).canRead(collection)).isFalse();
			assertThat(TaxiiCaller.user("root", Set.of(Role.ADMIN)).canWrite(collection)).isFalse();
		}
		assertThat(TaxiiCaller.user("both", Set.of(Role.ADMIN, Role.ANALYST)).canRead(GREEN)).isTrue();
		assertThat(TaxiiCaller.user("both", Set.of(Role.ADMIN, Role.ANALYST)).canWrite(GREEN)).isFalse();
		assertThat(TaxiiCaller.user("nobody", Set.of()).canRead(GREEN)).isFalse();
	}

	@Test
	void aCallerPublishesAsItsOwnIdentityAndALocalUserAsThisNode() {
		assertThat(TaxiiCaller.node("de-bsi").identity("nl-node")).isEqualTo(TaxiiCaller.identityOf("de-bsi"))
			.isEqualTo(
					org.caduceus.stix.StixIds.of("identity", org.caduceus.stix.StixIds.CADUCEUS_NAMESPACE, "de-bsi"));
		assertThat(TaxiiCaller.key(key("cert-be", List.of("health-sector-green"), true)).identity("nl-node"))
			.isEqualTo(TaxiiCaller.identityOf("cert-be"));
		assertThat(TaxiiCaller.user("carol", Set.of(Role.COORDINATOR)).identity("nl-node"))
			.isEqualTo(TaxiiCaller.identityOf("nl-node"));
		assertThat(TaxiiCaller.user("carol", Set.of(Role.COORDINATOR)).local()).isTrue();
		assertThat(TaxiiCaller.node("de-bsi").local()).isFalse();
	}

	@Test
	void onlyTheTwoKindsOfAliasNameACollection() {
		assertThat(TaxiiCollection.parse("health-sector-green")).isEqualTo(GREEN);
		assertThat(TaxiiCollection.parse("partner-cert-be-amber")).isEqualTo(BE);
		assertThat(TaxiiCollection.parse("partner--amber")).isNull();
		assertThat(TaxiiCollection.parse("partner-CERT-amber")).isNull();
		assertThat(TaxiiCollection.parse("partner-cert-be-red")).isNull();
		assertThat(TaxiiCollection.parse("health-sector-amber")).isNull();
		assertThat(BE.id()).isEqualTo(TaxiiCollection.amberFor("cert-be").id()).isNotEqualTo(DE.id());
	}

	private static ApiKey key(String partner, List<String> collections, boolean write) {
		Instant now = Instant.now();
		return new ApiKey("0011223344556677", partner, "", collections, write, "0".repeat(64), now, "root",
				now.plusSeconds(3600), null, null);
	}

}
