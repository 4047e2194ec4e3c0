package org.caduceus.console;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The web console: server-rendered pages for analysts, coordinators, admins and auditors.
 * It holds no incident data: every page is read from the gateway's public API with the
 * signed-in user's own token, so TLP and role rules stay in the services.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConsoleApplication {

	public static void main(String[] args) {
		SpringApplication.run(ConsoleApplication.class, args);
	}

}
