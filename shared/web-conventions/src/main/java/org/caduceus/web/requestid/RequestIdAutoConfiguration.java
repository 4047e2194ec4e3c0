package org.caduceus.web.requestid;

import io.micrometer.context.ContextRegistry;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
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

	/**
	 * Copies the request id into the MDC on every thread hop. It wraps every Reactor
	 * operator, which costs a proxy with long operator chains more than it helps: the
	 * gateway turns it off and puts the id into its few log lines itself.
	 */
	@Bean
	@ConditionalOnProperty(name = "caduceus.request-id.mdc-propagation", havingValue = "true", matchIfMissing = true)
	static MdcPropagation requestIdMdcPropagation() {
		ContextRegistry.getInstance()
			.registerThreadLocalAccessor(RequestIds.KEY, () -> MDC.get(RequestIds.KEY),
					(value) -> MDC.put(RequestIds.KEY, value), () -> MDC.remove(RequestIds.KEY));
		Hooks.enableAutomaticContextPropagation();
		return new MdcPropagation();
	}

	/** Marks that automatic MDC propagation is on. */
	public static final class MdcPropagation {

	}

	@Bean
	@ConditionalOnMissingBean
	RequestIdWebFilter requestIdWebFilter() {
		return new RequestIdWebFilter();
	}

}
