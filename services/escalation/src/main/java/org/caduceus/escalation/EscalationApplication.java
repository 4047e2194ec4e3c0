package org.caduceus.escalation;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** The escalation service: hands cases to partner CERTs across the border. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EscalationApplication {

	public static void main(String[] args) {
		SpringApplication.run(EscalationApplication.class, args);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
