package org.caduceus.gateway.federation;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.caduceus.federation.NodeKey;
import org.caduceus.taxonomy.Tlp;
import org.caduceus.web.requestid.RequestIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/admin/peers}: the partner nodes this node trusts (admin only, enforced
 * by the gateway's security rules for {@code /api/v1/admin/**}).
 */
@RestController
@RequestMapping("/api/v1/admin/peers")
class PeerController {

	private static final Logger log = LoggerFactory.getLogger(PeerController.class);

	private final PeerDirectory peers;

	private final String nodeId;

	PeerController(PeerDirectory peers, @Value("${caduceus.node.id}") String nodeId) {
		this.peers = peers;
		this.nodeId = nodeId;
	}

	/** A peer as an admin describes it. */
	record PeerRequest(
			@NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}",
					message = "must be lower-case letters, digits and '-', e.g. de-bsi") String nodeId,
			@NotBlank @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code") String country,
			@NotBlank @Size(max = 500) String baseUrl, @NotBlank @Size(max = 2_000) String publicKey,
			@NotBlank @Size(max = 16) String tlpCeiling) {
	}

	/** A peer as the API shows it. */
	record PeerView(String nodeId, String country, String baseUrl, String publicKey, String tlpCeiling, Instant addedAt,
			String addedBy) {

		static PeerView of(Peer peer) {
			return new PeerView(peer.nodeId(), peer.country(), peer.baseUrl(), peer.publicKey(), peer.tlpCeiling(),
					peer.addedAt(), peer.addedBy());
		}

	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<PeerView>> add(@Valid @RequestBody PeerRequest request, Principal admin) {
		Peer peer = peer(request, admin);
		return this.peers.add(peer)
			.onErrorMap(DuplicateKeyException.class, (ex) -> new PeerExists(request.nodeId()))
			.doOnEach(RequestIds.onNext((added) -> log.info("peer {} ({}) added by {} with ceiling {}", added.nodeId(),
					added.country(), added.addedBy(), added.tlpCeiling())))
			.map((added) -> ResponseEntity.created(URI.create("/api/v1/admin/peers/" + added.nodeId()))
				.body(PeerView.of(added)));
	}

	/** A peer from an admin's request, every field checked. */
	private Peer peer(PeerRequest request, Principal admin) {
		if (request.nodeId().equals(this.nodeId)) {
			throw new InvalidPeer("nodeId", "a node cannot be its own peer");
		}
		String baseUrl = baseUrl(request.baseUrl());
		String key;
		try {
			key = NodeKey.pem(NodeKey.parsePublicKey(request.publicKey()));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidPeer("publicKey", ex.getMessage());
		}
		Tlp ceiling = Tlp.of(request.tlpCeiling());
		if (!ceiling.mayLeaveNode()) {
			throw new InvalidPeer("tlpCeiling",
					ceiling.label() + " never leaves the node; the ceiling is one of clear, green, amber");
		}
		return new Peer(request.nodeId(), request.country(), baseUrl, key, ceiling.code(),
				Instant.now().truncatedTo(ChronoUnit.MILLIS), admin.getName());
	}

	/**
	 * Replaces what this node knows of a peer (a new address, key or ceiling); the peer's
	 * escalations waiting for delivery keep waiting for it.
	 */
	@PutMapping(path = "/{nodeId}", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<PeerView> replace(@PathVariable String nodeId, @Valid @RequestBody PeerRequest request, Principal admin) {
		if (!request.nodeId().equals(nodeId)) {
			throw new InvalidPeer("nodeId", "differs from the peer in the path");
		}
		Peer peer = peer(request, admin);
		return this.peers.replace(peer)
			.switchIfEmpty(Mono.error(() -> new PeerNotFound(nodeId)))
			.doOnEach(RequestIds
				.onNext((replaced) -> log.info("peer {} ({}) replaced by {}: {} ceiling {}", replaced.nodeId(),
						replaced.country(), replaced.addedBy(), replaced.baseUrl(), replaced.tlpCeiling())))
			.map(PeerView::of);
	}

	@GetMapping
	Mono<List<PeerView>> list() {
		return this.peers.all().map(PeerView::of).collectList();
	}

	@GetMapping("/{nodeId}")
	Mono<PeerView> get(@PathVariable String nodeId) {
		return this.peers.find(nodeId).map(PeerView::of).switchIfEmpty(Mono.error(() -> new PeerNotFound(nodeId)));
	}

	@DeleteMapping("/{nodeId}")
	Mono<ResponseEntity<Void>> remove(@PathVariable String nodeId, Principal admin) {
		return this.peers.remove(nodeId).flatMap((removed) -> {
			if (!removed) {
				return Mono.error(new PeerNotFound(nodeId));
			}
			log.info("peer {} removed by {}", nodeId, admin.getName());
			return Mono.just(ResponseEntity.status(HttpStatus.NO_CONTENT).<Void>build());
		});
	}

	private static String baseUrl(String text) {
		URI uri;
		try {
			uri = URI.create(text.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidPeer("baseUrl", "not a URL");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getUserInfo() != null
				|| uri.getQuery() != null || uri.getFragment() != null) {
			throw new InvalidPeer("baseUrl",
					"must be an http(s) URL with a host and no credentials, query or fragment");
		}
		String url = uri.toString();
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
