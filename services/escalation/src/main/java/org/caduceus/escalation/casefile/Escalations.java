package org.caduceus.escalation.casefile;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Escalations of either direction: read them (every read through
 * {@link EscalationReadPolicy}, so a reader sees an escalation only while intake shows
 * them its incident), and change one the way every change is made: load it, call one of
 * its methods, save it (guarded by the revision read, tried again when another write came
 * between), then wake the delivery worker for what the change queued.
 */
@Service
public class Escalations {

	private final EscalationStore store;

	private final DeliverySignal signal;

	private final ThisNode node;

	private final Clock clock;

	private final EscalationReadPolicy policy;

	Escalations(EscalationStore store, DeliverySignal signal, ThisNode node, Clock clock, EscalationReadPolicy policy) {
		this.store = store;
		this.policy = policy;
		this.signal = signal;
		this.node = node;
		this.clock = clock;
	}

	/**
	 * @param key this node's key of it, as an API caller wrote it
	 * @return the escalation; {@link EscalationNotFound} when there is none or the reader
	 * may not see it, the same error for both
	 */
	public Mono<Escalation> get(String key, EscalationReader reader) {
		return find(key).flatMap((known) -> this.store.find(known)
			.filterWhen((escalation) -> this.policy.sees(escalation, reader))
			.switchIfEmpty(Mono.error(() -> new EscalationNotFound(known.value()))));
	}

	private Mono<Escalation> load(EscalationKey key) {
		return this.store.find(key).switchIfEmpty(Mono.error(() -> new EscalationNotFound(key.value())));
	}

	/**
	 * @return up to {@code limit} escalations the filter lets through and the reader may
	 * see, newest first: what the reader may not see is left out before the page is cut,
	 * and the page is filled from further reads of the store
	 */
	public Flux<Escalation> list(EscalationFilter filter, int limit, EscalationReader reader) {
		if (reader.coordinator()) {
			return this.store.list(filter, limit);
		}
		return this.store.list(filter, limit)
			.collectList()
			.expand((page) -> (page.size() < limit) ? Mono.empty()
					: this.store.list(filter.after(page.get(page.size() - 1)), limit).collectList())
			.concatMap(
					(page) -> Flux.fromIterable(page).filterWhen((escalation) -> this.policy.sees(escalation, reader)),
					1)
			.take(limit);
	}

	/**
	 * @return the open escalations the reader may see whose partner is late under the
	 * response SLA
	 */
	public Flux<Escalation> overdue(EscalationReader reader) {
		Instant now = this.clock.instant();
		return this.store.waitingForPartner()
			.filter((escalation) -> !escalation.overdue(now).isEmpty())
			.filterWhen((escalation) -> this.policy.sees(escalation, reader), 1);
	}

	/** Either side closes an escalation it has finished with; the other side is told. */
	public Mono<Escalation> close(String key, @Nullable String reason, String user) {
		return change(find(key), (escalation, now) -> escalation.close(reason, user, now, this.node));
	}

	/**
	 * A coordinator withdraws an escalation this node sent: nothing more leaves while it
	 * is queued; once delivered, the partner is told.
	 */
	public Mono<Escalation> withdraw(String key, String reason, String user) {
		return change(find(key), (escalation, now) -> escalation.withdraw(user, reason, now, this.node));
	}

	/** Shares a note with the partner of this escalation. */
	public Mono<Escalation> addNote(String key, String text, String user) {
		return change(find(key), (escalation, now) -> escalation.addNote(text, user, now, this.node));
	}

	/** One change to an escalation, made at {@code now}. */
	@FunctionalInterface
	public interface Change {

		void apply(Escalation escalation, Instant now);

	}

	/**
	 * Loads the escalation, applies {@code change} and saves what it changed; a change
	 * that changes nothing writes nothing.
	 * @return the escalation as it is now
	 */
	public Mono<Escalation> change(Mono<EscalationKey> key, Change change) {
		return key.flatMap((known) -> Mono.defer(() -> load(known).flatMap((escalation) -> {
			Instant now = now();
			change.apply(escalation, now);
			if (!EscalationStore.changed(escalation)) {
				return Mono.just(escalation);
			}
			return this.store.save(escalation)
				.switchIfEmpty(Mono.error(ConcurrentChange::new))
				.flatMap(this::deliverWhatWaits);
		})).retryWhen(Retry.max(5).filter(ConcurrentChange.class::isInstance)));
	}

	/** The same, for a change without its own clock. */
	public Mono<Escalation> change(Mono<EscalationKey> key, Consumer<Escalation> change) {
		return change(key, (escalation, now) -> change.accept(escalation));
	}

	private Mono<Escalation> deliverWhatWaits(Escalation changed) {
		Mono<Escalation> planned = (changed.pending() > 0 && changed.nextAttemptAt() == null)
				? this.store.kick(changed.key(), now()).thenReturn(changed) : Mono.just(changed);
		return planned.doOnNext((escalation) -> {
			if (escalation.pending() > 0) {
				this.signal.work();
			}
		});
	}

	/**
	 * @return the key {@code text} names; an error {@link EscalationNotFound} when it
	 * names none
	 */
	public static Mono<EscalationKey> find(String text) {
		return Mono.justOrEmpty(EscalationKey.find(text)).switchIfEmpty(Mono.error(() -> new EscalationNotFound(text)));
	}

	/** Now, to the millisecond the store keeps. */
	public Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	private static final class ConcurrentChange extends RuntimeException {

		private static final long serialVersionUID = 1L;

		ConcurrentChange() {
			super("changed meanwhile", null, false, false);
		}

	}

}
