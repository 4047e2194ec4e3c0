package org.caduceus.intake;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.caduceus.intake.incident.Classification;
import org.caduceus.intake.incident.ContactPerson;
import org.caduceus.intake.incident.HistoryEntry;
import org.caduceus.intake.incident.Incident;
import org.caduceus.intake.incident.IncidentChanges;
import org.caduceus.intake.incident.IncidentDraft;
import org.caduceus.intake.incident.IncidentRef;
import org.caduceus.intake.incident.IncidentStatus;
import org.caduceus.intake.incident.Nis2Report;
import org.caduceus.intake.incident.Nis2Submission;
import org.caduceus.intake.incident.Note;
import org.caduceus.intake.incident.Origin;
import org.caduceus.intake.incident.Reporter;
import org.caduceus.intake.observable.Observable;
import org.caduceus.intake.observable.ObservableType;
import org.junit.jupiter.api.Test;

import static org.caduceus.testsupport.architecture.Boundaries.controllersDoNotTouchTheStore;
import static org.caduceus.testsupport.architecture.Boundaries.domainIsFreeOfWebAndStore;
import static org.caduceus.testsupport.architecture.Boundaries.noPackageCycles;
import static org.caduceus.testsupport.architecture.Boundaries.productionClasses;

/** The rules intake's layout implies, checked against its production classes. */
class ArchitectureTests {

	private static final JavaClasses INTAKE = productionClasses("org.caduceus.intake");

	@Test
	void featurePackagesDependOnEachOtherOneWayRound() {
		noPackageCycles("org.caduceus.intake").check(INTAKE);
	}

	@Test
	void controllersCallServicesNotTheStore() {
		controllersDoNotTouchTheStore().check(INTAKE);
	}

	@Test
	void aggregatesAndValuesKnowNeitherWebNorStore() {
		domainIsFreeOfWebAndStore(Incident.class, Classification.class, ContactPerson.class, HistoryEntry.class,
				IncidentChanges.class, IncidentDraft.class, IncidentRef.class, IncidentStatus.class, Nis2Report.class,
				Nis2Submission.class, Note.class, Origin.class, Reporter.class, Observable.class, ObservableType.class)
			.check(INTAKE);
	}

}
