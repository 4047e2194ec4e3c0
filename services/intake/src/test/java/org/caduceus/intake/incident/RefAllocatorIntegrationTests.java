package org.caduceus.intake.incident;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import com.mongodb.reactivestreams.client.MongoClient;
import org.bson.Document;
import org.caduceus.testsupport.MovableClock;
import org.caduceus.testsupport.ServiceTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replicas of the allocator over one real (embedded) store, each test in a database of
 * its own. A replica "killed" is one left without its graceful stop; time passes on a
 * movable clock. After every scenario each number up to the counter is exactly one of: an
 * incident's, or on the free list.
 */
@ServiceTest
class RefAllocatorIntegrationTests {

	private static final String SERIES = "ZZ-2099";

	@Autowired
	MongoClient client;

	ReactiveMongoTemplate mongo;

	IncidentStore store;

	@BeforeEach
	void ownDatabase() {
		this.mongo = new ReactiveMongoTemplate(this.client, "refs_" + UUID.randomUUID().toString().substring(0, 8));
		this.store = new IncidentStore(this.mongo);
		this.store.afterPropertiesSet();
	}

	@Test
	void numbersRunInOrderAndAGivenBackNumberIsUsedFirst() {
		RefAllocator refs = replica(new MovableClock());
		long first = refs.allocate(SERIES).block();
		long second = refs.allocate(SERIES).block();
		assertThat(first).isEqualTo(1);
		assertThat(second).isEqualTo(2);
		refs.release(SERIES, first).block();
		assertThat(refs.allocate(SERIES).block()).isEqualTo(first);
		assertThat(refs.allocate(SERIES).block()).isEqualTo(second + 1);
	}

	@Test
	void aBusyReplicaReservesGrowingBlocksAndAStopGivesTheRestBack() {
		RefAllocator refs = replica(new MovableClock());
		List<Long> numbers = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			numbers.add(file(refs));
		}
		assertThat(numbers).containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
		// blocks of 1, 2, 4 ... 64, then 64 twice: nine reservations, 255 numbers
		assertThat(refs.issued(SERIES).block()).isEqualTo(255);
		assertThat(openClaims()).hasSize(1);
		refs.destroy();
		assertThat(free()).containsExactlyElementsOf(LongStream.rangeClosed(201, 255).boxed().toList());
		assertThat(openClaims()).isEmpty();
		assertAccountedFor();
		// the next replica uses the numbers given back before new ones
		RefAllocator next = replica(new MovableClock());
		assertThat(file(next)).isEqualTo(201);
	}

	@Test
	void twoReplicasFilingAtOnceUseEachNumberOnceAndLeaveNoGap() {
		RefAllocator one = replica(new MovableClock());
		RefAllocator two = replica(new MovableClock());
		List<Long> numbers = Flux.range(0, 400)
			.flatMap((i) -> fileLater((i % 2 == 0) ? one : two), 32)
			.collectList()
			.block(Duration.ofSeconds(60));
		assertThat(new HashSet<>(numbers)).hasSize(400);
		one.destroy();
		two.destroy();
		assertThat(openClaims()).isEmpty();
		assertAccountedFor();
	}

	@Test
	void aKilledReplicasUnusedNumbersComeBackOnceItsClaimHasLapsed() {
		RefAllocator killed = replica(new MovableClock());
		for (int i = 0; i < 4; i++) {
			file(killed);
		}
		// blocks [1], [2, 3], [4 .. 7]: 5, 6 and 7 are held when it dies
		MovableClock later = new MovableClock();
		RefAllocator survivor = replica(later);
		assertThat(survivor.repair().block()).as("a claim that has not lapsed is left alone").isZero();
		assertThat(file(survivor)).isEqualTo(8);

		later.ahead.set(RefAllocator.LEASE.plus(RefAllocator.GRACE).plusSeconds(1));
		assertThat(survivor.repair().block()).isEqualTo(3);
		assertThat(free()).containsExactly(5L, 6L, 7L);
		assertThat(List.of(file(survivor), file(survivor), file(survivor))).containsExactly(5L, 6L, 7L);
		survivor.destroy();
		assertAccountedFor();
	}

	@Test
	void aRepairGivesBackOnlyWhatNoIncidentCarries() {
		RefAllocator killed = replica(new MovableClock());
		assertThat(List.of(file(killed), file(killed))).containsExactly(1L, 2L);
		// 3 is handed out, then the kill comes before its incident is stored; 4 is
		// stored, and the kill comes before the replica hears of it; 5 to 7 are never
		// handed out. The used-up block [2, 3] keeps its claim while 3 is unsettled.
		assertThat(killed.allocate(SERIES).block()).isEqualTo(3);
		long stored = killed.allocate(SERIES).block();
		insertIncident(stored);
		assertThat(stored).isEqualTo(4);
		assertThat(openClaims()).containsExactlyInAnyOrder("b2", "b4");
		MovableClock later = new MovableClock();
		later.ahead.set(RefAllocator.LEASE.plus(RefAllocator.GRACE).plusSeconds(1));
		assertThat(replica(later).repair().block()).isEqualTo(4);
		assertThat(free()).containsExactlyInAnyOrder(3L, 5L, 6L, 7L);
		assertThat(openClaims()).isEmpty();
		assertAccountedFor();
	}

	@Test
	void aNumberGivenBackAfterItsBlockWasUsedUpGoesToTheFreeList() {
		RefAllocator refs = replica(new MovableClock());
		file(refs);
		long failed = refs.allocate(SERIES).block();
		// [2, 3]: 3 filed, so the block is used up and the next filing reserves [4 .. 7]
		file(refs);
		file(refs);
		refs.release(SERIES, failed).block();
		assertThat(failed).isEqualTo(2);
		assertThat(free()).containsExactly(2L);
		assertThat(file(refs)).isEqualTo(2);
		refs.destroy();
		assertThat(openClaims()).isEmpty();
		assertAccountedFor();
	}

	@Test
	void aLapsedClaimWithNumbersLeftIsRenewedSoNumbersStayInOrder() {
		MovableClock clock = new MovableClock();
		RefAllocator refs = replica(clock);
		assertThat(List.of(file(refs), file(refs))).containsExactly(1L, 2L);
		clock.ahead.set(RefAllocator.LEASE.plusSeconds(1));
		assertThat(file(refs)).isEqualTo(3);
		assertThat(refs.issued(SERIES).block()).isEqualTo(3);
		// a repair after the renewed claim's own lapse would find nothing to give back
		clock.ahead.set(RefAllocator.LEASE.plus(RefAllocator.GRACE).plusSeconds(2));
		assertThat(replica(clock).repair().block()).isZero();
		assertAccountedFor();
	}

	@Test
	void aReplicaPausedPastItsClaimLetsGoOfABlockARepairTookBack() {
		MovableClock clock = new MovableClock();
		RefAllocator paused = replica(clock);
		assertThat(List.of(file(paused), file(paused), file(paused))).containsExactly(1L, 2L, 3L);
		// [4 .. 7] reserved, 4 used; the replica then stalls past its claim and the grace
		assertThat(file(paused)).isEqualTo(4);
		clock.ahead.set(RefAllocator.LEASE.plus(RefAllocator.GRACE).plusSeconds(1));
		assertThat(replica(clock).repair().block()).isEqualTo(3);
		// it may not hand out 5 from memory: the repair gave it to the free list
		Set<Long> after = new TreeSet<>();
		for (int i = 0; i < 4; i++) {
			after.add(file(paused));
		}
		assertThat(after).containsExactly(5L, 6L, 7L, 8L);
		paused.destroy();
		assertAccountedFor();
	}

	@Test
	void aNumberTakenFromTheFreeListIsClaimedUntilAnIncidentCarriesIt() {
		RefAllocator first = replica(new MovableClock());
		file(first);
		file(first);
		first.destroy();
		assertThat(free()).containsExactly(3L);
		// taken from the free list by a replica killed before its incident was stored
		MovableClock clock = new MovableClock();
		RefAllocator killed = replica(clock);
		assertThat(killed.allocate(SERIES).block()).isEqualTo(3);
		assertThat(free()).isEmpty();
		assertThat(openClaims()).singleElement().asString().startsWith("f3_");
		clock.ahead.set(RefAllocator.LEASE.plus(RefAllocator.GRACE).plusSeconds(1));
		assertThat(replica(clock).repair().block()).isEqualTo(1);
		assertThat(free()).containsExactly(3L);
		assertThat(openClaims()).isEmpty();
		// taken and stored: the claim closes with the next reservation
		RefAllocator next = replica(new MovableClock());
		assertThat(file(next)).isEqualTo(3);
		assertThat(file(next)).isEqualTo(4);
		assertThat(openClaims()).containsExactly("b4");
		assertAccountedFor();
	}

	@Test
	void eachTakeOfAFreeNumberHasAClaimOfItsOwn() {
		RefAllocator first = replica(new MovableClock());
		file(first);
		file(first);
		first.destroy();
		// one replica takes 3 and gives it back, another takes it; the first then closes
		// its own settled claim, and must leave the second's
		RefAllocator giver = replica(new MovableClock());
		assertThat(giver.allocate(SERIES).block()).isEqualTo(3);
		giver.release(SERIES, 3).block();
		MovableClock clock = new MovableClock();
		RefAllocator killed = replica(clock);
		assertThat(killed.allocate(SERIES).block()).isEqualTo(3);
		assertThat(file(giver)).isEqualTo(4);
		assertThat(openClaims()).anySatisfy((claim) -> assertThat(claim).startsWith("f3_"));
		clock.ahead.set(RefAllocator.LEASE.plus(RefAllocator.GRACE).plusSeconds(1));
		assertThat(replica(clock).repair().block()).isEqualTo(1);
		assertThat(free()).containsExactly(3L);
		assertAccountedFor();
	}

	@Test
	void aStopAfterARepairGaveTheBlockBackGivesNothingBackAgain() {
		MovableClock clock = new MovableClock();
		RefAllocator quiet = replica(clock);
		assertThat(List.of(file(quiet), file(quiet))).containsExactly(1L, 2L);
		// it holds 3, unused, and goes quiet past its claim; a repair gives 3 back and
		// another replica files it
		MovableClock later = new MovableClock();
		later.ahead.set(RefAllocator.LEASE.plus(RefAllocator.GRACE).plusSeconds(1));
		RefAllocator other = replica(later);
		assertThat(other.repair().block()).isEqualTo(1);
		assertThat(file(other)).isEqualTo(3);
		quiet.destroy();
		assertThat(free()).isEmpty();
		assertAccountedFor();
	}

	@Test
	void aDuplicateIdIsNotTakenForATakenNumber() {
		insertIncident(1);
		Throwable sameRef = org.assertj.core.api.Assertions.catchThrowable(() -> insertIncident(1));
		Throwable sameId = org.assertj.core.api.Assertions.catchThrowable(() -> this.mongo
			.insert(new Document("_id", "same").append("ref", "ZZ-2099-000002"), IncidentStore.COLLECTION)
			.then(this.mongo.insert(new Document("_id", "same").append("ref", "ZZ-2099-000003"),
					IncidentStore.COLLECTION))
			.block());
		assertThat(sameRef).isInstanceOf(org.springframework.dao.DuplicateKeyException.class);
		assertThat(sameId).isInstanceOf(org.springframework.dao.DuplicateKeyException.class);
		assertThat(IncidentService.numberTaken(sameRef)).as("a number another incident carries").isTrue();
		assertThat(IncidentService.numberTaken(sameId)).as("an incident filed already").isFalse();
	}

	private RefAllocator replica(MovableClock clock) {
		return new RefAllocator(this.mongo, this.store, clock);
	}

	/** Allocates a number and files an incident under it. */
	private long file(RefAllocator refs) {
		return fileLater(refs).block();
	}

	private Mono<Long> fileLater(RefAllocator refs) {
		return refs.allocate(SERIES)
			.flatMap((number) -> insert(number).doOnNext((stored) -> refs.settled(SERIES, number)).thenReturn(number));
	}

	private void insertIncident(long number) {
		insert(number).block();
	}

	private Mono<Document> insert(long number) {
		return this.mongo.insert(new Document("_id", UUID.randomUUID().toString()).append("ref",
				IncidentRef.inSeries(SERIES, number).toString()), IncidentStore.COLLECTION);
	}

	private Document counter() {
		return this.mongo.findById(SERIES, Document.class, RefAllocator.COLLECTION).block();
	}

	private List<Long> free() {
		return counter().getList("free", Number.class).stream().map(Number::longValue).toList();
	}

	private Set<String> openClaims() {
		Document open = counter().get("open", Document.class);
		return (open != null) ? open.keySet() : Set.of();
	}

	/**
	 * Each number up to the counter is an incident's or free, never both, never neither.
	 */
	private void assertAccountedFor() {
		long next = counter().get("next", Number.class).longValue();
		List<Long> used = this.mongo.findAll(Document.class, IncidentStore.COLLECTION)
			.map((incident) -> IncidentRef.of(incident.getString("ref")).number())
			.collectList()
			.block();
		List<Long> free = free();
		assertThat(used).doesNotHaveDuplicates();
		assertThat(free).doesNotHaveDuplicates().doesNotContainAnyElementsOf(used);
		Set<Long> all = new TreeSet<>(used);
		all.addAll(free);
		assertThat(all).containsExactlyElementsOf(
				LongStream.rangeClosed(1, next).boxed().collect(Collectors.toCollection(TreeSet::new)));
	}

}
