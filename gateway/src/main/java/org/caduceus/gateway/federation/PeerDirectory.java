package org.caduceus.gateway.federation;

import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The peers this node trusts, in the {@code peers} collection, with an in-memory copy
 * that signature verification reads without a round trip. The copy follows local changes
 * at once and other gateway replicas' changes within {@link #REFRESH}.
 */
@Component
public class PeerDirectory extends StoreMirror {

	private final ReactiveMongoTemplate mongo;

	private final Map<String, Known> known = new ConcurrentHashMap<>();

	PeerDirectory(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	record Known(Peer peer, PublicKey key) {
	}

	@Override
	protected Mono<Void> reload() {
		return this.mongo.findAll(Peer.class).collectList().doOnNext((peers) -> {
			Map<String, Known> fresh = new ConcurrentHashMap<>();
			for (Peer peer : peers) {
				fresh.put(peer.nodeId(), new Known(peer, peer.key()));
			}
			this.known.keySet().retainAll(fresh.keySet());
			this.known.putAll(fresh);
		}).then();
	}

	/**
	 * @return the ids of the peers this node trusts, from memory
	 */
	public java.util.Set<String> nodeIds() {
		return java.util.Set.copyOf(this.known.keySet());
	}

	/**
	 * @return the key of peer {@code nodeId}, from memory
	 */
	public Optional<PublicKey> key(String nodeId) {
		return Optional.ofNullable(this.known.get(nodeId)).map(Known::key);
	}

	/**
	 * @return peer {@code nodeId}, read from the store
	 */
	public Mono<Peer> find(String nodeId) {
		return this.mongo.findById(nodeId, Peer.class);
	}

	public Flux<Peer> all() {
		return this.mongo.find(new Query().with(Sort.by("_id")), Peer.class);
	}

	/**
	 * Adds a peer; fails with {@code DuplicateKeyException} when its id is taken.
	 */
	public Mono<Peer> add(Peer peer) {
		return this.mongo.insert(peer)
			.doOnNext((added) -> this.known.put(added.nodeId(), new Known(added, added.key())));
	}

	/**
	 * Replaces a known peer.
	 * @return the peer as stored, empty when there was none with its id
	 */
	public Mono<Peer> replace(Peer peer) {
		return this.mongo.exists(Query.query(Criteria.where("_id").is(peer.nodeId())), Peer.class)
			.filter(Boolean::booleanValue)
			.flatMap((known) -> this.mongo.save(peer))
			.doOnNext((saved) -> this.known.put(saved.nodeId(), new Known(saved, saved.key())));
	}

	/**
	 * @return true when a peer was removed
	 */
	public Mono<Boolean> remove(String nodeId) {
		return this.mongo.remove(Query.query(Criteria.where("_id").is(nodeId)), Peer.class)
			.map((result) -> result.getDeletedCount() > 0)
			.doOnNext((removed) -> this.known.remove(nodeId));
	}

	List<String> knownIds() {
		return List.copyOf(this.known.keySet());
	}

}
