package org.caduceus.contacts;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.caduceus.contacts.card.CardProblems;
import org.caduceus.contacts.card.CardRead;
import org.caduceus.contacts.card.TeamCard;
import org.caduceus.contacts.partner.CardRequest;
import org.caduceus.contacts.partner.PartnerProblems;
import org.caduceus.contacts.partner.PartnerTeam;
import org.caduceus.contacts.partner.SealedCard;
import org.junit.jupiter.api.Test;

import static org.caduceus.testsupport.architecture.Boundaries.controllersDoNotTouchTheStore;
import static org.caduceus.testsupport.architecture.Boundaries.domainIsFreeOfWebAndStore;
import static org.caduceus.testsupport.architecture.Boundaries.noPackageCycles;
import static org.caduceus.testsupport.architecture.Boundaries.productionClasses;

/**
 * The rules contacts' layout implies, checked against its production classes: the feature
 * packages ({@code card}, {@code partner}, {@code teamkey}) depend on each other one way
 * round, controllers call services and only the store classes touch MongoDB, and the
 * aggregates and their values know neither web nor store.
 */
class ArchitectureTests {

	private static final JavaClasses CONTACTS = productionClasses("org.caduceus.contacts");

	@Test
	void featurePackagesDependOnEachOtherOneWayRound() {
		noPackageCycles("org.caduceus.contacts").check(CONTACTS);
	}

	@Test
	void controllersCallServicesNotTheStore() {
		controllersDoNotTouchTheStore().check(CONTACTS);
	}

	@Test
	void aggregatesAndValuesKnowNeitherWebNorStore() {
		domainIsFreeOfWebAndStore(TeamCard.class, CardRead.class, CardProblems.class, PartnerTeam.class,
				CardRequest.class, SealedCard.class, PartnerProblems.class)
			.check(CONTACTS);
	}

}
