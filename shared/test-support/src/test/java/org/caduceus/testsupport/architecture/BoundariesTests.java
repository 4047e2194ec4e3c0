package org.caduceus.testsupport.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.caduceus.testsupport.architecture.fixture.cycle.a.Ward;
import org.caduceus.testsupport.architecture.fixture.cycle.b.Bed;
import org.caduceus.testsupport.architecture.fixture.layers.Admission;
import org.caduceus.testsupport.architecture.fixture.layers.Beds;
import org.caduceus.testsupport.architecture.fixture.layers.Discharge;
import org.caduceus.testsupport.architecture.fixture.layers.ServiceController;
import org.caduceus.testsupport.architecture.fixture.layers.TemplateController;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Each rule of {@link Boundaries} fails on a deliberate violation and passes on code that
 * keeps it, so that a deployable's architecture test that passes means something.
 */
class BoundariesTests {

	static final String FIXTURE = "org.caduceus.testsupport.architecture.fixture";

	@Test
	void aCycleBetweenTwoPackagesFails() {
		JavaClasses classes = new ClassFileImporter().importClasses(Ward.class, Bed.class);
		var result = Boundaries.noPackageCycles(FIXTURE + ".cycle").evaluate(classes);
		assertThat(result.hasViolation()).isTrue();
		assertThat(result.getFailureReport().toString()).contains("Cycle detected").contains("Ward").contains("Bed");
	}

	@Test
	void packagesThatDependOneWayPass() {
		JavaClasses classes = new ClassFileImporter().importClasses(Bed.class);
		assertThat(Boundaries.noPackageCycles(FIXTURE + ".cycle").evaluate(classes).hasViolation()).isFalse();
	}

	@Test
	void aControllerHoldingTheTemplateFails() {
		JavaClasses classes = new ClassFileImporter().importClasses(TemplateController.class);
		var result = Boundaries.controllersDoNotTouchTheStore().evaluate(classes);
		assertThat(result.hasViolation()).isTrue();
		assertThat(result.getFailureReport().toString()).contains("ReactiveMongoTemplate");
	}

	@Test
	void aControllerCallingAServicePasses() {
		JavaClasses classes = new ClassFileImporter().importClasses(ServiceController.class, Beds.class);
		assertThatNoException().isThrownBy(() -> Boundaries.controllersDoNotTouchTheStore().check(classes));
	}

	@Test
	void anAggregateBuildingUpdatesOrAnswersFails() {
		JavaClasses classes = new ClassFileImporter().importClasses(Discharge.class);
		var result = Boundaries.domainIsFreeOfWebAndStore(Discharge.class).evaluate(classes);
		assertThat(result.hasViolation()).isTrue();
		assertThat(result.getFailureReport().toString()).contains("Update").contains("ResponseEntity");
	}

	@Test
	void anAggregateWithMappingAnnotationsOnlyPasses() {
		JavaClasses classes = new ClassFileImporter().importClasses(Admission.class);
		assertThatNoException().isThrownBy(() -> Boundaries.domainIsFreeOfWebAndStore(Admission.class).check(classes));
	}

}
