package org.caduceus.console;

import java.util.List;

import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The console's own collections make their indexes once the console is ready. They are
 * housekeeping only (every read checks its limits itself, and the store drops what
 * expired when it can): a store that is not there yet stops nothing, it is warned about.
 */
@Component
public class StoreIndexes {

	/** A part of the console with indexes of its own in the console's database. */
	public interface Owner {

		/** Makes the indexes; making one that exists changes nothing. */
		Mono<Void> prepareIndexes();

	}

	private final List<Owner> owners;

	StoreIndexes(ObjectProvider<Owner> owners) {
		this.owners = owners.orderedStream().toList();
	}

	@EventListener(ApplicationReadyEvent.class)
	void prepare() {
		for (Owner owner : this.owners) {
			owner.prepareIndexes()
				.subscribe(null,
						(error) -> LoggerFactory.getLogger(StoreIndexes.class)
							.warn("the indexes of {} could not be made: {}", owner.getClass().getSimpleName(),
									error.toString()));
		}
	}

}
