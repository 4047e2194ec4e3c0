package org.caduceus.gatewayclient;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ChannelOption;
import org.caduceus.identity.ServiceIdentity;
import org.caduceus.identity.SigningKey;
import org.caduceus.identity.TokenMinter;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * This node's gateway, as a client of its internal API: the peer directory, and the
 * egress that signs and sends a message to a peer. The service proves who it is with a
 * token signed by its own key; it never holds the node's federation key.
 */
public final class GatewayClient {

	private final WebClient client;

	private final TokenMinter minter;

	private final Clock clock = Clock.systemUTC();

	private volatile Token token = new Token("", Instant.EPOCH);

	private final Map<String, CachedPeer> peers = new ConcurrentHashMap<>();

	private final String service;

	/** Peer settings change rarely; a short cache keeps the gateway off every request. */
	private final Duration peerCache;

	/**
	 * @param builder the application's WebClient builder (cloned)
	 * @param gatewayUrl this node's gateway
	 * @param nodeId this node's id
	 * @param service the calling service's name, one of {@link ServiceIdentity#SERVICES}
	 * @param privateKey its ES256 key (created with the public half when neither exists)
	 * @param publicKey the public half, which the gateway pins
	 * @param peerCache how long a peer's settings are reused
	 */
	public GatewayClient(WebClient.Builder builder, URI gatewayUrl, String nodeId, String service, Path privateKey,
			Path publicKey, Duration peerCache) {
		this.service = service;
		this.peerCache = peerCache;
		SigningKey key = SigningKey.loadOrCreate(privateKey, publicKey);
		this.minter = new TokenMinter(key, ServiceIdentity.issuer(nodeId, service), ServiceIdentity.audience(nodeId),
				ServiceIdentity.LIFETIME, this.clock);
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2_000)
			.responseTimeout(Duration.ofSeconds(30));
		this.client = builder.clone()
			.baseUrl(gatewayUrl.toString())
			.clientConnector(new ReactorClientHttpConnector(http))
			.build();
	}

	private record Token(String value, Instant refreshAfter) {
	}

	private record CachedPeer(PeerInfo peer, Instant until) {
	}

	/**
	 * @return the peer, empty when the node has no such peer
	 */
	public Mono<PeerInfo> peer(String nodeId) {
		CachedPeer cached = this.peers.get(nodeId);
		if (cached != null && cached.until().isAfter(this.clock.instant())) {
			return Mono.just(cached.peer());
		}
		return this.client.get()
			.uri("/internal/federation/peers/{nodeId}", nodeId)
			.header("Authorization", bearer())
			.retrieve()
			.bodyToMono(PeerInfo.class)
			.doOnNext((peer) -> this.peers.put(nodeId, new CachedPeer(peer, this.clock.instant().plus(this.peerCache))))
			.onErrorResume(WebClientResponseException.NotFound.class, (ex) -> {
				this.peers.remove(nodeId);
				return Mono.empty();
			});
	}

	/**
	 * @return every peer the node trusts, read from the gateway each time (no cache)
	 */
	public Mono<java.util.List<PeerInfo>> peers() {
		return this.client.get()
			.uri("/internal/federation/peers")
			.header("Authorization", bearer())
			.retrieve()
			.bodyToFlux(PeerInfo.class)
			.collectList();
	}

	/**
	 * Sends {@code body} to {@code /federation/v1/<path>} on peer {@code nodeId}, signed
	 * by the gateway.
	 * @return the reply; a gateway or network failure is a retryable 502/503/504 reply,
	 * never an error
	 */
	public Mono<FederationReply> send(String nodeId, String path, byte[] body) {
		return this.client.post()
			.uri("/internal/federation/egress/" + nodeId + "/" + path)
			.header("Authorization", bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchangeToMono((response) -> response.bodyToMono(byte[].class)
				.defaultIfEmpty(new byte[0])
				.map((answer) -> new FederationReply(response.statusCode().value(), answer)))
			// this node's own gateway did not answer (down, or gone while answering): the
			// peer is not to blame; sending again is safe, a peer keeps each message once
			.onErrorResume(WebClientRequestException.class,
					(ex) -> Mono.just(timedOut(ex) ? new FederationReply(504, "no answer in time".getBytes())
							: FederationReply.local("gateway unreachable: " + ex.getMessage())))
			.onErrorResume(TimeoutException.class,
					(ex) -> Mono.just(new FederationReply(504, "no answer in time".getBytes())));
	}

	/**
	 * The gateway took the request and did not answer in time: it may have forwarded it,
	 * and a slow peer is the peer's, not this node's.
	 */
	private static boolean timedOut(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			// Netty's read timeout (the client's response timeout); a connect timeout is
			// a
			// gateway that took nothing
			if (cause instanceof TimeoutException || cause.getClass().getSimpleName().equals("ReadTimeoutException")) {
				return true;
			}
		}
		return false;
	}

	private String bearer() {
		Token current = this.token;
		Instant now = this.clock.instant();
		if (current.refreshAfter().isBefore(now)) {
			current = new Token(this.minter.mintService(this.service), now.plus(ServiceIdentity.LIFETIME.dividedBy(2)));
			this.token = current;
		}
		return "Bearer " + current.value();
	}

}
