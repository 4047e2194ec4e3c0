package org.caduceus.contacts;

import org.caduceus.testsupport.ServiceContractTests;

/**
 * The service conventions hold for contacts; its features are tested beside their
 * packages.
 */
class ContactsApplicationIntegrationTests extends ServiceContractTests {

}
