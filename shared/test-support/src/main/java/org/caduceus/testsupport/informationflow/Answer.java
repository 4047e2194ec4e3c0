package org.caduceus.testsupport.informationflow;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * One answer to a read, as its caller got it: status, headers and body.
 *
 * @param status the HTTP status
 * @param headers every header, by lower-case name
 * @param body the body as text, empty when there was none
 */
public record Answer(int status, Map<String, List<String>> headers, String body) {

	/**
	 * Headers that differ between two answers whatever they carry: each answer has its
	 * own request id, and a body's length follows the id it names.
	 */
	private static final Set<String> PER_ANSWER = Set.of("x-request-id", "content-length", "date");

	public Answer {
		Map<String, List<String>> copy = new TreeMap<>();
		headers.forEach((name, values) -> copy.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
		headers = copy;
	}

	/**
	 * @param authorization the {@code Authorization} header, or null for none
	 * @return the answer to {@code GET path}, whatever its status
	 */
	public static Answer get(WebTestClient web, String path, @Nullable String authorization) {
		EntityExchangeResult<byte[]> result = web.get().uri(path).headers((headers) -> {
			if (authorization != null) {
				headers.set("Authorization", authorization);
			}
		}).exchange().expectBody().returnResult();
		byte[] body = result.getResponseBody();
		Map<String, List<String>> headers = new TreeMap<>();
		result.getResponseHeaders().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
		return new Answer(result.getStatus().value(), headers,
				(body == null) ? "" : new String(body, StandardCharsets.UTF_8));
	}

	/**
	 * The answer as text to compare with another one: status, headers (but those that
	 * differ per answer) and body, each value of {@code asked} replaced by its
	 * placeholder (the id asked for, so that one for a hidden thing compares with one for
	 * a missing thing) and the request id by {@code R}.
	 * @param asked what was asked, and the placeholder each becomes
	 */
	public String normalised(Map<String, String> asked) {
		StringBuilder text = new StringBuilder().append(this.status).append('\n');
		this.headers.forEach((name, values) -> {
			if (!PER_ANSWER.contains(name)) {
				text.append(name).append(": ").append(String.join(", ", values)).append('\n');
			}
		});
		String normalised = text.append(this.body).toString();
		for (var replacement : asked.entrySet()) {
			normalised = normalised.replace(replacement.getKey(), replacement.getValue());
		}
		return normalised.replaceAll("\"requestId\":\"[0-9a-f-]{36}\"", "\"requestId\":\"R\"");
	}

	/**
	 * Fails when the answer is a server error, or when its body or a header carries a
	 * marker of {@code forbidden}. An answer may echo what was asked (a 404 names the id
	 * it did not find), so a marker that {@code path} holds is not looked for; whether
	 * such an answer differs from one for a missing thing is for {@link #normalised(Map)}
	 * to show.
	 * @param who the caller, for the message
	 * @param path what was asked: a path, or a request's description
	 */
	public void assertCarriesNone(Collection<String> forbidden, String who, String path) {
		assertThat(this.status).as("%s asking %s", who, path).isLessThan(500);
		for (String secret : forbidden) {
			if (path.contains(secret)) {
				continue;
			}
			if (this.body.contains(secret)) {
				fail("%s asking %s (%d): the answer carries '%s', which %s may not see:%n%s", who, path, this.status,
						secret, who, (this.body.length() > 2000) ? this.body.substring(0, 2000) : this.body);
			}
			this.headers.forEach((name, values) -> values.stream()
				.filter((value) -> value.contains(secret))
				.findFirst()
				.ifPresent((value) -> fail(
						"%s asking %s (%d): the answer carries '%s' in its header %s, which %s may not see", who, path,
						this.status, secret, name, who)));
		}
	}

}
