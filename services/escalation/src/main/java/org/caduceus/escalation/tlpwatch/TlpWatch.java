package org.caduceus.escalation.tlpwatch;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.caduceus.escalation.casefile.Escalation;
import org.caduceus.escalation.casefile.EscalationStore;
import org.caduceus.escalation.casefile.Escalations;
import org.caduceus.escalation.casefile.IncidentId;
import org.caduceus.escalation.casefile.ThisNode;
import org.caduceus.escalation.casefile.TransitionNotAllowed;
import org.caduceus.escalation.intake.IntakeClient;
import org.caduceus.taxonomy.Tlp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Tells partners when the TLP of an incident they hold is raised here. Intake knows
 * nothing of escalations, so this service looks: every {@code interval} it walks the
 * escalations this node sent that a partner holds (delivered, and not withdrawn, closed
 * or failed) below RED (one the partner holds at RED has nothing left to be told and is
 * not read at all), a page at a time in key order through their index, reads each
 * incident as intake shows it now with the service's own key (once per incident per
 * sweep, a few at a time), and where the incident is stricter than the partner holds it
 * makes the one change that records the raise and queues the signed TLP message in that
 * escalation's outbox. The delivery worker sends it like every other message: durable, in
 * order, retried. Nothing is kept between sweeps, so after a restart the next sweep finds
 * what was raised meanwhile; replicas that sweep at once send each raise once, since the
 * change is guarded by the escalation's revision and queues nothing for a raise already
 * recorded. A lower TLP here never lowers anything at the partner.
 */
@Component
class TlpWatch implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(TlpWatch.class);

	private final EscalationStore store;

	private final Escalations escalations;

	private final IntakeClient intake;

	private final ThisNode node;

	private final Duration interval;

	private final int page;

	private final int concurrency;

	private Disposable loop = () -> {
	};

	private final AtomicLong sweeps = new AtomicLong();

	private final Sinks.Many<Long> swept = Sinks.many().replay().latest();

	/**
	 * @param interval how long after one sweep ends the next begins: the longest a raise
	 * waits to be seen
	 * @param page how many escalations one read of the store takes
	 * @param concurrency how many incidents are read from intake at once
	 */
	TlpWatch(EscalationStore store, Escalations escalations, IntakeClient intake, ThisNode node,
			@Value("${caduceus.escalation.tlp-watch.interval:30s}") Duration interval,
			@Value("${caduceus.escalation.tlp-watch.page:100}") int page,
			@Value("${caduceus.escalation.tlp-watch.concurrency:4}") int concurrency) {
		this.store = store;
		this.escalations = escalations;
		this.intake = intake;
		this.node = node;
		this.interval = interval;
		this.page = page;
		this.concurrency = concurrency;
		this.swept.tryEmitNext(0L);
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		this.loop = Mono.defer(() -> sweep().onErrorResume((ex) -> {
			log.warn("TLP watch sweep failed: {}", ex.toString());
			return Mono.just(0L);
		}))
			.doOnNext((raised) -> this.swept.tryEmitNext(this.sweeps.incrementAndGet()))
			.repeatWhen((done) -> done.delayElements(this.interval))
			.subscribe();
		log.info("TLP watch started (every {}, pages of {}, {} intake reads at once)", this.interval, this.page,
				this.concurrency);
	}

	@Override
	public void destroy() {
		this.loop.dispose();
	}

	/**
	 * How many sweeps this watch has completed, the latest count first: a sweep that
	 * completes after one under way when a test acted has seen what it did.
	 */
	public Flux<Long> sweeps() {
		return this.swept.asFlux();
	}

	/**
	 * One sweep over every escalation a partner holds.
	 * @return how many raises it queued for partners
	 */
	Mono<Long> sweep() {
		Map<String, Mono<Optional<Tlp>>> current = new ConcurrentHashMap<>();
		return held().flatMap((escalation) -> check(escalation, current), this.concurrency)
			.filter(Boolean::booleanValue)
			.count();
	}

	/** The escalations the watch sweeps, a page at a time. */
	private Flux<Escalation> held() {
		return this.store.tlpWatched(null, this.page)
			.collectList()
			.expand((list) -> (list.size() < this.page) ? Mono.empty()
					: this.store.tlpWatched(list.get(list.size() - 1).key(), this.page).collectList())
			.concatMapIterable(Function.identity());
	}

	private Mono<Boolean> check(Escalation escalation, Map<String, Mono<Optional<Tlp>>> current) {
		IncidentId incident = escalation.incidentId();
		if (incident == null) {
			return Mono.just(false);
		}
		return current.computeIfAbsent(incident.value(), this::tlpAtIntake).flatMap((tlp) -> {
			if (tlp.isEmpty() || !escalation.partnerToldOfRaise(tlp.get())) {
				return Mono.just(false);
			}
			Tlp raised = tlp.get();
			return this.escalations
				.change(Mono.just(escalation.key()), (held, now) -> held.incidentTlpRaised(raised, now, this.node))
				.doOnNext((held) -> log.info("escalation {}: incident {} raised to {}; {} is told", held.key(),
						held.incidentRef(), raised.label(), held.peer()))
				.thenReturn(true)
				.onErrorResume((ex) -> {
					// withdrawn, closed or failed meanwhile: the partner is told nothing
					if (!(ex instanceof TransitionNotAllowed)) {
						log.warn("escalation {}: TLP raise not recorded: {}", escalation.key(), ex.toString());
					}
					return Mono.just(false);
				});
		});
	}

	/** The incident's TLP as intake shows it now; empty when it cannot be confirmed. */
	private Mono<Optional<Tlp>> tlpAtIntake(String incidentId) {
		return this.intake.current(incidentId)
			.map((incident) -> Optional.of(Tlp.of(incident.tlp())))
			.defaultIfEmpty(Optional.empty())
			.onErrorResume((ex) -> {
				log.debug("TLP watch: incident {} not read: {}", incidentId, ex.toString());
				return Mono.just(Optional.empty());
			})
			.cache();
	}

}
