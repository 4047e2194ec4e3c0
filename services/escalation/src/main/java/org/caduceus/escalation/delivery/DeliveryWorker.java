package org.caduceus.escalation.delivery;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.caduceus.escalation.border.BorderDecision;
import org.caduceus.escalation.casefile.DeliverySignal;
import org.caduceus.escalation.casefile.Escalation;
import org.caduceus.escalation.casefile.Escalation.Message;
import org.caduceus.escalation.casefile.EscalationStore;
import org.caduceus.escalation.casefile.NodeId;
import org.caduceus.escalation.casefile.FederationMessages.Receipt;
import org.caduceus.escalation.intake.IntakeClient;
import org.caduceus.escalation.settings.EscalationSettings;
import org.caduceus.gatewayclient.FederationReply;
import org.caduceus.gatewayclient.GatewayClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

/**
 * Works the outbox. Each round finds escalations whose next attempt is due and that no
 * live worker holds, claims each with a lease (one atomic find-and-modify, so of several
 * replicas exactly one wins), sends the first message of its outbox through the gateway,
 * and settles the outcome while it still holds the lease. The escalation itself leaves
 * only if the border allows it at that moment ({@link BorderAtSend}): else it is BLOCKED
 * and nothing leaves.
 * <ul>
 * <li>delivered: the message leaves the outbox (and an escalation is ACKNOWLEDGED with
 * the partner's reference);</li>
 * <li>a refusal that cannot change (4xx other than 401/408/429): the escalation FAILS
 * with the partner's reason;</li>
 * <li>this node's own gateway or intake did not answer: tried again in a few seconds,
 * counting nothing against the peer ({@link #LOCAL_RETRY});</li>
 * <li>anything else: tried again after an exponential backoff with jitter, until the
 * message is {@code giveUpAfter} old; then the escalation FAILS.</li>
 * </ul>
 * A worker that dies after sending but before settling leaves the lease to expire; the
 * message is then sent again and the partner, which stores each escalation once, answers
 * with the same receipt: nothing is lost and nothing is duplicated.
 */
@Component
public class DeliveryWorker implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

	/**
	 * The retry delay when this node's own gateway or intake did not answer: a restart of
	 * one of them takes seconds to a minute.
	 */
	static final Duration LOCAL_RETRY = Duration.ofSeconds(5);

	private final EscalationStore store;

	private final GatewayClient gateway;

	private final IntakeClient intake;

	private final DeliverySignal signal;

	private final JsonMapper json;

	private final EscalationSettings.Delivery settings;

	private final Clock clock;

	/** A peer that answers again makes its backlog due at most once in this time. */
	private final Duration recoveryWindow;

	/** How often the repair looks for messages left without a planned attempt. */
	private final Duration repairInterval;

	private final String owner = "worker-" + UUID.randomUUID();

	private Disposable loop = () -> {
	};

	/** Passes over the outbox completed since start. */
	private final AtomicLong passes = new AtomicLong();

	private final Sinks.Many<Long> passed = Sinks.many().replay().latest();

	/** When each peer was last seen answering again after failures. */
	private final java.util.Map<String, Instant> recovered = new java.util.concurrent.ConcurrentHashMap<>();

	/**
	 * @param recoveryWindow how long a peer that answered again after failures counts as
	 * just recovered
	 * @param repairInterval how often messages left without a planned attempt (a crash
	 * between settling one message and planning the next) are made due
	 */
	DeliveryWorker(EscalationStore store, GatewayClient gateway, IntakeClient intake, DeliverySignal signal,
			JsonMapper json, EscalationSettings settings, Clock clock,
			@Value("${caduceus.escalation.delivery.recovery-window:30s}") Duration recoveryWindow,
			@Value("${caduceus.escalation.delivery.repair-interval:1m}") Duration repairInterval) {
		this.store = store;
		this.gateway = gateway;
		this.intake = intake;
		this.signal = signal;
		this.json = json;
		this.settings = settings.delivery();
		this.clock = clock;
		this.recoveryWindow = recoveryWindow;
		this.repairInterval = repairInterval;
		this.passed.tryEmitNext(0L);
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		Flux<Boolean> ticks = Flux.merge(Flux.interval(Duration.ZERO, this.settings.pollInterval()).map((t) -> true),
				this.signal.signals());
		Flux<Boolean> repairs = Flux.interval(Duration.ZERO, this.repairInterval).map((t) -> false);
		this.loop = Flux.merge(ticks, repairs)
			.onBackpressureLatest()
			.concatMap((work) -> (work ? drain().doOnNext((settled) -> passed())
					: this.store.kick(null, now()).thenReturn(0L))
				.onErrorResume((ex) -> {
					log.warn("delivery round failed: {}", ex.toString());
					return Mono.just(0L);
				}), 1)
			.subscribe();
		log.info("delivery worker {} started (poll {}, batch {}, concurrency {}, repair every {})", this.owner,
				this.settings.pollInterval(), this.settings.batch(), this.settings.concurrency(), this.repairInterval);
	}

	/**
	 * How many passes over the outbox this worker has completed, the latest count first:
	 * a pass that completes after one under way when a test acted has seen what it did,
	 * so whatever it would send has been sent then.
	 */
	public Flux<Long> passes() {
		return this.passed.asFlux();
	}

	private void passed() {
		this.passed.tryEmitNext(this.passes.incrementAndGet());
	}

	@Override
	public void destroy() {
		this.loop.dispose();
	}

	/**
	 * Delivers rounds until a round finds less than a full batch.
	 * @return how many messages were settled
	 */
	Mono<Long> drain() {
		return round().expand((count) -> (count >= this.settings.batch()) ? round() : Mono.empty())
			.reduce(0L, Long::sum);
	}

	/**
	 * One round: claim up to a batch of due escalations and deliver one message of each.
	 * @return how many were claimed
	 */
	Mono<Long> round() {
		Instant now = now();
		return this.store.due(now, this.settings.batch())
			.flatMap((id) -> this.store.claim(id, now, this.owner, now.plus(this.settings.lease())),
					this.settings.concurrency())
			.flatMap(this::deliver, this.settings.concurrency())
			.count();
	}

	/**
	 * Sends the first message of a claimed escalation and settles the outcome. The
	 * escalation itself leaves only if the border still allows it now: the incident is
	 * read again from intake and the border policy run on it and on the peer as they are
	 * now; a refusal BLOCKS the escalation with nothing sent, and an incident intake does
	 * not confirm is tried again later, as an attempt that failed.
	 */
	Mono<Escalation> deliver(Escalation escalation) {
		Message message = escalation.nextMessage();
		if (message == null) {
			escalation.nothingToSend();
			return this.store.settle(escalation, this.owner);
		}
		if (message.kind() != Message.Kind.ESCALATE || escalation.incidentId() == null) {
			return send(escalation, message);
		}
		String incidentId = escalation.incidentId().value();
		return this.intake.current(incidentId)
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.onErrorMap((ex) -> new Unconfirmed("intake could not be asked: " + ex.getMessage(), notAnswering(ex)))
			.zipWith(this.gateway.peer(escalation.peer().value())
				.map(Optional::of)
				.defaultIfEmpty(Optional.empty())
				.onErrorMap((ex) -> new Unconfirmed("the gateway could not be asked for the peer: " + ex.getMessage(),
						notAnswering(ex))))
			.map((found) -> found.getT1()
				.map((incident) -> new AtSend(BorderAtSend.check(escalation, incident, found.getT2().orElse(null)),
						null, false))
				.orElseGet(() -> new AtSend(null, "intake does not show incident " + escalation.incidentRef(), false)))
			// an answer that says no (401, 500, a body it cannot read) is no
			// outage of this node: tried again with the backoff, as before
			.onErrorResume((ex) -> Mono.just((ex instanceof Unconfirmed unconfirmed)
					? new AtSend(null, unconfirmed.getMessage(), unconfirmed.here)
					: new AtSend(null, "the send-time check failed: " + ex.getMessage(), false)))
			.flatMap((atSend) -> {
				if (atSend.unconfirmed() != null) {
					String why = "the incident's current TLP is not confirmed: " + atSend.unconfirmed();
					return settle(escalation, message, atSend.here() ? FederationReply.local(why)
							: new FederationReply(503, why.getBytes(StandardCharsets.UTF_8)));
				}
				BorderDecision.Refused refused = atSend.refused();
				if (refused != null) {
					log.warn("escalation {} to {} blocked at send: {}", escalation.key(), escalation.peer(),
							refused.rule().slug());
					escalation.blockedAtSend(refused.rule(), refused.detail(), now());
					return this.store.settle(escalation, this.owner);
				}
				return send(escalation, message);
			});
	}

	/**
	 * What the border says at send time: a refusal, or why it could not be checked; both
	 * null when the message may leave. {@code here}: it could not be checked because a
	 * part of this node did not answer.
	 */
	private record AtSend(BorderDecision.@Nullable Refused refused, @Nullable String unconfirmed, boolean here) {
	}

	/**
	 * Why the check at send time could not be made; {@code here}: a part of this node did
	 * not answer at all (no connection, or it went away), which says nothing of the peer.
	 */
	private static final class Unconfirmed extends RuntimeException {

		private static final long serialVersionUID = 1L;

		private final boolean here;

		Unconfirmed(String message, boolean here) {
			super(message, null, false, false);
			this.here = here;
		}

	}

	/** No answer at all from a part of this node: no connection, or it went away. */
	private static boolean notAnswering(Throwable ex) {
		return ex instanceof WebClientRequestException;
	}

	private Mono<Escalation> send(Escalation escalation, Message message) {
		return this.gateway
			.send(escalation.peer().value(), message.path(), message.body().getBytes(StandardCharsets.UTF_8))
			.flatMap((reply) -> settle(escalation, message, reply));
	}

	private Mono<Escalation> settle(Escalation escalation, Message message, FederationReply reply) {
		Instant now = now();
		if (reply.delivered()) {
			return delivered(escalation, message, reply, now);
		}
		boolean expired = !message.enqueuedAt().plus(this.settings.giveUpAfter()).isAfter(now);
		if (!reply.retryable() || expired) {
			String reason = expired
					? "not delivered within " + this.settings.giveUpAfter().toHours() + " h; last: " + reply.summary()
					: "refused by " + escalation.peer() + ": " + reply.summary();
			log.warn("escalation {} to {}: {} message given up: {}", escalation.key(), escalation.peer(),
					message.kind(), reason);
			escalation.givenUp(message, reason, now);
			return this.store.settle(escalation, this.owner).flatMap((settled) -> kickIfWaiting(settled, now));
		}
		if (reply.local()) {
			// a part of this node did not answer (its gateway, intake): it is back
			// within seconds, often restarted, and the peer is not to blame, so the
			// attempt counts nothing against it and the backoff does not grow
			Instant next = now.plus(localRetry());
			log.debug("escalation {} to {}: not sent, this node did not answer ({}), next at {}", escalation.key(),
					escalation.peer(), reply.summary(), next);
			escalation.heldHere(reply.summary(), next, now);
			return this.store.settle(escalation, this.owner);
		}
		int attempts = escalation.attempts() + 1;
		// an attempt that was under way while the peer came back: try again soon, not in
		// minutes
		String peer = escalation.peer().value();
		Instant next = now.plus(recentlyRecovered(peer, now) ? this.settings.backoffBase() : backoff(attempts));
		log.debug("escalation {} to {}: attempt {} failed ({}), next at {}", escalation.key(), peer, attempts,
				reply.status(), next);
		escalation.attemptFailed(reply.summary(), next, now);
		return this.store.settle(escalation, this.owner);
	}

	private Mono<Escalation> delivered(Escalation escalation, Message message, FederationReply reply, Instant now) {
		boolean afterFailures = escalation.attempts() > 0;
		escalation.delivered(message, (message.kind() == Message.Kind.ESCALATE) ? receipt(reply) : null, now);
		NodeId peer = escalation.peer();
		return this.store.settle(escalation, this.owner)
			.flatMap((settled) -> kickIfWaiting(settled, now))
			.flatMap((settled) -> {
				if (!afterFailures || !firstRecoveryOf(peer.value(), now)) {
					return Mono.just(settled);
				}
				// the peer answers again after failures: whatever waits for it need not
				// wait
				return this.store.retryNow(peer, now).doOnNext((waiting) -> {
					if (waiting > 0) {
						log.info("peer {} is back; {} escalation(s) waiting for it are due now", peer, waiting);
						this.signal.work();
					}
				}).thenReturn(settled);
			});
	}

	/**
	 * Whether this is the first success after failures for {@code peer} in the last the
	 * recovery window: making its backlog due once is enough, and each time is a write
	 * over every waiting escalation.
	 */
	private boolean firstRecoveryOf(String peer, Instant now) {
		Instant[] previous = new Instant[1];
		this.recovered.compute(peer, (key, last) -> {
			previous[0] = last;
			return (last == null || last.plus(this.recoveryWindow).isBefore(now)) ? now : last;
		});
		return previous[0] == null || previous[0].plus(this.recoveryWindow).isBefore(now);
	}

	private boolean recentlyRecovered(String peer, Instant now) {
		Instant last = this.recovered.get(peer);
		return last != null && last.plus(this.recoveryWindow).isAfter(now);
	}

	/**
	 * A message queued while this worker held the escalation still needs an attempt; most
	 * settles leave nothing waiting and write nothing more.
	 */
	private Mono<Escalation> kickIfWaiting(Escalation settled, Instant now) {
		if (settled.pending() > 0 && settled.nextAttemptAt() == null) {
			return this.store.kick(settled.key(), now).thenReturn(settled);
		}
		return Mono.just(settled);
	}

	private @Nullable Receipt receipt(FederationReply reply) {
		try {
			return this.json.readValue(reply.body(), Receipt.class);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * How soon a message is tried again when this node itself did not answer: the first
	 * retry delay, but at least {@link #LOCAL_RETRY} and at most the longest.
	 */
	Duration localRetry() {
		Duration base = this.settings.backoffBase();
		Duration at = (base.compareTo(LOCAL_RETRY) > 0) ? base : LOCAL_RETRY;
		return (at.compareTo(this.settings.backoffMax()) > 0) ? this.settings.backoffMax() : at;
	}

	/**
	 * Exponential backoff with "equal jitter": half the delay fixed, half random, so that
	 * many escalations to a peer that comes back do not all retry in the same instant.
	 */
	Duration backoff(int attempts) {
		long base = this.settings.backoffBase().toMillis();
		long max = this.settings.backoffMax().toMillis();
		long exponential = (attempts >= 30) ? max : Math.min(max, base << Math.max(0, attempts - 1));
		long half = exponential / 2;
		return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
