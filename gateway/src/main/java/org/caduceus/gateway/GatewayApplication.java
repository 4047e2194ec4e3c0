package org.caduceus.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The node's gateway: the one door for users, partner nodes and partner CERTs. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

	@org.springframework.context.annotation.Bean
	java.time.Clock clock() {
		return java.time.Clock.systemUTC();
	}

	public static void main(String[] args) {
		SpringApplication.run(GatewayApplication.class, args);
	}

}
