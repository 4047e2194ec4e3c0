package org.caduceus.escalation;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.caduceus.escalation.border.BorderDecision;
import org.caduceus.escalation.border.BorderPolicy;
import org.caduceus.escalation.border.BorderRule;
import org.caduceus.escalation.border.Downgrade;
import org.caduceus.escalation.border.Redaction;
import org.caduceus.escalation.border.Snapshot;
import org.caduceus.escalation.casefile.Escalation;
import org.caduceus.escalation.casefile.EscalationFilter;
import org.caduceus.escalation.casefile.EscalationId;
import org.caduceus.escalation.casefile.EscalationKey;
import org.caduceus.escalation.casefile.EscalationStatus;
import org.caduceus.escalation.casefile.FederationMessages;
import org.caduceus.escalation.casefile.IncidentId;
import org.caduceus.escalation.casefile.NodeId;
import org.caduceus.escalation.casefile.ResponseSla;
import org.caduceus.escalation.casefile.ThisNode;
import org.junit.jupiter.api.Test;

import static org.caduceus.testsupport.architecture.Boundaries.controllersDoNotTouchTheStore;
import static org.caduceus.testsupport.architecture.Boundaries.domainIsFreeOfWebAndStore;
import static org.caduceus.testsupport.architecture.Boundaries.noPackageCycles;
import static org.caduceus.testsupport.architecture.Boundaries.productionClasses;

/** The rules escalation's layout implies, checked against its production classes. */
class ArchitectureTests {

	private static final JavaClasses ESCALATION = productionClasses("org.caduceus.escalation");

	@Test
	void featurePackagesDependOnEachOtherOneWayRound() {
		noPackageCycles("org.caduceus.escalation").check(ESCALATION);
	}

	@Test
	void controllersCallServicesNotTheStore() {
		controllersDoNotTouchTheStore().check(ESCALATION);
	}

	@Test
	void theAggregateItsValuesAndTheBorderPolicyKnowNeitherWebNorStore() {
		domainIsFreeOfWebAndStore(Escalation.class, EscalationId.class, EscalationKey.class, NodeId.class,
				IncidentId.class, EscalationStatus.class, EscalationFilter.class, ResponseSla.class, ThisNode.class,
				FederationMessages.class, BorderPolicy.class, BorderDecision.class, BorderRule.class, Snapshot.class,
				Redaction.class, Downgrade.class)
			.check(ESCALATION);
	}

}
