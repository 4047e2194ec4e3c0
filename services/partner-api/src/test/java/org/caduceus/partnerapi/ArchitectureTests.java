package org.caduceus.partnerapi;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.caduceus.partnerapi.taxii.TaxiiDomain;
import org.junit.jupiter.api.Test;

import static org.caduceus.testsupport.architecture.Boundaries.controllersDoNotTouchTheStore;
import static org.caduceus.testsupport.architecture.Boundaries.domainIsFreeOfWebAndStore;
import static org.caduceus.testsupport.architecture.Boundaries.noPackageCycles;
import static org.caduceus.testsupport.architecture.Boundaries.productionClasses;

/** The rules the partner API's layout implies, checked against its production classes. */
class ArchitectureTests {

	private static final JavaClasses PARTNER_API = productionClasses("org.caduceus.partnerapi");

	@Test
	void featurePackagesDependOnEachOtherOneWayRound() {
		noPackageCycles("org.caduceus.partnerapi").check(PARTNER_API);
	}

	@Test
	void controllersCallServicesNotTheStore() {
		controllersDoNotTouchTheStore().check(PARTNER_API);
	}

	@Test
	void aggregatesAndValuesKnowNeitherWebNorStore() {
		domainIsFreeOfWebAndStore(TaxiiDomain.TYPES).check(PARTNER_API);
	}

}
