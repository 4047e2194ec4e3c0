package org.caduceus.console;

import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The gateway's public API as the console sees it, for the console's own tests: answers
 * what a test set for a method and path, and first checks the bearer token the way the
 * real gateway does (ES256 signature with the node's user key, issuer, audience), so a
 * request the console made without a valid user token is answered 401. What the real API
 * does with those calls is tested by the browser tests against a running node.
 */
final class StubGateway {

	/**
	 * One request as the stub received it, with the verified user and roles and the
	 * bearer token itself.
	 */
	record Received(String method, String path, String query, String body, String user, List<String> roles,
			String token) {
	}

	private record Answer(int status, String body) {
	}

	private final Map<String, Answer> answers = new ConcurrentHashMap<>();

	final List<Received> received = new CopyOnWriteArrayList<>();

	private final DisposableServer server;

	private final java.util.function.Predicate<SignedJWT> trusted;

	/** A gateway of the embedded default: tokens signed with the node-local user key. */
	StubGateway(ECPublicKey userKey, String issuer) {
		this((jwt) -> {
			try {
				return jwt.verify(new ECDSAVerifier(userKey)) && issuer.equals(jwt.getJWTClaimsSet().getIssuer())
						&& jwt.getJWTClaimsSet().getAudience().contains(issuer);
			}
			catch (Exception ex) {
				return false;
			}
		});
	}

	/**
	 * A gateway that takes the tokens {@code trusted} accepts (their expiry is checked
	 * here).
	 */
	StubGateway(java.util.function.Predicate<SignedJWT> trusted) {
		this.trusted = trusted;
		this.server = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
			String uri = request.uri();
			int question = uri.indexOf('?');
			String path = (question < 0) ? uri : uri.substring(0, question);
			String query = (question < 0) ? "" : uri.substring(question + 1);
			String authorization = request.requestHeaders().get("Authorization");
			return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap((body) -> {
				SignedJWT token = verified(authorization);
				if (token == null) {
					return response.status(HttpResponseStatus.UNAUTHORIZED).send().then();
				}
				try {
					this.received.add(new Received(request.method().name(), path, query, body,
							token.getJWTClaimsSet().getSubject(), roles(token.getJWTClaimsSet()),
							authorization.substring(7)));
				}
				catch (java.text.ParseException ex) {
					return Mono.error(ex);
				}
				Answer answer = this.answers.getOrDefault(request.method().name() + " " + path,
						new Answer(404, "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404}"));
				return response.status(answer.status())
					.header("Content-Type", (answer.status() >= 400) ? "application/problem+json" : "application/json")
					.sendString(Mono.just(answer.body()))
					.then();
			});
		}).bindNow();
	}

	private SignedJWT verified(String authorization) {
		if (authorization == null || !authorization.startsWith("Bearer ")) {
			return null;
		}
		try {
			SignedJWT jwt = SignedJWT.parse(authorization.substring(7));
			boolean valid = this.trusted.test(jwt)
					&& jwt.getJWTClaimsSet().getExpirationTime().toInstant().isAfter(java.time.Instant.now());
			return valid ? jwt : null;
		}
		catch (Exception ex) {
			return null;
		}
	}

	/**
	 * Caduceus tokens name roles in {@code roles}, the test provider's as Keycloak does.
	 */
	private static List<String> roles(com.nimbusds.jwt.JWTClaimsSet claims) throws java.text.ParseException {
		List<String> roles = claims.getStringListClaim("roles");
		if (roles != null) {
			return roles;
		}
		Map<String, Object> realm = claims.getJSONObjectClaim("realm_access");
		Object nested = (realm != null) ? realm.get("roles") : null;
		return (nested instanceof List<?> list) ? list.stream().map(String::valueOf).toList() : List.of();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.port();
	}

	void answer(String methodAndPath, int status, String json) {
		this.answers.put(methodAndPath, new Answer(status, json));
	}

	List<Received> received(String method, String path) {
		return this.received.stream().filter((r) -> r.method().equals(method) && r.path().equals(path)).toList();
	}

	void reset() {
		this.answers.clear();
		this.received.clear();
	}

	/**
	 * Forgets everything, then answers the lists the console's first page asks for (my
	 * work: incidents, the NIS2 board, escalations) as empty.
	 */
	void resetToEmptyLists() {
		reset();
		answer("GET /api/v1/incidents", 200, "{\"items\":[],\"next\":null}");
		answer("GET /api/v1/nis2/board", 200, "{\"incidents\":[]}");
		answer("GET /api/v1/escalations", 200, "{\"items\":[],\"next\":null}");
	}

}
