package org.caduceus.chaos;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests to a node's gateway as its users send them, each answer sorted by what it
 * means for the client: done, refused by a rule, the node saying it cannot now (a problem
 * with 502, 503, 504 or 507), nobody at the door, no answer in time, or broken.
 */
final class Api {

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** Longer than any answer a healthy or failing node should take: past it, a hang. */
	static final Duration PATIENCE = Duration.ofSeconds(20);

	/** A stack frame, or an exception's class name, anywhere in an answer. */
	private static final Pattern INTERNALS = Pattern
		.compile("(?m)(^\\s*at [\\w$.]+\\(|\\b[\\w.]+(Exception|Error)\\b:|\\bException\\b)");

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(3))
		.build();

	/** What an answer means for the client that asked. */
	enum Kind {

		/** 2xx: done (for a write: acknowledged). */
		SUCCESS,

		/** 4xx problem: a rule said no; nothing to retry. */
		REFUSED,

		/** 502, 503, 504 or 507 problem+json: the node cannot now; try again later. */
		UNAVAILABLE,

		/** No connection, or it was cut before an answer: the gateway itself is down. */
		CLOSED,

		/** No answer within {@link #PATIENCE}. */
		HANG,

		/** Anything else: a 500, a 5xx that is no problem+json, a stack trace. */
		BROKEN

	}

	/**
	 * An answer.
	 *
	 * @param kind what it means
	 * @param status the HTTP status, 0 when there was none
	 * @param body the JSON body, an empty object when there was none
	 * @param raw the body as text, or what went wrong
	 */
	record Outcome(Kind kind, int status, JsonNode body, String raw) {

		boolean ok() {
			return this.kind == Kind.SUCCESS;
		}

		String text(String field) {
			JsonNode node = this.body.get(field);
			return (node == null || node.isNull()) ? "" : node.asString();
		}

	}

	Outcome get(String url, @Nullable String authorization, @Nullable String accept) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
		if (accept != null) {
			request.header("Accept", accept);
		}
		return send(request, authorization);
	}

	Outcome post(String url, String authorization, Object body) {
		return postRaw(url, authorization, "application/json", JSON.writeValueAsString(body));
	}

	Outcome postRaw(String url, String authorization, String contentType, String body) {
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", contentType)
			.header("Accept", contentType.startsWith("application/taxii") ? contentType : "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)), authorization);
	}

	private Outcome send(HttpRequest.Builder request, @Nullable String authorization) {
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		HttpResponse<String> response;
		// the whole answer, body included, within PATIENCE (the request's own timeout
		// covers only the headers)
		CompletableFuture<HttpResponse<String>> answer = this.http.sendAsync(request.timeout(PATIENCE).build(),
				HttpResponse.BodyHandlers.ofString());
		try {
			response = answer.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			answer.cancel(true);
			return hang();
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof HttpTimeoutException) {
				return hang();
			}
			if (cause instanceof ConnectException) {
				return new Outcome(Kind.CLOSED, 0, JSON.createObjectNode(), "connection refused");
			}
			if (cause instanceof IOException) {
				return new Outcome(Kind.CLOSED, 0, JSON.createObjectNode(), "connection cut: " + cause.getMessage());
			}
			throw new IllegalStateException(cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return classify(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
				(response.body() != null) ? response.body() : "");
	}

	private static Outcome hang() {
		return new Outcome(Kind.HANG, 0, JSON.createObjectNode(), "no whole answer in " + PATIENCE.toSeconds() + " s");
	}

	static Outcome classify(int status, String contentType, String text) {
		JsonNode body;
		try {
			body = text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
		}
		catch (RuntimeException ex) {
			body = JSON.createObjectNode();
		}
		boolean problem = contentType.startsWith("application/problem+json")
				|| contentType.startsWith("application/taxii+json") && status >= 400;
		Kind kind;
		if (INTERNALS.matcher(text).find() && status >= 400) {
			kind = Kind.BROKEN;
		}
		else if (status >= 200 && status < 300) {
			kind = Kind.SUCCESS;
		}
		else if (status >= 400 && status < 500) {
			kind = Kind.REFUSED;
		}
		else if ((status == 502 || status == 503 || status == 504 || status == 507) && problem) {
			kind = Kind.UNAVAILABLE;
		}
		else {
			kind = Kind.BROKEN;
		}
		return new Outcome(kind, status, body, text);
	}

}
