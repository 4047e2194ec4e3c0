package org.caduceus.partnerapi.taxii;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An in-memory copy of something small that every TAXII request reads without a round
 * trip (the API keys, the peer nodes): reloaded at start and every {@code refresh}
 * ({@code caduceus.taxii.refresh}), so that a change made through another replica, or at
 * the gateway, counts here within that time; local changes update the copy at once.
 */
abstract class StoreMirror implements InitializingBean, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(StoreMirror.class);

	private final Duration refresh;

	private Disposable refresher = () -> {
	};

	StoreMirror(Duration refresh) {
		this.refresh = refresh;
	}

	/**
	 * @return the reload of the whole copy
	 */
	abstract Mono<Void> reload();

	@Override
	public void afterPropertiesSet() {
		this.refresher = Flux.interval(Duration.ZERO, this.refresh)
			.onBackpressureDrop()
			.concatMap((tick) -> reload().onErrorResume((ex) -> {
				log.warn("could not reload {}: {}", getClass().getSimpleName(), ex.getMessage());
				return Mono.empty();
			}))
			.subscribe();
	}

	@Override
	public void destroy() {
		this.refresher.dispose();
	}

}
