package org.caduceus.gateway.federation;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An in-memory copy of a small collection that requests read without a round trip (the
 * peers): reloaded at start and every {@link #REFRESH}, so that a change made through
 * another gateway replica counts here within that time; local changes update the copy at
 * once.
 */
abstract class StoreMirror implements InitializingBean, DisposableBean {

	/** How soon a change made through another gateway replica is seen here. */
	public static final Duration REFRESH = Duration.ofSeconds(5);

	private static final Logger log = LoggerFactory.getLogger(StoreMirror.class);

	private Disposable refresher = () -> {
	};

	/**
	 * @return the reload of the whole copy from the store
	 */
	protected abstract Mono<Void> reload();

	@Override
	public void afterPropertiesSet() {
		this.refresher = Flux.interval(Duration.ZERO, REFRESH)
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
