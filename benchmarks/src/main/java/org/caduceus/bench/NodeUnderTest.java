package org.caduceus.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import org.caduceus.identity.InternalIdentity;
import org.caduceus.identity.Role;
import org.caduceus.identity.SigningKey;
import org.caduceus.identity.TokenMinter;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * A node started by {@code ./caduceus up}: its ports and the keys in its data folder,
 * from which the benchmark mints a user token (for the gateway) and the gateway's
 * identity token (for calling a service directly, as the gateway would).
 *
 * @param nodeId the node id
 * @param basePort the gateway port; intake, escalation and contacts follow at +1, +2, +3,
 * the store at +4 and the partner API at +5
 * @param data the node's data folder
 */
public record NodeUnderTest(String nodeId, int basePort, Path data) {

	public String gatewayUrl() {
		return "http://127.0.0.1:" + this.basePort;
	}

	public String intakeUrl() {
		return "http://127.0.0.1:" + (this.basePort + 1);
	}

	public String storeUri() {
		return "mongodb://127.0.0.1:" + (this.basePort + 4);
	}

	public String userToken(String user, Role role) {
		SigningKey key = SigningKey.loadOrCreate(this.data.resolve("keys/user-jwt.key.pem"),
				this.data.resolve("keys/user-jwt.pub.pem"));
		return new TokenMinter(key, "caduceus:" + this.nodeId, "caduceus:" + this.nodeId, Duration.ofHours(2),
				Clock.systemUTC())
			.mint(user, Set.of(role));
	}

	public String serviceToken(String user, Role role) {
		SigningKey key = SigningKey.loadOrCreate(this.data.resolve("keys/gateway-identity.key.pem"),
				this.data.resolve("keys/gateway-identity.pub.pem"));
		return new TokenMinter(key, InternalIdentity.issuer(this.nodeId), InternalIdentity.audience(this.nodeId),
				InternalIdentity.LIFETIME, Clock.systemUTC())
			.mint(user, Set.of(role));
	}

	/** An HTTP client with one pooled connection per concurrent benchmark client. */
	public static HttpClient client(int concurrency) {
		return HttpClient.create(ConnectionProvider.builder("bench").maxConnections(concurrency).build())
			.responseTimeout(Duration.ofSeconds(30));
	}

}
