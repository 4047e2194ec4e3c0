package org.caduceus.gateway.federation;

import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ChannelOption;
import org.caduceus.federation.EnvelopeSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * The node's only way out to its peers. A service of the node (authenticated by its own
 * service token) hands over a request for a peer; the gateway checks that the service may
 * send to that part of the federation API, signs it with the node's key and sends it, and
 * returns the peer's answer as it came. Services never hold the node's key.
 */
@RestController
@RequestMapping("/internal/federation")
class EgressController {

	/** What each service may send: the federation paths below {@code /federation/v1/}. */
	static final Map<String, List<String>> ALLOWED = Map.of("escalation", List.of("escalations"), "contacts",
			List.of("contacts"));

	private static final Logger log = LoggerFactory.getLogger(EgressController.class);

	private final PeerDirectory peers;

	private final EnvelopeSigner signer;

	private final WebClient client;

	EgressController(PeerDirectory peers, EnvelopeSigner signer, WebClient.Builder builder) {
		this.peers = peers;
		this.signer = signer;
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 3_000)
			.responseTimeout(Duration.ofSeconds(20));
		this.client = builder.clone().clientConnector(new ReactorClientHttpConnector(http)).build();
	}

	/** A peer as a service of the node needs it for its decisions; no key material. */
	record PeerInfo(String nodeId, String country, String baseUrl, String tlpCeiling) {

		static PeerInfo of(Peer peer) {
			return new PeerInfo(peer.nodeId(), peer.country(), peer.baseUrl(), peer.tlpCeiling());
		}

	}

	@GetMapping("/peers")
	Mono<List<PeerInfo>> peers() {
		return this.peers.all().map(PeerInfo::of).collectList();
	}

	@GetMapping("/peers/{nodeId}")
	Mono<PeerInfo> peer(@PathVariable String nodeId) {
		return this.peers.find(nodeId).map(PeerInfo::of).switchIfEmpty(Mono.error(() -> new PeerNotFound(nodeId)));
	}

	@RequestMapping(path = "/egress/{nodeId}/{*path}", method = { RequestMethod.POST, RequestMethod.PUT },
			consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<byte[]>> send(@PathVariable String nodeId, @PathVariable String path,
			@RequestBody(required = false) byte[] body, HttpMethod method, Principal service) {
		String relative = path.startsWith("/") ? path.substring(1) : path;
		List<String> allowed = ALLOWED.getOrDefault(service.getName(), List.of());
		if (relative.contains("..") || relative.contains("//") || allowed.stream()
			.noneMatch((prefix) -> relative.equals(prefix) || relative.startsWith(prefix + "/"))) {
			return Mono.error(new EgressRefused(HttpStatus.FORBIDDEN, "egress-forbidden",
					"Service '" + service.getName() + "' may not send to /federation/v1/" + relative));
		}
		byte[] payload = (body != null) ? body : new byte[0];
		return this.peers.find(nodeId)
			.switchIfEmpty(Mono.error(() -> new PeerNotFound(nodeId)))
			.flatMap((peer) -> forward(peer, method, URI.create(peer.baseUrl() + "/federation/v1/" + relative),
					payload));
	}

	private Mono<ResponseEntity<byte[]>> forward(Peer peer, HttpMethod method, URI target, byte[] body) {
		Map<String, String> signature = this.signer.sign(method.name(), target, body);
		return this.client.method(method)
			.uri(target)
			.contentType(MediaType.APPLICATION_JSON)
			.headers((headers) -> signature.forEach(headers::set))
			.bodyValue(body)
			.exchangeToMono(
					(response) -> response.bodyToMono(byte[].class).defaultIfEmpty(new byte[0]).map((answer) -> {
						HttpHeaders headers = new HttpHeaders();
						response.headers().contentType().ifPresent(headers::setContentType);
						return ResponseEntity.status(response.statusCode()).headers(headers).body(answer);
					}))
			.onErrorMap(WebClientRequestException.class, (ex) -> unreachable(peer, ex))
			.onErrorMap(TimeoutException.class, (ex) -> unreachable(peer, ex))
			.doOnNext((response) -> log.debug("{} {} -> {}", method, target, response.getStatusCode().value()));
	}

	private static EgressRefused unreachable(Peer peer, Throwable ex) {
		log.info("peer {} unreachable: {}", peer.nodeId(), ex.getMessage());
		return new EgressRefused(HttpStatus.BAD_GATEWAY, "peer-unreachable",
				"Peer '" + peer.nodeId() + "' could not be reached at " + peer.baseUrl());
	}

}
