package org.caduceus.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.caduceus.console.ConsoleApplication;
import org.caduceus.contacts.ContactsApplication;
import org.caduceus.escalation.EscalationApplication;
import org.caduceus.gateway.GatewayApplication;
import org.caduceus.intake.IntakeApplication;
import org.caduceus.partnerapi.PartnerApiApplication;

/**
 * A deployable the node runs as one of its contexts.
 *
 * @param name as the launcher and the logs name it
 * @param artifact its Maven artifact id
 * @param application its {@code @SpringBootApplication} class
 * @param portOffset its port above the node's base port, as {@code ./caduceus} lays a
 * node out
 */
record Component(String name, String artifact, Class<?> application, int portOffset) {

	/** The store's port above the base port. */
	static final int STORE_OFFSET = 4;

	/**
	 * In the order they start: the services first, so that the gateway and the console,
	 * which call them, find them ready; stopped in the reverse order.
	 */
	static final List<Component> ALL = List.of(new Component("intake", "caduceus-intake", IntakeApplication.class, 1),
			new Component("escalation", "caduceus-escalation", EscalationApplication.class, 2),
			new Component("contacts", "caduceus-contacts", ContactsApplication.class, 3),
			new Component("partner-api", "caduceus-partner-api", PartnerApiApplication.class, 5),
			new Component("gateway", "caduceus-gateway", GatewayApplication.class, 0),
			new Component("console", "caduceus-console", ConsoleApplication.class, 6));

	/**
	 * The {@code application.yml} of this component's own jar, the one its application
	 * class is loaded from. Every deployable has one at the root of its jar; on the
	 * node's class path only the first would be found by name, so each context is pointed
	 * at its own.
	 */
	String configuration(ClassLoader loader) {
		Optional<String> own = DeployableJars.jarOfClass(this.application.getName(), loader);
		try {
			return Collections.list(loader.getResources("application.yml"))
				.stream()
				.map(URL::toString)
				.filter((url) -> own.isPresent() && DeployableJars.jarOf(url).equals(own))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("no application.yml in " + this.artifact));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
