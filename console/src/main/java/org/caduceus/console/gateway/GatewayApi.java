package org.caduceus.console.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.caduceus.console.session.SignedIn;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * The node's public API as the signed-in user calls it: every request carries that user's
 * token and nothing else, so the console can show no more than the API gives that user.
 * Path variables are encoded by the URI template, never pasted in. An answer of 4xx or
 * 5xx becomes an {@link ApiProblem}.
 */
public class GatewayApi {

	/** A page waits no longer than this for the API: a slow part answers 503 here. */
	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final ParameterizedTypeReference<Map<String, Object>> OBJECT = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<List<Map<String, Object>>> ARRAY = new ParameterizedTypeReference<>() {
	};

	private final WebClient client;

	private final ApiTokens tokens;

	public GatewayApi(WebClient client, ApiTokens tokens) {
		this.client = client;
		this.tokens = tokens;
	}

	/** Query parameters from pairs, leaving out blank values. */
	public static MultiValueMap<String, String> query(@Nullable String... pairs) {
		MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
		for (int i = 0; i + 1 < pairs.length; i += 2) {
			String value = pairs[i + 1];
			if (pairs[i] != null && value != null && !value.isBlank()) {
				query.add(pairs[i], value);
			}
		}
		return query;
	}

	public Mono<Map<String, Object>> get(SignedIn user, String path, MultiValueMap<String, String> query,
			Object... variables) {
		return checked(request(user, HttpMethod.GET, path, query, variables)).bodyToMono(OBJECT).timeout(TIMEOUT);
	}

	public Mono<List<Map<String, Object>>> getArray(SignedIn user, String path, MultiValueMap<String, String> query,
			Object... variables) {
		return checked(request(user, HttpMethod.GET, path, query, variables)).bodyToMono(ARRAY).timeout(TIMEOUT);
	}

	/** A file the API renders (STIX, MISP, a NIS2 report), passed on as it came. */
	public Mono<ResponseEntity<byte[]>> download(SignedIn user, MediaType accept, String path, Object... variables) {
		return checked(request(user, HttpMethod.GET, path, new LinkedMultiValueMap<>(), variables).accept(accept))
			.toEntity(byte[].class)
			.timeout(TIMEOUT);
	}

	/**
	 * @param ifMatch the version the user saw, for the API's optimistic check; or null
	 */
	public Mono<Map<String, Object>> send(SignedIn user, HttpMethod method, String path, Object body,
			@Nullable String ifMatch, Object... variables) {
		WebClient.RequestBodySpec spec = request(user, method, path, new LinkedMultiValueMap<>(), variables);
		if (ifMatch != null) {
			spec.header(HttpHeaders.IF_MATCH, "\"" + ifMatch + "\"");
		}
		return checked(spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body)).bodyToMono(Object.class)
			.map(GatewayApi::firstObject)
			.defaultIfEmpty(Map.of())
			.timeout(TIMEOUT);
	}

	public Mono<Void> delete(SignedIn user, String path, Object... variables) {
		return checked(request(user, HttpMethod.DELETE, path, new LinkedMultiValueMap<>(), variables))
			.toBodilessEntity()
			.timeout(TIMEOUT)
			.then();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> firstObject(Object body) {
		if (body instanceof Map<?, ?> map) {
			return (Map<String, Object>) map;
		}
		if (body instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> first) {
			return (Map<String, Object>) first;
		}
		return Map.of();
	}

	/** Every answer of 4xx or 5xx becomes an {@link ApiProblem}, in one place. */
	private static WebClient.ResponseSpec checked(WebClient.RequestHeadersSpec<?> spec) {
		return spec.retrieve().onStatus(HttpStatusCode::isError, GatewayApi::problem);
	}

	/**
	 * Query values go in as URI variables, encoded in full: a {@code +} stays a plus
	 * ({@code AMBER+STRICT}) and a brace is a character, not a template.
	 */
	private WebClient.RequestBodySpec request(SignedIn user, HttpMethod method, String path,
			MultiValueMap<String, String> query, Object... variables) {
		return this.client.method(method).uri((builder) -> {
			List<Object> values = new java.util.ArrayList<>(java.util.Arrays.asList(variables));
			builder.path(path);
			query.forEach((name, named) -> named.forEach((value) -> {
				builder.queryParam(name, "{q" + values.size() + "}");
				values.add(value);
			}));
			return builder.build(values.toArray());
		})
			.headers((headers) -> headers.setBearerAuth(this.tokens.tokenFor(user)))
			.accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON, MediaType.ALL);
	}

	private static Mono<? extends Throwable> problem(ClientResponse response) {
		int status = response.statusCode().value();
		return response.bodyToMono(OBJECT)
			.onErrorResume((unreadable) -> Mono.empty())
			.defaultIfEmpty(Map.of())
			.map((problem) -> new ApiProblem(status, String.valueOf(problem.getOrDefault("title", "HTTP " + status)),
					(problem.get("detail") != null) ? String.valueOf(problem.get("detail")) : null,
					ApiProblem.fieldErrors(problem.get("errors"))));
	}

}
