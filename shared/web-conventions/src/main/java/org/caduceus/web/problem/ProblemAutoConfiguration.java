package org.caduceus.web.problem;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/** Installs the last-resort problem+json error handler in every reactive app. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class ProblemAutoConfiguration {

	@Bean
	ProblemWebExceptionHandler problemWebExceptionHandler() {
		return new ProblemWebExceptionHandler();
	}

}
