package org.caduceus.escalation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.caduceus.identity.InternalIdentity;
import org.caduceus.identity.Role;
import org.caduceus.identity.SigningKey;
import org.caduceus.identity.TokenMinter;
import org.caduceus.testsupport.TestStore;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.MediaType;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The partner node's escalation service, started beside the one under test in the same
 * JVM: its own node id, its own database on the test store, its own gateway identity key
 * (it mints the tokens its gateway would attach), and the same {@link Neighbours} for its
 * intake and its gateway's internal API. A test relays what each node's egress sends to
 * the other's federation API ({@link #relay}), as the two gateways would after signing
 * and verifying (the gateway's own tests cover that half).
 */
public final class PartnerNode implements AutoCloseable {

	private final String nodeId;

	private final ConfigurableApplicationContext context;

	private final TokenMinter minter;

	/** Its HTTP API. */
	public final WebTestClient web;

	private PartnerNode(String nodeId, ConfigurableApplicationContext context, TokenMinter minter) {
		this.nodeId = nodeId;
		this.context = context;
		this.minter = minter;
		this.web = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"))
			.responseTimeout(Duration.ofSeconds(20))
			.build();
	}

	/** Starts the escalation service of node {@code nodeId}. */
	public static PartnerNode start(String nodeId, Neighbours neighbours) {
		SigningKey gatewayKey = SigningKey.generate();
		Path publicKey;
		try {
			publicKey = Files.createTempFile("caduceus-" + nodeId + "-gateway-identity", ".pub.pem");
			Files.writeString(publicKey, gatewayKey.publicKeyPem());
			publicKey.toFile().deleteOnExit();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("caduceus.node.id", nodeId);
		properties.put("server.port", "0");
		properties.put("server.address", "127.0.0.1");
		properties.put("spring.mongodb.uri", TestStore.get().uri());
		properties.put("spring.mongodb.database", "escalation-" + nodeId);
		properties.put("caduceus.identity.gateway-public-key", publicKey.toString());
		properties.put("caduceus.escalation.intake-url", neighbours.url());
		properties.put("caduceus.escalation.gateway-url", neighbours.url());
		// as arguments, which win over application.yml (default properties would not)
		ConfigurableApplicationContext context = new SpringApplicationBuilder(EscalationApplication.class)
			.initializers(PartnerNode::ownNettyResources)
			.run(properties.entrySet()
				.stream()
				.map((property) -> "--" + property.getKey() + "=" + property.getValue())
				.toArray(String[]::new));
		return new PartnerNode(nodeId, context, new TokenMinter(gatewayKey, InternalIdentity.issuer(nodeId),
				InternalIdentity.audience(nodeId), InternalIdentity.LIFETIME, Clock.systemUTC()));
	}

	/**
	 * Reactor Netty's event loops and connection pools of its own: by default a context
	 * shares the JVM's global ones and disposes them when it closes, which would stop the
	 * service under test and {@link Neighbours} with it.
	 */
	private static void ownNettyResources(ConfigurableApplicationContext context) {
		((GenericApplicationContext) context).registerBean(ReactorResourceFactory.class, () -> {
			ReactorResourceFactory resources = new ReactorResourceFactory();
			resources.setUseGlobalResources(false);
			return resources;
		});
	}

	public String nodeId() {
		return this.nodeId;
	}

	/**
	 * @return an {@code Authorization} value this node's gateway would attach for
	 * {@code user}
	 */
	public String bearer(String user, Role... roles) {
		return "Bearer " + this.minter.mint(user, Set.of(roles));
	}

	public String coordinator() {
		return bearer("dora", Role.COORDINATOR);
	}

	/** The escalation {@code key} as this node's coordinator reads it. */
	public JsonNode view(String key) {
		return this.web.get()
			.uri("/api/v1/escalations/" + key)
			.header("Authorization", coordinator())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	/** Forgets every escalation this node holds. */
	public void forget() {
		this.context.getBean(ReactiveMongoTemplate.class).remove(new Query(), "escalations").block();
	}

	/**
	 * What a node's gateway passes on of a message a peer sent: {@code sent} posted to
	 * {@code to}'s federation API as the verified peer {@code from}.
	 * @param bearer the identity token {@code to}'s gateway attaches for {@code from}
	 * @return what {@code to} answered, for the sender's egress to return
	 */
	public static Neighbours.Reply relay(WebTestClient to, Neighbours.Sent sent, String bearer) {
		EntityExchangeResult<byte[]> result = to.post()
			.uri("/federation/v1/" + sent.path())
			.header("Authorization", bearer)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(sent.body())
			.exchange()
			.expectBody()
			.returnResult();
		byte[] body = result.getResponseBody();
		return new Neighbours.Reply(result.getStatus().value(),
				(body != null) ? new String(body, StandardCharsets.UTF_8) : "");
	}

	/** {@code sent} relayed to this node, from the peer {@code from}. */
	public Neighbours.Reply receive(Neighbours.Sent sent, String from) {
		return relay(this.web, sent, bearer(from, Role.PEER));
	}

	@Override
	public void close() {
		this.context.close();
	}

}
