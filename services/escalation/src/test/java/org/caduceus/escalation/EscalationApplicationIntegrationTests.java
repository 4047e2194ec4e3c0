package org.caduceus.escalation;

import org.caduceus.testsupport.ServiceContractTests;

/**
 * The service conventions hold for escalation; its features are tested beside their
 * packages.
 */
class EscalationApplicationIntegrationTests extends ServiceContractTests {

}
