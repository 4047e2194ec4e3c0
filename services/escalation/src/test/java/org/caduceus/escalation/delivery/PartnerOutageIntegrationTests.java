package org.caduceus.escalation.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.caduceus.escalation.EscalationIntegrationTest;
import org.caduceus.escalation.Neighbours;
import org.caduceus.escalation.PartnerNode;
import org.caduceus.escalation.settings.EscalationSettings;
import org.caduceus.testsupport.TestIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, item 2: a partner away for days, on a clock the test moves. This node (A)
 * runs with the default delivery settings (2 s doubling to 10 min, half of it random, for
 * 72 h); its worker takes the time only from the {@link Clock} bean, which here is
 * {@link TestClock}, and its rounds are driven by the test ({@link DeliveryWorker#drain})
 * rather than by a wall-clock poll. The partner (B) is a second escalation service in
 * this JVM ({@link PartnerNode}), reached through the relay its gateway would make.
 * {@link DeliveryIntegrationTests} proves the same outbox on wall time with short
 * settings (delivered once after a short outage, FAILED with an enqueue time moved 73 h
 * back, racing replicas); this class adds the days between.
 */
@TestPropertySource(properties = { "spring.mongodb.database=escalation-outage",
		"caduceus.escalation.delivery.poll-interval=1h", "caduceus.escalation.delivery.repair-interval=1h",
		"caduceus.escalation.delivery.lease=30s", "caduceus.escalation.delivery.backoff-base=2s",
		"caduceus.escalation.delivery.backoff-max=10m", "caduceus.escalation.delivery.give-up-after=72h" })
class PartnerOutageIntegrationTests extends EscalationIntegrationTest {

	private static final Duration BASE = Duration.ofSeconds(2);

	private static final Duration MAX = Duration.ofMinutes(10);

	private static PartnerNode partnerNode;

	/** The key B signs with now, and the key A's gateway holds pinned for B. */
	private static final AtomicReference<String> partnerSigns = new AtomicReference<>("b-key-1");

	private static final AtomicReference<String> pinnedForPartner = new AtomicReference<>("b-key-1");

	private static volatile boolean partnerOnline;

	@Autowired
	TestClock clock;

	@Autowired
	EscalationSettings settings;

	@BeforeAll
	static void startThePartnerNode() {
		partnerNode = PartnerNode.start(PARTNER, neighbours);
	}

	@AfterAll
	static void stopThePartnerNode() {
		partnerNode.close();
	}

	@BeforeEach
	void connectTheTwoNodesWithThePartnerOffline() {
		partnerNode.forget();
		neighbours.peer(TestIdentity.NODE, "amber");
		partnerOnline = false;
		partnerSigns.set("b-key-1");
		pinnedForPartner.set("b-key-1");
		// a month on from wherever the previous test left the clock
		this.clock.set(Instant.now().plus(Duration.ofDays(30L * (1 + this.clock.tests++))));
		neighbours.partner = this::throughTheGateways;
	}

	/** What A's gateway relays to B, and B's gateway to A. */
	private Neighbours.Reply throughTheGateways(Neighbours.Sent sent) {
		if (sent.peer().equals(PARTNER)) {
			// A's signature, checked at B's gateway against the key B pins for A,
			// which did not change
			return partnerOnline ? partnerNode.receive(sent, TestIdentity.NODE) : Neighbours.offline(sent);
		}
		// B's signature, checked at A's gateway against the key pinned for B; the
		// gateway's answer when it does not verify (FederationIntegrationTests
		// .refusesASignatureMadeWithAnotherKeyUnderThePeersId)
		return partnerSigns.get().equals(pinnedForPartner.get()) ? PartnerNode.relay(this.web, sent, peer(PARTNER))
				: new Neighbours.Reply(401,
						"{\"type\":\"urn:caduceus:problem:bad-signature\",\"title\":\"Signature refused\","
								+ "\"status\":401,\"detail\":\"the signature does not verify\"}");
	}

	@Test
	void escalationsQueuedDuringAnOutageBackOffToTheCapAndAreDeliveredOnceWhenThePartnerReturnsAt71Hours()
			throws IOException {
		Instant start = this.clock.instant();
		List<String> ids = queued(3);
		// the first attempt at once, then each time the latest of them is due: attempt n
		// waits between half of and the whole of min(2 s * 2^(n-1), 10 min)
		Map<String, JsonNode> views = new HashMap<>();
		for (int attempt = 1; attempt <= 12; attempt++) {
			if (attempt > 1) {
				this.clock.set(views.values()
					.stream()
					.map(PartnerOutageIntegrationTests::nextAttemptAt)
					.max(Instant::compareTo)
					.orElseThrow());
				drained();
			}
			settled(ids, views, attempt);
			Duration ceiling = ceiling(attempt);
			for (String id : ids) {
				Duration wait = Duration.between(this.clock.instant(), nextAttemptAt(views.get(id)));
				assertThat(wait).as("attempt %d of %s", attempt, id)
					.isBetween(ceiling.dividedBy(2), ceiling)
					.isLessThanOrEqualTo(MAX);
			}
		}
		assertThat(ceiling(12)).isEqualTo(MAX);
		// then days in steps of 6 h: each step finds each escalation due once more
		int attempts = 12;
		for (int hours = 6; hours <= 66; hours += 6) {
			this.clock.set(start.plus(Duration.ofHours(hours)));
			drained();
			settled(ids, views, ++attempts);
			for (JsonNode waiting : views.values()) {
				assertThat(waiting.get("status").asString()).isEqualTo("QUEUED");
				assertThat(waiting.get("delivery").get("pending").asInt()).isEqualTo(1);
				assertThat(waiting.get("delivery").get("lastError").asString()).startsWith("HTTP 502")
					.contains("peer-unreachable");
				assertThat(Duration.between(this.clock.instant(), nextAttemptAt(waiting))).isBetween(MAX.dividedBy(2),
						MAX);
			}
		}
		assertThat(neighbours.filed).isEmpty();
		long triedWhileAway = neighbours.sent.size();
		assertThat(triedWhileAway).isEqualTo(3L * (12 + 11));

		// B is back at 71 h: each escalation is delivered once and shows B's status
		partnerOnline = true;
		this.clock.set(start.plus(Duration.ofHours(71)));
		drained();
		eventually(() -> ids.stream().allMatch((id) -> "ACKNOWLEDGED".equals(view(id).get("status").asString())));
		for (String id : ids) {
			JsonNode delivered = view(id);
			assertThat(delivered.get("delivery").get("pending").asInt()).isZero();
			assertThat(delivered.get("delivery").get("attempts").asInt()).isZero();
			assertThat(delivered.get("delivery").get("lastError").isNull()).isTrue();
			assertThat(partnerNode.view(TestIdentity.NODE + ":" + id).get("status").asString())
				.isEqualTo("ACKNOWLEDGED");
			assertThat(linkedAtPartner(id)).as("linked incidents of %s at B", id).isEqualTo(1);
			assertThat(delivered.get("partnerRef").asString()).isEqualTo(linkedRefAtPartner(id));
		}
		long deliveries = neighbours.sent.size() - triedWhileAway;
		assertThat(deliveries).isEqualTo(3);
		// the clock moves on for days; nothing is sent again
		for (int days = 4; days <= 10; days += 3) {
			this.clock.set(start.plus(Duration.ofDays(days)));
			drained();
			drained();
		}
		assertThat(neighbours.sent).hasSize((int) (triedWhileAway + 3));
		// a delivery sent again (a worker that died before settling) gets the same
		// receipt and files nothing more
		Neighbours.Sent again = neighbours.sent.get(neighbours.sent.size() - 1);
		String escalationId = Neighbours.JSON.readTree(again.body()).get("escalationId").asString();
		Neighbours.Reply receipt = partnerNode.receive(again, TestIdentity.NODE);
		assertThat(receipt.status()).isEqualTo(201);
		assertThat(Neighbours.JSON.readTree(receipt.body()).get("linkedRef").asString())
			.isEqualTo(view(escalationId).get("partnerRef").asString());
		assertThat(linkedAtPartner(escalationId)).isEqualTo(1);
		record(triedWhileAway);
	}

	@Test
	void escalationsStillUndeliveredAfter72HoursFailWithTheLastErrorAndAreNeverSentLaterButCanBeEscalatedAgain() {
		Instant start = this.clock.instant();
		IncidentJson incident = new IncidentJson("green").atIntake();
		String id = escalated(incident);
		drained();
		eventually(() -> attempts(id) == 1);
		this.clock.set(start.plus(Duration.ofHours(71)).plus(Duration.ofMinutes(55)));
		drained();
		eventually(() -> attempts(id) == 2);
		assertThat(view(id).get("status").asString()).isEqualTo("QUEUED");
		// the first attempt at or after 72 h that fails is the last
		this.clock.set(start.plus(Duration.ofHours(72)).plus(Duration.ofMinutes(5)));
		drained();
		eventually(() -> "FAILED".equals(view(id).get("status").asString()));
		JsonNode failed = view(id);
		assertThat(failed.get("statusReason").asString()).startsWith("not delivered within 72 h; last: HTTP 502")
			.contains("peer-unreachable");
		assertThat(failed.get("delivery").get("pending").asInt()).isZero();
		assertThat(failed.get("delivery").get("nextAttemptAt").isNull()).isTrue();
		JsonNode lastEvent = failed.get("timeline").get(failed.get("timeline").size() - 1);
		assertThat(lastEvent.get("what").asString()).isEqualTo("FAILED");
		assertThat(lastEvent.get("detail").asString()).isEqualTo(failed.get("statusReason").asString());
		long sent = neighbours.sentFor(id, "escalations");
		assertThat(sent).isEqualTo(3);

		// B is back; days pass, and an operator's retry finds nothing waiting
		partnerOnline = true;
		this.web.post()
			.uri("/api/v1/escalations/retry")
			.header("Authorization", coordinator())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("peer", PARTNER))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.due")
			.isEqualTo(0);
		for (int days = 4; days <= 10; days += 3) {
			this.clock.set(start.plus(Duration.ofDays(days)));
			drained();
		}
		assertThat(neighbours.sentFor(id, "escalations")).isEqualTo(sent);
		assertThat(neighbours.filed).isEmpty();
		assertThat(view(id).get("status").asString()).isEqualTo("FAILED");

		// what a coordinator can do: escalate the incident again, a new escalation
		String again = escalated(incident);
		assertThat(again).isNotEqualTo(id);
		drained();
		eventually(() -> "ACKNOWLEDGED".equals(view(again).get("status").asString()));
		assertThat(linkedAtPartner(again)).isEqualTo(1);
		assertThat(linkedAtPartner(id)).isZero();
		assertThat(view(id).get("status").asString()).isEqualTo("FAILED");
	}

	@Test
	void aPartnerBackWithARotatedKeyGetsWhatWaitedForItButIsHeardOnlyOnceAnAdminPinsItsNewKey() {
		Instant start = this.clock.instant();
		String id = escalated(new IncidentJson("green").atIntake());
		drained();
		eventually(() -> attempts(id) == 1);
		// B's admin rotated B's key while it was away; A's admin has not heard yet
		partnerSigns.set("b-key-2");
		partnerOnline = true;
		this.clock.set(start.plus(Duration.ofHours(30)));
		drained();
		// what A sends is signed with A's key, which B still pins, and B's receipt comes
		// back on that connection unsigned: delivered once, rotation or not
		eventually(() -> "ACKNOWLEDGED".equals(view(id).get("status").asString()));
		assertThat(linkedAtPartner(id)).isEqualTo(1);
		String atPartner = TestIdentity.NODE + ":" + id;

		// B's decision is signed with its new key: A's gateway refuses it, B keeps it
		// and tries again
		partnerNode.web.post()
			.uri("/api/v1/escalations/" + atPartner + "/decision")
			.header("Authorization", partnerNode.coordinator())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("decision", "accept"))
			.exchange()
			.expectStatus()
			.isOk();
		String statusPath = "escalations/" + id + "/status";
		eventually(() -> partnerNode.view(atPartner).get("delivery").get("attempts").asInt() >= 2);
		JsonNode waiting = partnerNode.view(atPartner);
		assertThat(waiting.get("status").asString()).isEqualTo("ACCEPTED");
		assertThat(waiting.get("delivery").get("pending").asInt()).isEqualTo(1);
		assertThat(waiting.get("delivery").get("lastError").asString()).startsWith("HTTP 401")
			.contains("urn:caduceus:problem:bad-signature");
		assertThat(view(id).get("status").asString()).isEqualTo("ACKNOWLEDGED");

		// A's admin pins B's new key (PUT /api/v1/admin/peers/{id}): B's next attempt is
		// heard, once
		pinnedForPartner.set("b-key-2");
		eventually(() -> "ACCEPTED".equals(view(id).get("status").asString()));
		eventually(() -> partnerNode.view(atPartner).get("delivery").get("pending").asInt() == 0);
		assertThat(view(id).get("timeline")
			.valueStream()
			.filter((event) -> event.get("what").asString().equals("ACCEPTED"))).hasSize(1);
		long refused = neighbours.sent.stream()
			.filter((sent) -> sent.peer().equals(TestIdentity.NODE) && sent.path().equals(statusPath))
			.count();
		assertThat(refused).isGreaterThanOrEqualTo(3);
	}

	/** The figures for the README: attempts over 72 h with the default settings. */
	@Test
	void attemptsOverTheWholeWindowWithTheDefaultSettings() throws IOException {
		assertThat(this.settings.delivery().backoffBase()).isEqualTo(BASE);
		assertThat(this.settings.delivery().backoffMax()).isEqualTo(MAX);
		assertThat(this.settings.delivery().giveUpAfter()).isEqualTo(Duration.ofHours(72));
		int runs = 2_000;
		int[] attempts = new int[runs];
		for (int run = 0; run < runs; run++) {
			Duration elapsed = Duration.ZERO;
			int made = 0;
			// the attempt at 0 s, and one each time the backoff ends, until one at or
			// after 72 h: that one is the last
			while (true) {
				made++;
				if (elapsed.compareTo(Duration.ofHours(72)) >= 0) {
					break;
				}
				elapsed = elapsed.plus(this.worker.backoff(made));
			}
			attempts[run] = made;
		}
		Arrays.sort(attempts);
		int fewest = (int) Math.ceil((72 * 3600 - 1022.0) / 600) + 10;
		int most = (int) Math.ceil((72 * 3600 - 511.0) / 300) + 10;
		assertThat(attempts[0]).isGreaterThanOrEqualTo(fewest - 1);
		assertThat(attempts[runs - 1]).isLessThanOrEqualTo(most + 1);
		Path figures = Path.of("target", "partner-outage-attempts.txt");
		Files.createDirectories(figures.getParent());
		Files.writeString(figures,
				"attempts over 72 h (2 s doubling to 10 min, equal jitter), " + runs + " runs: min " + attempts[0]
						+ ", median " + attempts[runs / 2] + ", max " + attempts[runs - 1] + "\n",
				java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
	}

	@Test
	void aMessageThisNodesOwnGatewayDidNotAnswerIsTriedAgainInSecondsAndCountsNoAttemptAgainstThePartner() {
		// the partner fails twice, so the backoff has grown
		List<String> ids = queued(1);
		String id = ids.get(0);
		Map<String, JsonNode> views = new HashMap<>();
		settled(ids, views, 1);
		for (int attempt = 2; attempt <= 6; attempt++) {
			this.clock.set(nextAttemptAt(views.get(id)));
			drained();
			settled(ids, views, attempt);
		}
		// then this node's own gateway goes away while it holds the message (killed):
		// tried again in 5 s, whatever the backoff had reached, and the count stays
		neighbours.partner = Neighbours::gatewayGone;
		this.clock.set(nextAttemptAt(view(id)));
		Instant failedAt = this.clock.instant();
		drained();
		eventually(() -> view(id).get("delivery").get("lastError").asString("").contains("gateway unreachable"));
		JsonNode held = view(id);
		assertThat(held.get("delivery").get("attempts").asInt()).isEqualTo(6);
		assertThat(Duration.between(failedAt, nextAttemptAt(held))).isEqualTo(DeliveryWorker.LOCAL_RETRY);
		assertThat(held.get("status").asString()).isEqualTo("QUEUED");
		// the gateway is back (and the partner with it): delivered at that time, once
		neighbours.partner = this::throughTheGateways;
		partnerOnline = true;
		this.clock.set(nextAttemptAt(held));
		drained();
		eventually(() -> "ACKNOWLEDGED".equals(view(id).get("status").asString()));
		assertThat(linkedAtPartner(id)).isEqualTo(1);
	}

	/**
	 * The largest wait after attempt {@code n}: 2 s doubled n - 1 times, at most 10 min.
	 */
	private static Duration ceiling(int attempt) {
		Duration ceiling = BASE.multipliedBy(1L << (attempt - 1));
		return (ceiling.compareTo(MAX) > 0) ? MAX : ceiling;
	}

	private List<String> queued(int count) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(escalated(new IncidentJson("green").atIntake()));
		}
		// a signal lost while the worker was busy is picked up by a round of the test's
		drained();
		return ids;
	}

	/** One pass of the worker at the clock's time, as its poll would make. */
	private void drained() {
		this.worker.drain().block(Duration.ofSeconds(10));
	}

	private int attempts(String id) {
		return view(id).get("delivery").get("attempts").asInt();
	}

	private static Instant nextAttemptAt(JsonNode view) {
		return Instant.parse(view.get("delivery").get("nextAttemptAt").asString());
	}

	/** Waits until each of {@code ids} shows {@code attempts} failed attempts. */
	private void settled(List<String> ids, Map<String, JsonNode> views, int attempts) {
		eventually(() -> {
			ids.forEach((id) -> views.put(id, view(id)));
			return views.values().stream().allMatch((view) -> view.get("delivery").get("attempts").asInt() == attempts);
		});
	}

	/** Linked incidents B's intake holds for escalation {@code id}. */
	private static long linkedAtPartner(String id) {
		return neighbours.incidents.values()
			.stream()
			.filter((incident) -> id.equals(incident.origin().escalationId()))
			.count();
	}

	private static String linkedRefAtPartner(String id) {
		return neighbours.incidents.values()
			.stream()
			.filter((incident) -> id.equals(incident.origin().escalationId()))
			.map((incident) -> incident.ref())
			.findFirst()
			.orElseThrow();
	}

	private void record(long triedWhileAway) throws IOException {
		Path figures = Path.of("target", "partner-outage-attempts.txt");
		Files.createDirectories(figures.getParent());
		Files.writeString(figures,
				"3 escalations, partner away 71 h (clock stepped to each due time 12 times, then every 6 h): "
						+ triedWhileAway + " attempts refused, then 3 deliveries, 0 later\n",
				java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
	}

	/** The time this node's services read, moved by the test only. */
	static final class TestClock extends Clock {

		private volatile Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

		/** Tests that have run on it, so that each starts later than the last. */
		int tests;

		void set(Instant instant) {
			this.now = instant.truncatedTo(ChronoUnit.MILLIS);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

	@TestConfiguration
	static class Clocks {

		@Bean
		@Primary
		TestClock testClock() {
			return new TestClock();
		}

	}

}
