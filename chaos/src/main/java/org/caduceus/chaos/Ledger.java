package org.caduceus.chaos;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.caduceus.chaos.Api.Kind;
import org.caduceus.chaos.Api.Outcome;

/**
 * What the clients were told: every write acknowledged with a success answer (what the
 * audit then looks for), and every answer counted by its kind.
 */
final class Ledger {

	/** An incident filed: 201. */
	record Filed(String node, String id, String ref, String title, String tlp) {
	}

	/** A journal note added: 201. */
	record Noted(String node, String incidentId, String text) {
	}

	/** An escalation queued for a partner: 201. */
	record Escalated(String from, String to, String escalationId, String incidentRef, String title) {
	}

	/** An inbound escalation accepted by the receiving coordinator: 200. */
	record Decided(String node, String inboundId, String partnerRef) {
	}

	/** A note shared on an escalation by its sender: 201. */
	record SharedNote(String from, String escalationId, String incidentRef, String text) {
	}

	/** An incident's STIX objects posted to a TAXII collection: 202. */
	record Published(String node, String incidentId, String stixId) {
	}

	/**
	 * The team card sent, signed and encrypted, to a partner node: SENT.
	 *
	 * @param sentAt when the request left, to the millisecond (the partner records when
	 * the card arrived; the nodes share this machine's clock)
	 */
	record CardSent(String from, String to, java.time.Instant sentAt) {
	}

	final List<Filed> filed = new ArrayList<>();

	final List<Noted> noted = new ArrayList<>();

	final List<Escalated> escalated = new ArrayList<>();

	final List<Decided> decided = new ArrayList<>();

	final List<SharedNote> sharedNotes = new ArrayList<>();

	final List<Published> published = new ArrayList<>();

	final List<CardSent> cardsSent = new ArrayList<>();

	/**
	 * Incidents a worker has taken for an escalation or a publication, once each, and
	 * never given back: a request that got no success answer may still have been carried
	 * out, and trying it again would make a second escalation the audit could not tell
	 * from a duplicate.
	 */
	private final Set<String> taken = ConcurrentHashMap.newKeySet();

	private final Map<Kind, AtomicLong> answers = new EnumMap<>(Kind.class);

	/** Status codes of the answers that mean "not now", by code. */
	private final Map<Integer, AtomicLong> unavailable = new ConcurrentHashMap<>();

	/** The first few answers that must never happen (hangs, broken), to name them. */
	private final List<String> wrong = new ArrayList<>();

	Ledger() {
		for (Kind kind : Kind.values()) {
			this.answers.put(kind, new AtomicLong());
		}
	}

	/** Counts an answer; returns it. */
	Outcome count(String what, Outcome outcome) {
		this.answers.get(outcome.kind()).incrementAndGet();
		if (outcome.kind() == Kind.UNAVAILABLE) {
			this.unavailable.computeIfAbsent(outcome.status(), (status) -> new AtomicLong()).incrementAndGet();
		}
		if (outcome.kind() == Kind.HANG || outcome.kind() == Kind.BROKEN) {
			synchronized (this.wrong) {
				if (this.wrong.size() < 20) {
					String raw = outcome.raw();
					this.wrong.add(what + ": " + outcome.kind() + " " + outcome.status() + " "
							+ raw.substring(0, Math.min(raw.length(), 300)));
				}
			}
		}
		return outcome;
	}

	long answers(Kind kind) {
		return this.answers.get(kind).get();
	}

	Map<Integer, Long> unavailableByStatus() {
		Map<Integer, Long> counts = new TreeMap<>();
		this.unavailable.forEach((status, count) -> counts.put(status, count.get()));
		return counts;
	}

	List<String> wrongAnswers() {
		synchronized (this.wrong) {
			return List.copyOf(this.wrong);
		}
	}

	<T> void add(List<T> list, T entry) {
		synchronized (list) {
			list.add(entry);
		}
	}

	<T> List<T> all(List<T> list) {
		synchronized (list) {
			return List.copyOf(list);
		}
	}

	/** A random entry of {@code list} that {@code which} accepts, if there is one. */
	<T> Optional<T> any(List<T> list, Random random, Predicate<T> which) {
		List<T> candidates;
		synchronized (list) {
			candidates = list.stream().filter(which).toList();
		}
		return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(random.nextInt(candidates.size())));
	}

	/** Takes {@code key} for one purpose, once: false when another worker had it. */
	boolean take(String key) {
		return this.taken.add(key);
	}

	long acknowledged() {
		return all(this.filed).size() + all(this.noted).size() + all(this.escalated).size() + all(this.decided).size()
				+ all(this.sharedNotes).size() + all(this.published).size() + all(this.cardsSent).size();
	}

}
