package org.caduceus.escalation.casefile;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Wakes the delivery worker as soon as a message is queued, instead of at its next poll;
 * a signal lost while the worker is busy is harmless, since it looks again when done.
 */
@Component
public class DeliverySignal {

	private final Sinks.Many<Boolean> sink = Sinks.many().multicast().directBestEffort();

	public void work() {
		this.sink.tryEmitNext(Boolean.TRUE);
	}

	public Flux<Boolean> signals() {
		return this.sink.asFlux();
	}

}
