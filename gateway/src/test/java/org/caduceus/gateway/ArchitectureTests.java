package org.caduceus.gateway;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.caduceus.gateway.federation.Peer;
import org.junit.jupiter.api.Test;

import static org.caduceus.testsupport.architecture.Boundaries.controllersDoNotTouchTheStore;
import static org.caduceus.testsupport.architecture.Boundaries.domainIsFreeOfWebAndStore;
import static org.caduceus.testsupport.architecture.Boundaries.noPackageCycles;
import static org.caduceus.testsupport.architecture.Boundaries.productionClasses;

/**
 * The rules the gateway's layout implies, checked against its production classes: users
 * ({@code auth}), limits, federation and the partner API's door ({@code partners}) depend
 * on each other one way round.
 */
class ArchitectureTests {

	private static final JavaClasses GATEWAY = productionClasses("org.caduceus.gateway");

	@Test
	void featurePackagesDependOnEachOtherOneWayRound() {
		noPackageCycles("org.caduceus.gateway").check(GATEWAY);
	}

	@Test
	void controllersCallServicesNotTheStore() {
		controllersDoNotTouchTheStore().check(GATEWAY);
	}

	@Test
	void aggregatesAndValuesKnowNeitherWebNorStore() {
		domainIsFreeOfWebAndStore(Peer.class).check(GATEWAY);
	}

}
