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
	 * Copies the request id into the MDC on every thread hop, so that every log line of a
	 * request carries it ({@code caduceus.request-id.mdc-propagation=false} turns it
	 * off). It wraps every Reactor operator; an A/B of the gateway benchmark on the
	 * one-process node (2026-12-07, two runs each way) showed no cost beyond the noise,
	 * so it stays on. Off, the lines that matter still carry the id: the access line, the
	 * problem handler's warnings and errors, and what a request records through
	 * {@link RequestIds#onNext}. It is a JVM-wide hook: on in one context of the
	 * one-process node, it is on in all of them.
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
