package org.caduceus.intake.incident;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Hands out incident numbers per node and year, on any MongoDB and with any number of
 * service replicas, without transactions, so that every number up to the counter ends up
 * either carried by an incident or on the series' free list, whichever process is killed
 * when.
 * <p>
 * Each series is one counter document: {@code next} counts numbers ever reserved,
 * {@code free} holds numbers reserved but never used, handed out before any other, and
 * {@code open} holds a claim for each block of numbers a replica took, with the time the
 * claim lapses. A replica reserves a block in one conditional write (the counter moves
 * only from the value it last saw) and hands its numbers out from memory, so a busy node
 * writes once per block instead of once per incident. Blocks grow from one number to
 * {@value #MAX_BLOCK} while they are used up within their claim and shrink when they are
 * not, so a quiet node keeps its numbers in order. A number taken from the free list gets
 * a claim of its own in the same write that takes it.
 * <p>
 * A replica hands out a block's numbers only while its claim holds ({@link #LEASE}),
 * renewing it in one write if numbers are left when it lapses. It closes a claim itself,
 * with its next reservation or when it stops, once every number handed out from it is
 * carried by an incident or given back; until then the claim stays. A claim lapsed for
 * {@link #GRACE} is closed by the repair any replica runs every {@link #REPAIR_EVERY}:
 * the claimed numbers no incident carries go to the free list in the same write. Numbers
 * may therefore be used out of order (across replicas, or once given back), but none is
 * lost. The unique index on {@code ref} is the last guard: a number used twice fails the
 * insert, which then takes another.
 */
@Component
class RefAllocator implements DisposableBean {

	static final String COLLECTION = "ref_counters";

	/** The most numbers a replica reserves at once. */
	static final int MAX_BLOCK = 64;

	/** How long a replica may hand out a block's numbers before it renews its claim. */
	static final Duration LEASE = Duration.ofSeconds(30);

	/**
	 * How long a claim must have lapsed before a repair closes it: longer than an insert
	 * takes plus the most two replicas' clocks differ. Beyond it a number may be handed
	 * out twice, and the unique index on {@code ref} refuses the second use.
	 */
	static final Duration GRACE = Duration.ofSeconds(60);

	static final Duration REPAIR_EVERY = Duration.ofMinutes(1);

	/**
	 * Rounds an allocation waits for a write that another allocation then used up, or
	 * conditional writes lost to another replica, before it fails: a guard against a bug,
	 * not a limit of normal load (each round hands out a block).
	 */
	private static final int ROUNDS = 1000;

	private static final Logger log = LoggerFactory.getLogger(RefAllocator.class);

	private final ReactiveMongoTemplate mongo;

	private final IncidentStore incidents;

	private final Clock clock;

	private final Map<String, Series> series = new ConcurrentHashMap<>();

	private volatile @Nullable Disposable repairs;

	RefAllocator(ReactiveMongoTemplate mongo, IncidentStore incidents, Clock clock) {
		this.mongo = mongo;
		this.incidents = incidents;
		this.clock = clock;
	}

	/**
	 * A number for a new incident of the series: one given back first, if any, else the
	 * next of this replica's block. The caller reports what became of it:
	 * {@link #settled} once an incident carries it, {@link #release} if none will; a
	 * number it reports neither way stays claimed until a repair finds out.
	 */
	Mono<Long> allocate(String key) {
		Series state = state(key);
		Mono<Long> fromBlock = Mono.defer(() -> fromBlock(state, 0));
		return state.mayHaveFree ? fromFree(state, 0).switchIfEmpty(fromBlock) : fromBlock;
	}

	/** An incident carries {@code number}: its claim can close. */
	void settled(String key, long number) {
		Series state = state(key);
		synchronized (state) {
			state.settle(number);
		}
	}

	/**
	 * Gives back a number no incident will carry: to this replica's block if it came from
	 * there and the block is still handed out from, to the free list otherwise. The
	 * number stays claimed until the free list holds it.
	 */
	Mono<Void> release(String key, long number) {
		Series state = state(key);
		synchronized (state) {
			Block block = state.block;
			if (block != null && state.pending == null && block.unsettled.remove(number)) {
				block.returned.add(number);
				return Mono.empty();
			}
		}
		return this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(key)), new Update().addToSet("free", number), COLLECTION)
			.doOnNext((result) -> {
				synchronized (state) {
					state.mayHaveFree = true;
					state.settle(number);
				}
			})
			.then();
	}

	/**
	 * @return how many numbers the series has reserved, used or not
	 */
	Mono<Long> issued(String key) {
		return counter(key).map(RefAllocator::next).defaultIfEmpty(0L);
	}

	private Series state(String key) {
		return this.series.computeIfAbsent(key, Series::new);
	}

	/**
	 * Takes the first number of the free list and claims it, in one write conditional on
	 * the number still being there.
	 */
	private Mono<Long> fromFree(Series state, int round) {
		return counter(state.key).flatMap((counter) -> {
			List<Number> free = counter.getList("free", Number.class);
			if (free == null || free.isEmpty() || round >= ROUNDS) {
				return Mono.<Long>empty();
			}
			long number = free.get(0).longValue();
			Instant until = this.clock.instant().plus(LEASE);
			Block claim = new Block(Block.FREE, number, number, until);
			claim.nonce = "_" + Long.toHexString(ThreadLocalRandom.current().nextLong());
			Query stillFree = Query.query(Criteria.where("_id").is(state.key).and("free").is(number));
			Update take = new Update().pull("free", number).set(claim.field(), claim.document());
			return this.mongo.updateFirst(stillFree, take, COLLECTION).flatMap((result) -> {
				if (result.getModifiedCount() == 0) {
					// another replica took it first
					return fromFree(state, round + 1);
				}
				synchronized (state) {
					claim.take();
					state.retired.add(claim);
				}
				return Mono.just(number);
			});
		}).switchIfEmpty(Mono.<Long>fromRunnable(() -> state.mayHaveFree = false));
	}

	private Mono<Long> fromBlock(Series state, int round) {
		if (round > ROUNDS) {
			return Mono.error(new IllegalStateException("no incident number could be reserved in " + state.key));
		}
		Mono<Void> wait;
		synchronized (state) {
			Block block = state.block;
			if (state.pending == null) {
				if (block != null && block.hasNumbers()) {
					if (this.clock.instant().isBefore(block.until)) {
						return Mono.just(block.take());
					}
					state.pending = renew(state, block).cache();
				}
				else {
					state.pending = reserve(state).cache();
				}
			}
			wait = state.pending;
		}
		// numbers a failed renewal or a repair gave back come before new ones
		return wait.then(Mono.defer(() -> state.mayHaveFree
				? fromFree(state, 0).switchIfEmpty(Mono.defer(() -> fromBlock(state, round + 1)))
				: fromBlock(state, round + 1)));
	}

	/**
	 * Reserves the next block in one write conditional on the counter as last seen, which
	 * also closes the claims whose numbers are all settled. Clears {@code pending} before
	 * it completes, so that those waiting on it find the new block.
	 */
	private Mono<Void> reserve(Series state) {
		int size;
		synchronized (state) {
			Block used = state.block;
			if (used != null) {
				state.retired.add(used);
				state.block = null;
			}
			size = state.nextSize(used);
		}
		return reserve(state, size, 0).doOnError((ex) -> {
			synchronized (state) {
				state.seen = -1;
				state.pending = null;
			}
		});
	}

	private Mono<Void> reserve(Series state, int size, int round) {
		Mono<Long> seen = (state.seen >= 0) ? Mono.just(state.seen)
				: counter(state.key).map(RefAllocator::next)
					.switchIfEmpty(Mono.defer(() -> this.mongo
						.insert(new Document("_id", state.key).append("next", 0L)
							.append("free", List.of())
							.append("open", new Document()), COLLECTION)
						.onErrorResume(DuplicateKeyException.class, (ex) -> Mono.empty())
						.then(counter(state.key).map(RefAllocator::next))));
		return seen.flatMap((next) -> {
			Instant now = this.clock.instant();
			List<Block> closing;
			synchronized (state) {
				closing = state.retired.stream().filter((block) -> block.unsettled.isEmpty()).toList();
			}
			Block block = new Block(Block.RESERVED, next + 1, next + size, now.plus(LEASE));
			Update update = new Update().set("next", block.to).set(block.field(), block.document());
			closing.forEach((settled) -> update.unset(settled.field()));
			Query current = Query.query(Criteria.where("_id").is(state.key).and("next").is(next));
			return this.mongo.updateFirst(current, update, COLLECTION).flatMap((result) -> {
				if (result.getModifiedCount() == 1) {
					synchronized (state) {
						state.seen = block.to;
						state.size = size;
						state.block = block;
						state.retired.removeAll(closing);
						// lapsed long ago with numbers never settled: the repair's now
						state.retired.removeIf((old) -> old.until.plus(GRACE).isBefore(now));
						state.pending = null;
					}
					return Mono.<Void>empty();
				}
				if (round >= ROUNDS) {
					return Mono
						.error(new IllegalStateException("no incident number could be reserved in " + state.key));
				}
				// another replica moved the counter: look again
				state.seen = -1;
				return reserve(state, size, round + 1);
			});
		});
	}

	/**
	 * Extends a lapsed claim on the block handed out from. When a repair closed it
	 * meanwhile its numbers went to the free list, and this replica lets the block go.
	 */
	private Mono<Void> renew(Series state, Block block) {
		Instant until = this.clock.instant().plus(LEASE);
		Query claim = Query.query(Criteria.where("_id").is(state.key).and(block.field()).exists(true));
		return this.mongo.updateFirst(claim, new Update().set(block.field() + ".until", Date.from(until)), COLLECTION)
			.doOnNext((result) -> {
				synchronized (state) {
					if (result.getModifiedCount() == 1) {
						block.until = until;
						block.renewed = true;
					}
					else {
						state.block = null;
						state.mayHaveFree = true;
					}
					state.pending = null;
				}
			})
			.doOnError((ex) -> {
				synchronized (state) {
					state.pending = null;
				}
			})
			.then();
	}

	/** Starts the repair of lapsed claims once the service is ready. */
	@EventListener(ApplicationReadyEvent.class)
	void startRepairs() {
		this.repairs = Flux.interval(Duration.ZERO, REPAIR_EVERY)
			.onBackpressureDrop()
			.concatMap((tick) -> repair().onErrorResume((ex) -> {
				log.warn("the repair of incident numbers failed, tried again in {}: {}", REPAIR_EVERY, ex.toString());
				return Mono.empty();
			}))
			.subscribe();
	}

	/**
	 * Closes every claim lapsed more than {@link #GRACE} ago (a replica killed, a year
	 * ended, a number whose insert never reported), giving the claimed numbers no
	 * incident carries to the free list in the same write.
	 * @return how many numbers were given back
	 */
	Mono<Integer> repair() {
		Instant cutoff = this.clock.instant().minus(GRACE);
		return this.mongo.findAll(Document.class, COLLECTION).concatMap((counter) -> {
			String key = counter.getString("_id");
			List<?> free = counter.getList("free", Object.class);
			if (free != null && !free.isEmpty()) {
				state(key).mayHaveFree = true;
			}
			Document open = counter.get("open", Document.class);
			if (open == null) {
				return Mono.just(0);
			}
			return Flux.fromIterable(open.entrySet())
				.filter((claim) -> claim.getValue() instanceof Document lapsed
						&& lapsed.getDate("until").toInstant().isBefore(cutoff))
				.concatMap((claim) -> repair(key, claim.getKey(), (Document) claim.getValue()))
				.onErrorResume((ex) -> {
					log.warn("the incident numbers of {} could not be repaired: {}", key, ex.toString());
					return Mono.empty();
				});
		}).reduce(0, Integer::sum);
	}

	private Mono<Integer> repair(String key, String name, Document claim) {
		int end = name.indexOf('_');
		long from = Long.parseLong(name.substring(1, (end > 0) ? end : name.length()));
		long to = claim.get("to", Number.class).longValue();
		List<String> refs = new ArrayList<>();
		for (long number = from; number <= to; number++) {
			refs.add(IncidentRef.inSeries(key, number).toString());
		}
		return this.incidents.refsIn(refs).collect(HashSet<String>::new, Set::add).flatMap((used) -> {
			List<Long> unused = new ArrayList<>();
			for (long number = from; number <= to; number++) {
				if (!used.contains(refs.get((int) (number - from)))) {
					unused.add(number);
				}
			}
			// only if nobody renewed or closed the claim since it was read
			Query lapsed = Query
				.query(Criteria.where("_id").is(key).and(Block.OPEN + name + ".until").is(claim.getDate("until")));
			Update update = new Update().unset(Block.OPEN + name);
			if (!unused.isEmpty()) {
				update.addToSet("free").each(unused.toArray());
			}
			return this.mongo.updateFirst(lapsed, update, COLLECTION).map((result) -> {
				if (result.getModifiedCount() == 0 || unused.isEmpty()) {
					return 0;
				}
				state(key).mayHaveFree = true;
				log.warn("{} incident numbers of {} claimed by a replica and never used were given back: {}",
						unused.size(), key, unused);
				return unused.size();
			});
		});
	}

	/**
	 * Gives this replica's numbers never handed out back and closes its settled claims,
	 * in one write made only while its block's claim is as it left it, so that a graceful
	 * stop leaves nothing for the repair unless a write was under way, a number was
	 * unsettled or the claim had lapsed.
	 */
	@Override
	public void destroy() {
		Disposable running = this.repairs;
		if (running != null) {
			running.dispose();
		}
		Flux.fromIterable(this.series.values()).concatMap(this::close).then().block(Duration.ofSeconds(5));
	}

	private Mono<Void> close(Series state) {
		List<Long> unused = new ArrayList<>();
		List<Block> closing;
		Block held;
		synchronized (state) {
			if (state.pending != null) {
				return Mono.empty();
			}
			held = state.block;
			if (held != null) {
				unused.addAll(held.returned);
				for (long number = held.cursor; number <= held.to; number++) {
					unused.add(number);
				}
				held.returned.clear();
				held.cursor = held.to + 1;
				state.retired.add(held);
				state.block = null;
			}
			closing = state.retired.stream().filter((old) -> old.unsettled.isEmpty()).toList();
			state.retired.removeAll(closing);
		}
		// settled claims other than the block's: closed whatever happened meanwhile
		Update others = new Update();
		closing.stream().filter((settled) -> settled != held).forEach((settled) -> others.unset(settled.field()));
		Mono<Void> closeOthers = others.getUpdateObject().isEmpty() ? Mono.empty()
				: this.mongo.updateFirst(Query.query(Criteria.where("_id").is(state.key)), others, COLLECTION).then();
		if (held == null) {
			return closeOthers;
		}
		// the block's unused numbers, only while its claim is as this replica left it: a
		// repair may have given them back already, and they may be in use
		Update own = new Update();
		if (closing.contains(held)) {
			own.unset(held.field());
		}
		if (!unused.isEmpty()) {
			own.addToSet("free").each(unused.toArray());
		}
		Query asLeft = Query
			.query(Criteria.where("_id").is(state.key).and(held.field() + ".until").is(Date.from(held.until)));
		Mono<Void> closeOwn = own.getUpdateObject().isEmpty() ? Mono.empty()
				: this.mongo.updateFirst(asLeft, own, COLLECTION).then();
		return closeOthers.then(closeOwn);
	}

	private Mono<Document> counter(String key) {
		return this.mongo.findById(key, Document.class, COLLECTION);
	}

	private static long next(Document counter) {
		Number next = counter.get("next", Number.class);
		return (next != null) ? next.longValue() : 0L;
	}

	/** What this replica knows of one series. Guarded by its own monitor. */
	private static final class Series {

		final String key;

		/**
		 * The counter's {@code next} as this replica last wrote it; -1 when unknown.
		 */
		volatile long seen = -1;

		/**
		 * Whether the free list may hold numbers: at start (a crash may have left some),
		 * after a number went there, and while a repair sees some; false once a look
		 * found none. Saves a read per incident while the list is empty, which is almost
		 * always.
		 */
		volatile boolean mayHaveFree = true;

		int size;

		/** The block handed out from. */
		@Nullable Block block;

		/** Claims still open that are not handed out from: numbers not yet settled. */
		final List<Block> retired = new ArrayList<>();

		/**
		 * The write under way for this series, shared by every allocation waiting on it.
		 */
		@Nullable Mono<Void> pending;

		Series(String key) {
			this.key = key;
		}

		void settle(long number) {
			if (this.block != null && this.block.unsettled.remove(number)) {
				return;
			}
			for (Block old : this.retired) {
				if (old.unsettled.remove(number)) {
					return;
				}
			}
		}

		/**
		 * Doubles while blocks are used up within their claim, halves when they are not.
		 */
		int nextSize(@Nullable Block used) {
			if (used == null || this.size == 0) {
				return 1;
			}
			return used.renewed ? Math.max(1, this.size / 2) : Math.min(MAX_BLOCK, this.size * 2);
		}

	}

	/** A claimed range of numbers. Guarded by its series' monitor. */
	private static final class Block {

		static final String OPEN = "open.";

		/** The prefix of a reserved block's claim. */
		static final char RESERVED = 'b';

		/** The prefix of the claim on a number taken from the free list. */
		static final char FREE = 'f';

		final char kind;

		final long from;

		final long to;

		Instant until;

		/** The next number never handed out. */
		long cursor;

		/** Numbers handed out and given back, handed out again first. */
		final TreeSet<Long> returned = new TreeSet<>();

		/** Numbers handed out that no incident is known to carry yet. */
		final Set<Long> unsettled = new HashSet<>();

		boolean renewed;

		/**
		 * Makes a free-list claim's name its own: the same number may be taken, given
		 * back and taken again, and each claim is closed by its holder alone.
		 */
		String nonce = "";

		Block(char kind, long from, long to, Instant until) {
			this.kind = kind;
			this.from = from;
			this.to = to;
			this.until = until;
			this.cursor = from;
		}

		String field() {
			return OPEN + this.kind + this.from + this.nonce;
		}

		Document document() {
			return new Document("to", this.to).append("until", Date.from(this.until));
		}

		boolean hasNumbers() {
			return !this.returned.isEmpty() || this.cursor <= this.to;
		}

		long take() {
			Long again = this.returned.pollFirst();
			long number = (again != null) ? again : this.cursor++;
			this.unsettled.add(number);
			return number;
		}

	}

}
