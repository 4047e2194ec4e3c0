package org.caduceus.console.account;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;

@Configuration(proxyBeanMethods = false)
class AccountConfiguration {

	@Bean
	Accounts accounts(ReactiveMongoOperations mongo) {
		return new Accounts(mongo);
	}

	@Bean
	Passwords passwords() {
		return new Passwords();
	}

}
