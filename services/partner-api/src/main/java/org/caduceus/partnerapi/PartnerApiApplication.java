package org.caduceus.partnerapi;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The partner API service: the TAXII 2.1 server partner CERTs and nodes pull from and
 * push to, and the API keys of partners that run no node. It sits behind the gateway like
 * every service and trusts only the identity the gateway signs.
 */
@SpringBootApplication
public class PartnerApiApplication {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	public static void main(String[] args) {
		SpringApplication.run(PartnerApiApplication.class, args);
	}

}
