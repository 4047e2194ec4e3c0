package org.caduceus.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import org.bson.Document;
import org.caduceus.identity.Role;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * The console's pages at a realistic size: {@code total} incidents in the store (20,000
 * by default), a signed-in analyst with work assigned, then each page beside the API call
 * it is mostly made of, in the same run: my work, the incident list, one incident. The
 * difference is what rendering the page costs. Also the weight of what a page loads (its
 * HTML, CSS and JavaScript, raw and gzip-compressed as the node sends them).
 */
final class ConsoleBenchmark {

	static final String USER = "bench-analyst";

	private ConsoleBenchmark() {
	}

	static void run(NodeUnderTest node, String oneTimePassword, int concurrency, int total, Duration phase) {
		HttpClient api = NodeUnderTest.client(concurrency)
			.baseUrl(node.gatewayUrl())
			.headers((h) -> h.set("Authorization", "Bearer " + node.userToken(USER, Role.ANALYST))
				.set("Content-Type", "application/json"));
		String id;
		try (MongoClient mongo = MongoClients.create(node.storeUri())) {
			MongoCollection<Document> incidents = mongo.getDatabase("intake").getCollection("incidents");
			LoadRunner.forCount("seed", 4, 200, () -> IntakeBenchmark.create(api));
			Document sample = Mono.from(incidents.find().first()).block();
			id = sample.getString("_id");
			long present = Mono.from(incidents.countDocuments()).block();
			long start = System.nanoTime();
			IntakeBenchmark.fill(incidents, sample, total - present);
			// one in twenty loaded incidents is NEW: those are the analyst's work
			Mono.from(incidents.updateMany(new Document("status", "NEW"),
					new Document("$set", new Document("assignee", USER))))
				.block();
			System.out.printf(Locale.ROOT, "console: %d incidents in the store (loaded in %.1f s), %d clients%n",
					Mono.from(incidents.countDocuments()).block(), (System.nanoTime() - start) / 1e9, concurrency);
		}
		String cookie = signIn(node, oneTimePassword);
		HttpClient browser = NodeUnderTest.client(concurrency)
			.baseUrl(node.gatewayUrl())
			.headers((h) -> h.set("Cookie", "caduceus_session=" + cookie));

		record Pair(String name, String page, String apiCall) {
		}
		List<Pair> pairs = List.of(
				new Pair("my work", "/",
						"/api/v1/incidents?assignee=" + USER + "&status=NEW,TRIAGED,IN_PROGRESS&limit=50"),
				new Pair("incident list", "/incidents", "/api/v1/incidents?limit=25"),
				new Pair("incident list, open, filtered", "/incidents?view=open&severity=HIGH",
						"/api/v1/incidents?status=NEW,TRIAGED,IN_PROGRESS&severity=HIGH&limit=25"),
				new Pair("one incident", "/incidents/" + id, "/api/v1/incidents/" + id));
		for (Pair pair : pairs) {
			GatewayOverheadBenchmark.get(browser, pair.page(), concurrency, Duration.ofSeconds(3), "warm-up");
			GatewayOverheadBenchmark.get(api, pair.apiCall(), concurrency, Duration.ofSeconds(3), "warm-up");
		}
		List<String> results = new ArrayList<>();
		for (Pair pair : pairs) {
			LoadResult page = GatewayOverheadBenchmark.print(GatewayOverheadBenchmark.get(browser, pair.page(),
					concurrency, phase, "console GET " + pair.page()));
			LoadResult call = GatewayOverheadBenchmark.print(
					GatewayOverheadBenchmark.get(api, pair.apiCall(), concurrency, phase, "API GET " + pair.apiCall()));
			results.add(String.format(Locale.ROOT,
					"RESULT console %s: p50 %.1f ms, p99 %.1f ms (goal <= 150), %.0f pages/s, %.2f ms CPU per page across the node (console %.2f); the API call alone: p99 %.1f ms, %.2f ms CPU",
					pair.name(), page.millis(0.5), page.millis(0.99), page.perSecond(), page.nodeCpuMillis(),
					page.cpuPerOperation().getOrDefault("console", Double.NaN), call.millis(0.99),
					call.nodeCpuMillis()));
		}
		results.forEach(System.out::println);
		weight(browser, "/incidents");
		weight(browser, "/figures");
	}

	/** The first sign-in: the one-time password, then a password of the account's own. */
	private static String signIn(NodeUnderTest node, String oneTimePassword) {
		HttpClient http = HttpClient.create().baseUrl(node.gatewayUrl());
		String[] pending = new String[1];
		http.headers((h) -> h.set("Content-Type", "application/x-www-form-urlencoded"))
			.post()
			.uri("/sign-in")
			.send(ByteBufFlux.fromString(Mono.just("name=" + USER + "&password=" + oneTimePassword)))
			.response((response, body) -> {
				pending[0] = cookie(response.responseHeaders().getAll("Set-Cookie"));
				return body.then();
			})
			.blockLast();
		String form = http.headers((h) -> h.set("Cookie", "caduceus_session=" + pending[0]))
			.get()
			.uri("/sign-in/password")
			.responseSingle((response, body) -> body.asString())
			.block();
		Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form);
		if (!csrf.find()) {
			throw new IllegalStateException("the console did not ask for a new password: " + form);
		}
		String[] active = new String[1];
		http.headers((h) -> h.set("Cookie", "caduceus_session=" + pending[0])
			.set("Content-Type", "application/x-www-form-urlencoded"))
			.post()
			.uri("/sign-in/password")
			.send(ByteBufFlux.fromString(Mono
				.just("password=plum+orchard+telescope&repeated=plum+orchard+telescope&_csrf=" + csrf.group(1))))
			.response((response, body) -> {
				active[0] = cookie(response.responseHeaders().getAll("Set-Cookie"));
				return body.then();
			})
			.blockLast();
		return active[0];
	}

	private static String cookie(List<String> setCookies) {
		return setCookies.stream()
			.filter((set) -> set.startsWith("caduceus_session="))
			.map((set) -> set.substring("caduceus_session=".length(), set.indexOf(';')))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("the console set no session cookie: " + setCookies));
	}

	/** The page and every stylesheet and script it names, raw and gzip-compressed. */
	private static void weight(HttpClient browser, String page) {
		String html = browser.get().uri(page).responseSingle((response, body) -> body.asString()).block();
		Set<String> assets = new LinkedHashSet<>();
		Matcher link = Pattern.compile("(?:href|src)=\"(/(?:webjars|css|js)/[^\"]+)\"").matcher(html);
		while (link.find()) {
			assets.add(link.group(1));
		}
		long raw = html.getBytes(StandardCharsets.UTF_8).length;
		long compressed = gzip(html.getBytes(StandardCharsets.UTF_8));
		long scripts = 0;
		for (String asset : assets) {
			byte[] bytes = browser.get().uri(asset).responseSingle((response, body) -> body.asByteArray()).block();
			raw += bytes.length;
			compressed += gzip(bytes);
			scripts += bytes.length;
		}
		System.out.printf(Locale.ROOT,
				"RESULT page weight of %s: %d KB of CSS and JavaScript (goal <= 300 KB), %d KB with the HTML, %d KB gzip-compressed as sent; %s%n",
				page, scripts / 1024, raw / 1024, compressed / 1024, assets);
	}

	private static long gzip(byte[] bytes) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(bytes);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return out.size();
	}

}
