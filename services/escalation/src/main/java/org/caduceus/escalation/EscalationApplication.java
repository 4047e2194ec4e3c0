package org.caduceus.escalation;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The escalation service: hands cases to partner CERTs across the border. */
@SpringBootApplication
public class EscalationApplication {

	public static void main(String[] args) {
		SpringApplication.run(EscalationApplication.class, args);
	}

}
