package org.caduceus.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import org.caduceus.identity.Role;
import org.caduceus.identity.SigningKey;
import org.caduceus.identity.TokenMinter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A node started by {@code ./caduceus up}, driven through its gateway as its users would:
 * tokens are minted with the node-local key in its data folder, as {@code ./caduceus
 * token} does.
 *
 * @param nodeId the node id
 * @param gatewayUrl its gateway
 * @param data its data folder
 */
public record NodeClient(String nodeId, String gatewayUrl, Path data) {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** An answer: its status and JSON body. */
	static final String TAXII = "application/taxii+json;version=2.1";

	public record Answer(int status, JsonNode body) {

		public Answer expect(int expected, String what) {
			if (this.status != expected) {
				throw new IllegalStateException(
						what + ": expected HTTP " + expected + ", got " + this.status + " " + this.body);
			}
			return this;
		}

		public String text(String field) {
			JsonNode node = this.body.get(field);
			return (node == null || node.isNull()) ? "" : node.asString();
		}

	}

	public String token(String user, Role role) {
		SigningKey key = SigningKey.loadOrCreate(this.data.resolve("keys/user-jwt.key.pem"),
				this.data.resolve("keys/user-jwt.pub.pem"));
		return new TokenMinter(key, "caduceus:" + this.nodeId, "caduceus:" + this.nodeId, Duration.ofHours(1),
				Clock.systemUTC())
			.mint(user, Set.of(role));
	}

	public Answer get(String path, @org.jspecify.annotations.Nullable Role role) {
		return send(HttpRequest.newBuilder(URI.create(this.gatewayUrl + path)).GET(), role);
	}

	/**
	 * @return the body as text and the response headers, for answers that are not JSON
	 */
	public HttpResponse<String> text(String path, Role role) {
		return raw(HttpRequest.newBuilder(URI.create(this.gatewayUrl + path)).GET(), role);
	}

	public Answer delete(String path, Role role) {
		return send(HttpRequest.newBuilder(URI.create(this.gatewayUrl + path)).DELETE(), role);
	}

	public Answer put(String path, Role role, Object body) {
		return send(HttpRequest.newBuilder(URI.create(this.gatewayUrl + path))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), role);
	}

	public Answer post(String path, Role role, Object body) {
		return send(HttpRequest.newBuilder(URI.create(this.gatewayUrl + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), role);
	}

	/**
	 * A TAXII 2.1 request with the caller's own {@code Authorization} (an API key, or a
	 * user's bearer token), and a TAXII envelope as the body when there is one.
	 */
	public Answer taxii(String path, String authorization, @org.jspecify.annotations.Nullable String envelope) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.gatewayUrl + path))
			.header("Accept", TAXII)
			.header("Authorization", authorization);
		if (envelope != null) {
			request.header("Content-Type", TAXII).POST(HttpRequest.BodyPublishers.ofString(envelope));
		}
		return send(request, null);
	}

	/**
	 * A coordinator publishes an incident, exported as STIX, to a TAXII collection of
	 * this node.
	 */
	public Answer publish(String incidentId, String collection) {
		JsonNode bundle = get("/api/v1/incidents/" + incidentId + "/stix", Role.COORDINATOR)
			.expect(200, "exporting the incident as STIX")
			.body();
		tools.jackson.databind.node.ObjectNode envelope = JSON.createObjectNode();
		envelope.set("objects", bundle.get("objects"));
		return taxii("/taxii2/api/collections/" + collection + "/objects/",
				"Bearer " + token("demo-coordinator", Role.COORDINATOR), envelope.toString());
	}

	private Answer send(HttpRequest.Builder request, @org.jspecify.annotations.Nullable Role role) {
		HttpResponse<String> response = raw(request, role);
		String text = response.body();
		JsonNode body = (text == null || text.isBlank()) ? JSON.createObjectNode() : JSON.readTree(text);
		return new Answer(response.statusCode(), body);
	}

	/** Sends {@code request} as a user with {@code role} (or none), the body as text. */
	private HttpResponse<String> raw(HttpRequest.Builder request, @org.jspecify.annotations.Nullable Role role) {
		if (role != null) {
			request.header("Authorization", "Bearer " + token("demo-" + role.claimValue(), role));
		}
		try {
			return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot reach " + this.gatewayUrl + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Writes this node's team card (the first version), as its admin. */
	public void writeTeamCard(String teamName, String country, String phone) {
		send(HttpRequest.newBuilder(URI.create(this.gatewayUrl + "/api/v1/contacts/card"))
			.header("Content-Type", "application/json")
			.header("If-Match", "\"0\"")
			.PUT(HttpRequest.BodyPublishers
				.ofString(JSON.writeValueAsString(java.util.Map.of("teamName", teamName, "country", country,
						"constituency", "hospitals and health-care providers", "sector", "health", "confidential",
						java.util.Map.of("phone24x7", phone, "emergencyEmail", "emergency@" + this.nodeId + ".example",
								"onCall", java.util.List.of()))))),
				Role.ADMIN)
			.expect(200, "writing the team card of " + this.nodeId);
	}

	/**
	 * Pins {@code other}'s team key, as this node's admin, with the fingerprint it
	 * publishes.
	 */
	public void pinTeamKey(NodeClient other, String country) {
		HttpResponse<String> key = other.text("/api/v1/contacts/key.asc", Role.ADMIN);
		if (key.statusCode() != 200) {
			throw new IllegalStateException("key.asc of " + other.nodeId() + ": HTTP " + key.statusCode());
		}
		String fingerprint = key.headers().firstValue("X-Caduceus-Fingerprint").orElseThrow();
		post("/api/v1/contacts/partners", Role.ADMIN, java.util.Map.of("id", other.nodeId(), "country", country,
				"publicKey", key.body(), "fingerprint", fingerprint))
			.expect(201, "pinning the team key of " + other.nodeId());
	}

	/**
	 * Makes {@code other} a peer of this node with the key it publishes, unless it is one
	 * already.
	 */
	public void addPeer(NodeClient other, String country, String ceiling) {
		Answer node = other.get("/federation/v1/node", null).expect(200, "node info of " + other.nodeId());
		Answer added = post("/api/v1/admin/peers", Role.ADMIN, java.util.Map.of("nodeId", other.nodeId(), "country",
				country, "baseUrl", other.gatewayUrl(), "publicKey", node.text("publicKey"), "tlpCeiling", ceiling));
		if (added.status() != 201 && added.status() != 409) {
			added.expect(201, "adding peer " + other.nodeId() + " to " + this.nodeId);
		}
	}

}
