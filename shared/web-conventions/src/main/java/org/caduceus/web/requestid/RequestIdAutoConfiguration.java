package org.caduceus.web.requestid;

import io.micrometer.context.ContextRegistry;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Hooks;

/**
 * Registers the request id filter and makes the id flow from the Reactor context into the
 * logging MDC on every thread that handles the request.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class RequestIdAutoConfiguration {

	static {
		ContextRegistry.getInstance()
			.registerThreadLocalAccessor(RequestIds.KEY, () -> MDC.get(RequestIds.KEY),
					(value) -> MDC.put(RequestIds.KEY, value), () -> MDC.remove(RequestIds.KEY));
		Hooks.enableAutomaticContextPropagation();
	}

	@Bean
	@ConditionalOnMissingBean
	RequestIdWebFilter requestIdWebFilter() {
		return new RequestIdWebFilter();
	}

}
