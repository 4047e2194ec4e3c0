package org.caduceus.console;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.caduceus.console.account.Passwords;
import org.caduceus.console.account.Totp;
import org.caduceus.console.session.Stage;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.caduceus.testsupport.architecture.Boundaries.controllersDoNotTouchTheStore;
import static org.caduceus.testsupport.architecture.Boundaries.domainIsFreeOfWebAndStore;
import static org.caduceus.testsupport.architecture.Boundaries.noPackageCycles;
import static org.caduceus.testsupport.architecture.Boundaries.productionClasses;

/**
 * The console's rules, checked on its production classes: feature packages one way round,
 * controllers never touching the store, the sign-in's values free of web and store, and
 * the pages reading incident data only through the gateway's API: no page holds a MongoDB
 * handle, and only the accounts, sessions, pending sign-ins and saved views touch the
 * console's own.
 */
class ArchitectureTests {

	private static final JavaClasses CONSOLE = productionClasses("org.caduceus.console");

	@Test
	void featurePackagesDependOnEachOtherOneWayRound() {
		noPackageCycles("org.caduceus.console").check(CONSOLE);
	}

	@Test
	void controllersCallServicesNotTheStore() {
		controllersDoNotTouchTheStore().check(CONSOLE);
	}

	@Test
	void theSignInsValuesKnowNeitherWebNorStore() {
		domainIsFreeOfWebAndStore(Totp.class, Passwords.class, Stage.class).check(CONSOLE);
	}

	@Test
	void pagesReadIncidentDataOnlyThroughTheApi() {
		noClasses().that()
			.resideInAnyPackage("org.caduceus.console.work..", "org.caduceus.console.incident..",
					"org.caduceus.console.escalation..", "org.caduceus.console.nis2..",
					"org.caduceus.console.figures..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.data..", "com.mongodb..", "org.bson..")
			.check(CONSOLE);
	}

}
