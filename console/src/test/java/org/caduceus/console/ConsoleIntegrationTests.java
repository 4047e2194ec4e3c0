package org.caduceus.console;

import org.caduceus.testsupport.MovableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.caduceus.console.account.Totp;
import org.caduceus.identity.SigningKey;
import org.caduceus.testsupport.ServiceTest;
import org.caduceus.testsupport.TestIdentity;
import org.caduceus.testsupport.TestStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console as a browser meets it, over HTTP: sign-in with every step, sessions, CSRF,
 * headers, and the pages over a stub of the gateway's API that checks every token the
 * console sends.
 */
@ServiceTest
@org.springframework.context.annotation.Import(MovableClock.InPlace.class)
class ConsoleIntegrationTests {

	private static final Path KEYS;

	private static final SigningKey USER_KEY;

	private static final StubGateway GATEWAY;

	static {
		try {
			KEYS = Files.createTempDirectory("caduceus-console-keys");
			USER_KEY = SigningKey.loadOrCreate(KEYS.resolve("user-jwt.key.pem"), KEYS.resolve("user-jwt.pub.pem"));
			GATEWAY = new StubGateway(SigningKey.readPublicKey(KEYS.resolve("user-jwt.pub.pem")),
					"caduceus:" + TestIdentity.NODE);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@DynamicPropertySource
	static void console(DynamicPropertyRegistry registry) {
		registry.add("caduceus.console.gateway-url", GATEWAY::url);
		registry.add("caduceus.console.user-key", () -> KEYS.resolve("user-jwt.key.pem").toString());
		registry.add("caduceus.console.user-public-key", () -> KEYS.resolve("user-jwt.pub.pem").toString());
		registry.add("caduceus.console.live-poll", () -> "200ms");
	}

	@AfterAll
	static void keys() {
		assertThat(USER_KEY.keyId()).isNotBlank();
	}

	@Autowired
	WebTestClient web;

	@Autowired
	MovableClock clock;

	private static int users;

	@BeforeEach
	void fresh() {
		GATEWAY.resetToEmptyLists();
		this.clock.ahead.set(Duration.ZERO);
	}

	// --- a browser with a cookie jar
	// -----------------------------------------------------

	final class Visitor {

		@Nullable String cookie;

		@Nullable String csrf;

		/**
		 * A page; {@code variables} are encoded into the path's placeholders as a
		 * browser's form would.
		 */
		EntityExchangeResult<String> get(String path, Object... variables) {
			WebTestClient.RequestHeadersSpec<?> request = ConsoleIntegrationTests.this.web.get().uri(path, variables);
			if (this.cookie != null) {
				request.cookie("caduceus_session", this.cookie);
			}
			return keep(request.exchange().expectBody(String.class).returnResult());
		}

		EntityExchangeResult<String> post(String path, String... fields) {
			MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
			for (int i = 0; i + 1 < fields.length; i += 2) {
				form.add(fields[i], fields[i + 1]);
			}
			WebTestClient.RequestHeadersSpec<?> request = ConsoleIntegrationTests.this.web.post()
				.uri(path)
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.body(BodyInserters.fromFormData(form));
			if (this.cookie != null) {
				request.cookie("caduceus_session", this.cookie);
			}
			return keep(request.exchange().expectBody(String.class).returnResult());
		}

		/** A form post with the CSRF token the last page carried. */
		EntityExchangeResult<String> submit(String path, String... fields) {
			String[] all = java.util.Arrays.copyOf(fields, fields.length + 2);
			all[fields.length] = "_csrf";
			all[fields.length + 1] = (this.csrf != null) ? this.csrf : "";
			return post(path, all);
		}

		private EntityExchangeResult<String> keep(EntityExchangeResult<String> result) {
			List<String> cookies = result.getResponseHeaders().get(HttpHeaders.SET_COOKIE);
			if (cookies != null) {
				for (String set : cookies) {
					if (set.startsWith("caduceus_session=")) {
						String value = set.substring("caduceus_session=".length(), set.indexOf(';'));
						this.cookie = value.isEmpty() ? null : value;
					}
				}
			}
			String body = result.getResponseBody();
			if (body != null) {
				Matcher csrf = Pattern.compile("name=\"(?:_csrf|csrf-token)\" (?:value|content)=\"([^\"]+)\"")
					.matcher(body);
				if (csrf.find()) {
					this.csrf = csrf.group(1);
				}
			}
			return result;
		}

	}

	private static String location(EntityExchangeResult<String> result) {
		return String.valueOf(result.getResponseHeaders().getLocation());
	}

	/** {@code ./caduceus user reset}: the new one-time password it prints. */
	private static String resetUser(String name) {
		return oneTimePassword("reset", name);
	}

	/** {@code ./caduceus user add}: the one-time password it prints. */
	private static String addUser(String name, String role) {
		return oneTimePassword("add", name, role);
	}

	private static String oneTimePassword(String... command) {
		List<String> args = new java.util.ArrayList<>(
				List.of("--mongodb", TestStore.get().uri(), "--database", "console"));
		args.addAll(List.of(command));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = org.caduceus.console.account.AccountCliAccess.run(args.toArray(String[]::new),
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
		return out.toString(StandardCharsets.UTF_8).lines().toList().get(1);
	}

	/**
	 * A new account's first sign-in up to its own password: the answer to choosing it
	 * (where the sign-in goes next).
	 */
	private static EntityExchangeResult<String> choosePassword(Visitor visitor, String name, String oneTime) {
		visitor.post("/sign-in", "name", name, "password", oneTime);
		visitor.get("/sign-in/password");
		return visitor.submit("/sign-in/password", "password", "plum orchard telescope", "repeated",
				"plum orchard telescope");
	}

	/** The second factor's key the enrolment page shows. */
	private static Totp enrolmentKey(Visitor visitor) {
		Matcher secret = Pattern.compile("id=\"secret\">([A-Z2-7 ]+)<")
			.matcher(visitor.get("/sign-in/enrol").getResponseBody());
		assertThat(secret.find()).isTrue();
		return Totp.ofBase32(secret.group(1).replace(" ", ""));
	}

	private static String newName(String prefix) {
		return prefix + (++users) + "-" + System.nanoTime() % 100_000;
	}

	/** An analyst through the whole first sign-in, on the console's first page. */
	private Visitor signedInAnalyst(String name) {
		Visitor visitor = new Visitor();
		assertThat(location(choosePassword(visitor, name, addUser(name, "analyst")))).isEqualTo("/");
		visitor.get("/");
		return visitor;
	}

	// --- tests
	// ---------------------------------------------------------------------------

	@Test
	void signInPageIsOpenAndEveryAnswerCarriesTheStrictHeaders() {
		EntityExchangeResult<String> page = new Visitor().get("/sign-in");
		assertThat(page.getStatus().value()).isEqualTo(200);
		HttpHeaders headers = page.getResponseHeaders();
		assertThat(headers.getFirst("Content-Security-Policy")).contains("script-src 'self'", "frame-ancestors 'none'")
			.doesNotContain("unsafe-inline", "unsafe-eval");
		assertThat(headers.getCacheControl()).isEqualTo("no-store");
		assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(page.getResponseBody()).contains("Sign in to Caduceus").doesNotContain("<script>", "style=\"");
	}

	@Test
	void pagesSendWhoeverIsNotSignedInToSignInAndBackAfterwards() {
		EntityExchangeResult<String> page = new Visitor().get("/incidents?status=NEW");
		assertThat(page.getStatus().value()).isEqualTo(303);
		assertThat(location(page)).isEqualTo("/sign-in?next=%2Fincidents%3Fstatus%3DNEW");
		assertThat(GATEWAY.received).isEmpty();
		EntityExchangeResult<String> form = new Visitor().get("/sign-in?next=//evil.example/x");
		assertThat(form.getResponseBody()).doesNotContain("evil.example");
	}

	@Test
	void firstSignInMustChooseANewPasswordAndTheSessionKeyChangesAtEachStep() {
		String name = newName("ada");
		String oneTime = addUser(name, "analyst");
		Visitor visitor = new Visitor();
		EntityExchangeResult<String> first = visitor.post("/sign-in", "name", name, "password", oneTime);
		assertThat(location(first)).isEqualTo("/sign-in/password");
		String pendingCookie = visitor.cookie;
		assertThat(first.getResponseHeaders().getFirst(HttpHeaders.SET_COOKIE)).containsIgnoringCase("HttpOnly")
			.contains("SameSite=Strict");
		// the pending session opens nothing but its step
		assertThat(location(visitor.get("/incidents"))).isEqualTo("/sign-in/password");
		visitor.get("/sign-in/password");
		EntityExchangeResult<String> weak = visitor.submit("/sign-in/password", "password", "short", "repeated",
				"short");
		assertThat(weak.getStatus().value()).isEqualTo(422);
		assertThat(weak.getResponseBody()).contains("at least 12 characters");
		EntityExchangeResult<String> differ = visitor.submit("/sign-in/password", "password", "plum orchard telescope",
				"repeated", "plum orchard telescopes");
		assertThat(differ.getResponseBody()).contains("the two entries differ");
		EntityExchangeResult<String> changed = visitor.submit("/sign-in/password", "password", "plum orchard telescope",
				"repeated", "plum orchard telescope");
		assertThat(location(changed)).isEqualTo("/");
		assertThat(visitor.cookie).isNotEqualTo(pendingCookie);
		// the key seen before the new password opens nothing
		Visitor stale = new Visitor();
		stale.cookie = pendingCookie;
		assertThat(location(stale.get("/"))).startsWith("/sign-in");
		EntityExchangeResult<String> work = visitor.get("/");
		assertThat(work.getStatus().value()).isEqualTo(200);
		assertThat(work.getResponseBody()).contains("My work", name);
		// the one-time password is spent
		assertThat(new Visitor().post("/sign-in", "name", name, "password", oneTime).getStatus().value())
			.isEqualTo(401);
		assertThat(location(new Visitor().post("/sign-in", "name", name, "password", "plum orchard telescope")))
			.isEqualTo("/");
	}

	@Test
	void theApiIsCalledWithTheSignedInUsersOwnTokenOnly() {
		String name = newName("bea");
		signedInAnalyst(name);
		List<StubGateway.Received> calls = GATEWAY.received("GET", "/api/v1/incidents");
		assertThat(calls).isNotEmpty().allSatisfy((call) -> {
			assertThat(call.user()).isEqualTo(name);
			assertThat(call.roles()).containsExactly("analyst");
		});
		assertThat(calls).anySatisfy((call) -> assertThat(call.query()).contains("assignee=" + name));
	}

	@Test
	void repeatedWrongPasswordsLockTheAccountEvenAgainstTheRightOne() {
		String name = newName("cid");
		String oneTime = addUser(name, "analyst");
		for (int i = 0; i < 5; i++) {
			EntityExchangeResult<String> wrong = new Visitor().post("/sign-in", "name", name, "password", "guess " + i);
			assertThat(wrong.getStatus().value()).isEqualTo(401);
		}
		EntityExchangeResult<String> locked = new Visitor().post("/sign-in", "name", name, "password", oneTime);
		assertThat(locked.getStatus().value()).isEqualTo(401);
		// after the lockout the right password works again
		this.clock.ahead.set(Duration.ofMinutes(16));
		assertThat(location(new Visitor().post("/sign-in", "name", name, "password", oneTime)))
			.isEqualTo("/sign-in/password");
	}

	@Test
	void anUnknownNameIsRefusedExactlyLikeAWrongPassword() {
		String name = newName("dan");
		addUser(name, "analyst");
		EntityExchangeResult<String> wrong = new Visitor().post("/sign-in", "name", name, "password", "wrong one");
		EntityExchangeResult<String> unknown = new Visitor().post("/sign-in", "name", "nobody-" + name, "password",
				"wrong one");
		assertThat(unknown.getStatus()).isEqualTo(wrong.getStatus());
		assertThat(unknown.getResponseBody().replace("nobody-" + name, name)).isEqualTo(wrong.getResponseBody());
	}

	@Test
	void anAdminMustEnrolASecondFactorAndEachCodeWorksOnce() {
		String name = newName("eve");
		Visitor visitor = new Visitor();
		assertThat(location(choosePassword(visitor, name, addUser(name, "admin")))).isEqualTo("/sign-in/enrol");
		assertThat(location(visitor.get("/"))).isEqualTo("/sign-in/enrol");
		Totp totp = enrolmentKey(visitor);
		assertThat(visitor.submit("/sign-in/enrol", "code", "000000").getStatus().value()).isEqualTo(422);
		Instant now = this.clock.instant();
		String code = totp.code(now);
		assertThat(location(visitor.submit("/sign-in/enrol", "code", code))).isEqualTo("/");
		assertThat(visitor.get("/").getResponseBody()).contains("Administration");
		// the next sign-in asks for a code, and the code just used is refused
		Visitor again = new Visitor();
		assertThat(location(again.post("/sign-in", "name", name, "password", "plum orchard telescope")))
			.isEqualTo("/sign-in/code");
		again.get("/sign-in/code");
		assertThat(again.submit("/sign-in/code", "code", code).getStatus().value()).isEqualTo(422);
		this.clock.ahead.set(Duration.ofSeconds(30));
		assertThat(location(again.submit("/sign-in/code", "code", totp.code(this.clock.instant())))).isEqualTo("/");
		// admins and auditors read the sign-in records; the failed code is there
		EntityExchangeResult<String> records = again.get("/admin/sign-ins");
		assertThat(records.getResponseBody()).contains("wrong code", "totp enrolled", "password changed", "signed in")
			.doesNotContain("argon2", totp.base32());
	}

	@Test
	void aChangeWithoutTheSessionsTokenOrFromAnotherSiteChangesNothing() {
		Visitor visitor = signedInAnalyst(newName("fay"));
		GATEWAY.answer("POST /api/v1/incidents/abc/notes", 201, "{\"id\":\"n1\"}");
		EntityExchangeResult<String> noToken = visitor.post("/incidents/abc/notes", "text", "hello");
		assertThat(noToken.getStatus().value()).isEqualTo(403);
		EntityExchangeResult<String> wrongToken = visitor.post("/incidents/abc/notes", "text", "hello", "_csrf",
				"forged");
		assertThat(wrongToken.getStatus().value()).isEqualTo(403);
		EntityExchangeResult<String> crossSite = this.web.post()
			.uri("/incidents/abc/notes")
			.cookie("caduceus_session", visitor.cookie)
			.header("Origin", "https://evil.example")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("text", "hello").with("_csrf", visitor.csrf))
			.exchange()
			.expectBody(String.class)
			.returnResult();
		assertThat(crossSite.getStatus().value()).isEqualTo(403);
		assertThat(GATEWAY.received("POST", "/api/v1/incidents/abc/notes")).isEmpty();
		EntityExchangeResult<String> fine = visitor.submit("/incidents/abc/notes", "text", "hello", "tlp", "GREEN");
		assertThat(location(fine)).isEqualTo("/incidents/abc");
		assertThat(GATEWAY.received("POST", "/api/v1/incidents/abc/notes")).singleElement()
			.satisfies((call) -> assertThat(call.body()).contains("\"text\":\"hello\"", "\"tlp\":\"GREEN\""));
	}

	@Test
	void observablesFoundLaterAreAddedFromTheIncidentsPageOrRefusedWhole() {
		Visitor visitor = signedInAnalyst(newName("oli"));
		GATEWAY.answer("POST /api/v1/observables/parse", 200,
				"{\"lines\":[{\"line\":1,\"input\":\"hxxp://evil[.]example/x\",\"type\":\"url\",\"value\":\"http://evil.example/x\",\"reason\":null},"
						+ "{\"line\":2,\"input\":\"198.51.100[.]7\",\"type\":\"ipv4-addr\",\"value\":\"198.51.100.7\",\"reason\":null}],\"valid\":2,\"invalid\":0}");
		GATEWAY.answer("POST /api/v1/incidents/abc/observables", 200, "{\"id\":\"abc\"}");
		EntityExchangeResult<String> added = visitor.submit("/incidents/abc/observables", "observables",
				"hxxp://evil[.]example/x\n198.51.100[.]7");
		assertThat(location(added)).isEqualTo("/incidents/abc");
		assertThat(GATEWAY.received("POST", "/api/v1/incidents/abc/observables")).extracting(StubGateway.Received::body)
			.containsExactly("{\"type\":\"url\",\"value\":\"http://evil.example/x\"}",
					"{\"type\":\"ipv4-addr\",\"value\":\"198.51.100.7\"}");

		// more than a paste may add: nothing is added
		GATEWAY.reset();
		StringBuilder lines = new StringBuilder("{\"lines\":[");
		for (int i = 0; i < 101; i++) {
			lines.append((i > 0) ? "," : "")
				.append("{\"line\":" + (i + 1) + ",\"type\":\"ipv4-addr\",\"value\":\"198.51.100." + i + "\"}");
		}
		GATEWAY.answer("POST /api/v1/observables/parse", 200, lines.append("]}").toString());
		EntityExchangeResult<String> tooMany = visitor.submit("/incidents/abc/observables", "observables", "many");
		assertThat(tooMany.getStatus().value()).isEqualTo(400);
		assertThat(tooMany.getResponseBody()).contains("At most 100 at once");
		assertThat(GATEWAY.received("POST", "/api/v1/incidents/abc/observables")).isEmpty();

		// one line the API cannot type: nothing is added
		GATEWAY.reset();
		GATEWAY.answer("POST /api/v1/observables/parse", 200,
				"{\"lines\":[{\"line\":1,\"input\":\"198.51.100[.]8\",\"type\":\"ipv4-addr\",\"value\":\"198.51.100.8\",\"reason\":null},"
						+ "{\"line\":2,\"input\":\"not an observable\",\"type\":null,\"value\":null,\"reason\":\"unknown type\"}],\"valid\":1,\"invalid\":1}");
		EntityExchangeResult<String> refused = visitor.submit("/incidents/abc/observables", "observables",
				"198.51.100[.]8\nnot an observable");
		// the console's error page: 400 with the API's reason
		assertThat(refused.getStatus().value()).isEqualTo(400);
		assertThat(refused.getResponseBody()).contains("line 2: unknown type");
		assertThat(GATEWAY.received("POST", "/api/v1/incidents/abc/observables")).isEmpty();
	}

	@Test
	void anIncidentsFieldsAreChangedAfterFilingWithTheVersionTheFormShowed() {
		Visitor visitor = signedInAnalyst(newName("eve"));
		GATEWAY.answer("GET /api/v1/incidents/x1", 200, IncidentJson.with("Lab ransomware", "note", "Lab"));
		GATEWAY.answer("PATCH /api/v1/incidents/x1", 200, IncidentJson.with("Lab ransomware", "note", "Lab"));

		// the filing form filled with what the API shows (reporter and observables left
		// out)
		EntityExchangeResult<String> form = visitor.get("/incidents/x1/edit");
		assertThat(form.getStatus().value()).isEqualTo(200);
		assertThat(form.getResponseBody())
			.contains("Edit NL-2026-000042", "value=\"Lab ransomware\"", "name=\"version\" value=\"3\"",
					"action=\"/incidents/x1/edit\"")
			.containsPattern("value=\"malicious-code/infected-system\"\\s+selected")
			.containsPattern("value=\"laboratory\"\\s+checked")
			.doesNotContain("name=\"reporter.organisation\"", "name=\"observables\"");

		EntityExchangeResult<String> saved = visitor.submit("/incidents/x1/edit", "version", "3", "title",
				"Lab ransomware, two sites", "classification", "malicious-code/infected-system", "careServices.shown",
				"1", "careServices", "laboratory", "careServices", "radiology", "severity", "CRITICAL", "tlp", "AMBER",
				"flags.shown", "1", "significant", "on", "medicalDevice", "", "description", "note\r\n", "awareAt",
				"2026-12-07T08:00", "pap", "AMBER");
		assertThat(location(saved)).isEqualTo("/incidents/x1");
		assertThat(GATEWAY.received("PATCH", "/api/v1/incidents/x1")).singleElement()
			.satisfies((call) -> assertThat(call.body())
				.contains("\"title\":\"Lab ransomware, two sites\"", "\"careServices\":[\"laboratory\",\"radiology\"]",
						"\"severity\":\"CRITICAL\"", "\"significant\":true", "\"suspectedMalicious\":false")
				// what the form holds unchanged is not sent: the time the form cut to the
				// minute, the description the browser sent with CRLF, the same PAP
				.doesNotContain("reporter", "observables", "medicalDevice", "awareAt", "description", "pap"));

		// the incident page's quick change: that field alone
		GATEWAY.reset();
		GATEWAY.answer("GET /api/v1/incidents/x1", 200, IncidentJson.with("Lab ransomware", "note", "Lab"));
		GATEWAY.answer("PATCH /api/v1/incidents/x1", 200, IncidentJson.with("Lab ransomware", "note", "Lab"));
		visitor.submit("/incidents/x1/edit", "version", "3", "severity", "LOW");
		assertThat(GATEWAY.received("PATCH", "/api/v1/incidents/x1")).singleElement()
			.satisfies((call) -> assertThat(call.body()).isEqualTo("{\"severity\":\"LOW\"}"));

		// the API's refusal: the form again, with its message next to the field
		GATEWAY.reset();
		GATEWAY.answer("GET /api/v1/incidents/x1", 200, IncidentJson.with("Lab ransomware", "note", "Lab"));
		GATEWAY.answer("PATCH /api/v1/incidents/x1", 400,
				"{\"title\":\"Invalid request\",\"status\":400,\"detail\":\"title: size must be between 1 and 200\",\"errors\":[{\"field\":\"title\",\"reason\":\"size must be between 1 and 200\"}]}");
		EntityExchangeResult<String> refused = visitor.submit("/incidents/x1/edit", "version", "3", "title",
				"x".repeat(201));
		assertThat(refused.getStatus().value()).isEqualTo(422);
		assertThat(refused.getResponseBody()).contains("Not saved.", "size must be between 1 and 200", "is-invalid");

		// changed meanwhile: the form again, the user's entries over the newer incident
		GATEWAY.answer("PATCH /api/v1/incidents/x1", 412,
				"{\"title\":\"Precondition Failed\",\"status\":412,\"detail\":\"The incident changed since version 3.\"}");
		EntityExchangeResult<String> conflict = visitor.submit("/incidents/x1/edit", "version", "3", "title",
				"My careful new title");
		assertThat(conflict.getStatus().value()).isEqualTo(409);
		assertThat(conflict.getResponseBody()).contains("Someone changed this incident meanwhile",
				"value=\"My careful new title\"", "name=\"version\" value=\"3\"", "value=\"laboratory\" checked");
	}

	@Test
	void aUserSavesTheirOwnViewsOfTheListAndNoOneElseSeesOrRemovesThem() {
		Visitor ann = signedInAnalyst(newName("ann"));
		Visitor bob = signedInAnalyst(newName("bob"));
		String hostile = "<img src=x onerror=alert(1)> high ones";

		// the filters only, under the user's own name; unknown parameters are dropped
		EntityExchangeResult<String> saved = ann.submit("/incidents/views", "name", hostile, "status", "NEW",
				"severity", "HIGH", "after", "cursor-1", "limit", "25", "evil", "1");
		assertThat(location(saved)).isEqualTo("/incidents?status=NEW&severity=HIGH");
		EntityExchangeResult<String> list = ann.get("/incidents");
		assertThat(list.getResponseBody())
			.contains("href=\"/incidents?status=NEW&amp;severity=HIGH\"",
					"&lt;img src=x onerror=alert(1)&gt; high ones")
			.doesNotContain("<img src=x");
		Matcher id = Pattern.compile("/incidents/views/([0-9a-f-]{36})/delete").matcher(list.getResponseBody());
		assertThat(id.find()).isTrue();

		// another user neither sees nor removes it (not theirs answers as not there)
		assertThat(bob.get("/incidents").getResponseBody()).doesNotContain("high ones");
		EntityExchangeResult<String> notHis = bob.submit("/incidents/views/" + id.group(1) + "/delete");
		EntityExchangeResult<String> nowhere = bob
			.submit("/incidents/views/00000000-0000-0000-0000-000000000000/delete");
		assertThat(notHis.getStatus().value()).isEqualTo(404).isEqualTo(nowhere.getStatus().value());
		assertThat(ann.get("/incidents").getResponseBody()).contains("high ones");

		// a name saved again takes the new filters; filters too long for a link: refused
		assertThat(location(ann.submit("/incidents/views", "name", hostile, "status", "TRIAGED")))
			.isEqualTo("/incidents?status=TRIAGED");
		assertThat(ann.get("/incidents").getResponseBody()).contains("/incidents?status=TRIAGED")
			.doesNotContain("/incidents?status=NEW&amp;severity=HIGH");
		assertThat(ann
			.submit("/incidents/views", "name", "long", "q", "x".repeat(400), "reporterOrganisation", "y".repeat(400),
					"observable", "z".repeat(400), "assignee", "w".repeat(400), "rsitType", "v".repeat(400),
					"careService", "u".repeat(400))
			.getStatus()
			.value()).isEqualTo(400);
		list = ann.get("/incidents");
		id = Pattern.compile("/incidents/views/([0-9a-f-]{36})/delete").matcher(list.getResponseBody());
		assertThat(id.find()).isTrue();

		// no filter, no view; the owner removes it
		assertThat(ann.submit("/incidents/views", "name", "everything").getStatus().value()).isEqualTo(400);
		assertThat(location(ann.submit("/incidents/views/" + id.group(1) + "/delete"))).isEqualTo("/incidents");
		assertThat(ann.get("/incidents").getResponseBody()).doesNotContain("high ones");
	}

	@Test
	void signingOutEverywhereEndsEverySessionOfTheUser() {
		String name = newName("gus");
		Visitor one = signedInAnalyst(name);
		Visitor two = new Visitor();
		assertThat(location(two.post("/sign-in", "name", name, "password", "plum orchard telescope"))).isEqualTo("/");
		two.get("/");
		assertThat(location(two.submit("/sign-out", "everywhere", "true"))).isEqualTo("/sign-in?signedOut");
		assertThat(location(one.get("/"))).startsWith("/sign-in");
	}

	@Test
	void aSessionEndsAfterItsIdleTimeAndAfterItsAbsoluteTime() {
		String name = newName("hal");
		Visitor idle = signedInAnalyst(name);
		this.clock.ahead.set(Duration.ofMinutes(29));
		assertThat(idle.get("/").getStatus().value()).isEqualTo(200);
		this.clock.ahead.set(Duration.ofMinutes(29 + 31));
		assertThat(location(idle.get("/"))).startsWith("/sign-in");
		this.clock.ahead.set(Duration.ZERO);
		Visitor busy = signedInAnalyst(newName("ida"));
		for (int minutes = 25; minutes < 12 * 60; minutes += 25) {
			this.clock.ahead.set(Duration.ofMinutes(minutes));
			assertThat(busy.get("/").getStatus().value()).as("after %d minutes", minutes).isEqualTo(200);
		}
		this.clock.ahead.set(Duration.ofMinutes(12 * 60 + 1));
		assertThat(location(busy.get("/"))).startsWith("/sign-in");
	}

	@Test
	void textAnOutsiderWroteIsShownInert() {
		Visitor visitor = signedInAnalyst(newName("jo"));
		String hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>";
		GATEWAY.answer("GET /api/v1/incidents/x1", 200, IncidentJson.with(hostile,
				"[link](javascript:alert(3)) <iframe src=//evil.example></iframe>", "\"onmouseover=\"alert(4)"));
		EntityExchangeResult<String> page = visitor.get("/incidents/x1");
		assertThat(page.getStatus().value()).isEqualTo(200);
		String body = page.getResponseBody();
		assertThat(body).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;iframe")
			.doesNotContain("<script>alert", "<img src=x", "<iframe", "javascript:alert", "\"onmouseover=\"alert");
		assertThat(page.getResponseHeaders().getCacheControl()).isEqualTo("no-store");
	}

	@Test
	void notThereAndNotYoursShowTheSamePage() {
		Visitor visitor = signedInAnalyst(newName("kai"));
		EntityExchangeResult<String> missing = visitor.get("/incidents/missing");
		assertThat(missing.getStatus().value()).isEqualTo(404);
		assertThat(missing.getResponseBody()).contains("There is nothing here that you may see.")
			.doesNotContain("Exception", "at org.");
	}

	@Test
	void filingSendsTheFormToTheApiAndShowsItsRefusalsByTheirFields() {
		Visitor visitor = signedInAnalyst(newName("lea"));
		visitor.get("/incidents/new");
		GATEWAY.answer("POST /api/v1/observables/parse", 200,
				"{\"lines\":[{\"line\":1,\"input\":\"hxxp://evil[.]example/x\",\"type\":\"url\",\"value\":\"http://evil.example/x\",\"reason\":null}],\"valid\":1,\"invalid\":0}");
		GATEWAY.answer("POST /api/v1/incidents", 400,
				"{\"title\":\"Invalid request\",\"status\":400,\"detail\":\"title: must not be blank\",\"errors\":[{\"field\":\"title\",\"reason\":\"must not be blank\"}]}");
		EntityExchangeResult<String> refused = visitor.submit("/incidents", "title", "", "classification",
				"malicious-code/infected-system", "tlp", "AMBER", "reporter.organisation", "Ziekenhuis Oost",
				"observables", "hxxp://evil[.]example/x", "significant", "on", "awareAt", "2026-12-07T08:00");
		assertThat(refused.getStatus().value()).isEqualTo(422);
		assertThat(refused.getResponseBody()).contains("is-invalid", "must not be blank", "Ziekenhuis Oost");
		String sent = GATEWAY.received("POST", "/api/v1/incidents").get(0).body();
		assertThat(sent).contains("\"rsitClass\":\"malicious-code\"", "\"rsitType\":\"infected-system\"",
				"\"organisation\":\"Ziekenhuis Oost\"", "\"significant\":true", "\"awareAt\":\"2026-12-07T08:00:00Z\"",
				"\"observables\":[{\"type\":\"url\",\"value\":\"http://evil.example/x\"}]");
		GATEWAY.answer("POST /api/v1/incidents", 201, "{\"id\":\"new1\",\"ref\":\"NL-2026-000001\"}");
		EntityExchangeResult<String> filed = visitor.submit("/incidents", "title", "Ransomware at Oost",
				"classification", "malicious-code/infected-system", "tlp", "AMBER", "reporter.organisation", "Oost");
		assertThat(location(filed)).isEqualTo("/incidents/new1");
	}

	/**
	 * An admin signed in through password change and enrolment, with the authenticator.
	 */
	record Enrolled(Visitor visitor, Totp totp) {
	}

	private Enrolled enrolledAdmin(String name) {
		Visitor visitor = new Visitor();
		assertThat(location(choosePassword(visitor, name, addUser(name, "admin")))).isEqualTo("/sign-in/enrol");
		Totp totp = enrolmentKey(visitor);
		assertThat(location(visitor.submit("/sign-in/enrol", "code", totp.code(this.clock.instant())))).isEqualTo("/");
		return new Enrolled(visitor, totp);
	}

	@Test
	void aRightPasswordFollowedByWrongCodesAgainAndAgainLocksTheAccount() {
		String name = newName("max");
		Totp totp = enrolledAdmin(name).totp();
		this.clock.ahead.set(Duration.ofMinutes(1));
		// a right password and a wrong code count alike: five attempts lock
		for (int round = 0; round < 2; round++) {
			Visitor guesser = new Visitor();
			assertThat(location(guesser.post("/sign-in", "name", name, "password", "plum orchard telescope")))
				.isEqualTo("/sign-in/code");
			guesser.get("/sign-in/code");
			assertThat(guesser.submit("/sign-in/code", "code", "000000").getStatus().value()).isEqualTo(422);
		}
		Visitor last = new Visitor();
		assertThat(location(last.post("/sign-in", "name", name, "password", "plum orchard telescope")))
			.isEqualTo("/sign-in/code");
		last.get("/sign-in/code");
		// locked by the fifth: the right code is refused, the session gone
		assertThat(last.submit("/sign-in/code", "code", totp.code(this.clock.instant())).getStatus().value())
			.isEqualTo(401);
		assertThat(
				new Visitor().post("/sign-in", "name", name, "password", "plum orchard telescope").getStatus().value())
			.isEqualTo(401);
	}

	@Test
	void aResetEndsEverySessionOfTheAccount() {
		String name = newName("ned");
		Visitor signedIn = signedInAnalyst(name);
		assertThat(signedIn.get("/").getStatus().value()).isEqualTo(200);
		String oneTime = resetUser(name);
		assertThat(location(signedIn.get("/"))).startsWith("/sign-in");
		assertThat(location(new Visitor().post("/sign-in", "name", name, "password", oneTime)))
			.isEqualTo("/sign-in/password");
	}

	@Test
	void aSecondEnrolmentLeftOpenCannotSignInOnceTheAccountHasItsFactor() {
		String name = newName("oli");
		Visitor first = new Visitor();
		assertThat(location(choosePassword(first, name, addUser(name, "admin")))).isEqualTo("/sign-in/enrol");
		// an intruder with the password opens an enrolment of their own and waits
		Visitor intruder = new Visitor();
		assertThat(location(intruder.post("/sign-in", "name", name, "password", "plum orchard telescope")))
			.isEqualTo("/sign-in/enrol");
		Totp intruders = enrolmentKey(intruder);
		Totp admins = enrolmentKey(first);
		assertThat(location(first.submit("/sign-in/enrol", "code", admins.code(this.clock.instant())))).isEqualTo("/");
		// the enrolment ended the account's other sessions, the intruder's too
		EntityExchangeResult<String> refused = intruder.submit("/sign-in/enrol", "code",
				intruders.code(this.clock.instant()));
		assertThat(location(refused)).startsWith("/sign-in");
		assertThat(location(intruder.get("/"))).startsWith("/sign-in");
		assertThat(first.get("/").getStatus().value()).isEqualTo(200);
	}

	@Test
	void aHalfDoneSignInWaitsFiveMinutesAndCannotSignOthersOut() {
		String name = newName("pia");
		Enrolled admin = enrolledAdmin(name);
		Visitor half = new Visitor();
		assertThat(location(half.post("/sign-in", "name", name, "password", "plum orchard telescope")))
			.isEqualTo("/sign-in/code");
		half.get("/sign-in/code");
		assertThat(location(half.submit("/sign-out", "everywhere", "true"))).isEqualTo("/sign-in?signedOut");
		assertThat(admin.visitor().get("/").getStatus().value()).isEqualTo(200);
		Visitor slow = new Visitor();
		assertThat(location(slow.post("/sign-in", "name", name, "password", "plum orchard telescope")))
			.isEqualTo("/sign-in/code");
		this.clock.ahead.set(Duration.ofMinutes(6));
		assertThat(location(slow.get("/sign-in/code"))).startsWith("/sign-in?");
		assertThat(admin.visitor().get("/").getStatus().value()).isEqualTo(200);
	}

	@Test
	void aNameWithoutAnAccountIsRecordedByADigestNotAsTyped() {
		Enrolled admin = enrolledAdmin(newName("quin"));
		new Visitor().post("/sign-in", "name", "my secret passphrase", "password", "x");
		String records = admin.visitor().get("/admin/sign-ins").getResponseBody();
		assertThat(records).contains(org.caduceus.console.account.Accounts.unknownName("my secret passphrase"))
			.doesNotContain("my secret passphrase");
	}

	@Test
	void overTlsTheCookieIsSecureAndHostBound() {
		String name = newName("ray");
		String oneTime = addUser(name, "analyst");
		EntityExchangeResult<String> signIn = this.web.post()
			.uri("/sign-in")
			.header("X-Caduceus-Client-Scheme", "https")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("name", name).with("password", oneTime))
			.exchange()
			.expectBody(String.class)
			.returnResult();
		String cookie = signIn.getResponseHeaders().getFirst(HttpHeaders.SET_COOKIE);
		assertThat(cookie).startsWith("__Host-caduceus_session=")
			.containsIgnoringCase("Secure")
			.contains("Path=/")
			.doesNotContainIgnoringCase("Domain");
	}

	@Test
	void aFormFromAnotherHostOrAnOpaqueOriginIsRefusedAndTheSameHostOverTlsIsNot() {
		String name = newName("sam");
		String oneTime = addUser(name, "analyst");
		for (String origin : new String[] { "https://evil.example", "null", "http://localhost.evil.example" }) {
			assertThat(this.web.post()
				.uri("/sign-in")
				.header("Origin", origin)
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.body(BodyInserters.fromFormData("name", name).with("password", oneTime))
				.exchange()
				.expectBody(String.class)
				.returnResult()
				.getStatus()
				.value()).as(origin).isEqualTo(403);
		}
		EntityExchangeResult<String> same = this.web.post()
			.uri("/sign-in")
			.header("Host", "console.example")
			.header("Origin", "https://console.example")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("name", name).with("password", oneTime))
			.exchange()
			.expectBody(String.class)
			.returnResult();
		assertThat(same.getStatus().value()).isEqualTo(303);
	}

	@Test
	void contactsShowTheCardsAndTheConfidentialPartOnlyOnAnExplicitRecordedRead() {
		Visitor visitor = signedInAnalyst(newName("tom"));
		GATEWAY.answer("GET /api/v1/contacts/directory", 200,
				"[{\"id\":\"own\",\"own\":true,\"card\":{\"teamName\":\"Z-CERT\",\"country\":\"NL\",\"constituency\":\"hospitals\",\"sector\":\"health\",\"website\":\"javascript:alert(1)\",\"rfc2350Url\":null,\"fingerprint\":\"AB12\"},\"cardVersion\":2,\"updatedAt\":\"2026-12-07T08:00:00Z\"}]");
		GATEWAY.answer("GET /api/v1/contacts/card", 200,
				"{\"version\":2,\"publicPart\":{\"teamName\":\"Z-CERT\",\"country\":\"NL\",\"constituency\":\"hospitals\",\"sector\":\"health\",\"website\":null,\"rfc2350Url\":null,\"fingerprint\":\"AB12\"},\"updatedAt\":\"2026-12-07T08:00:00Z\"}");
		GATEWAY.answer("GET /api/v1/contacts/partners", 200,
				"[{\"id\":\"cert-be\",\"country\":\"BE\",\"fingerprint\":\"CD34\",\"pinnedBy\":\"root\",\"pinnedAt\":\"2026-12-01T00:00:00Z\",\"card\":{\"teamName\":\"<script>alert(2)</script>CERT.be\",\"country\":\"BE\",\"constituency\":\"all\",\"sector\":\"health\",\"website\":null,\"rfc2350Url\":null,\"fingerprint\":\"CD34\"},\"cardVersion\":4,\"receivedAt\":\"2026-12-02T00:00:00Z\",\"pendingFingerprint\":null,\"keyDecisions\":[]}]");
		GATEWAY.answer("GET /api/v1/contacts/partners/cert-be/confidential", 200,
				"{\"id\":\"cert-be\",\"cardVersion\":4,\"confidential\":{\"phone24x7\":\"+32 2 000 00 00\",\"emergencyEmail\":\"cert@cert.be\",\"onCall\":[]},\"receivedAt\":\"2026-12-02T00:00:00Z\"}");
		EntityExchangeResult<String> page = visitor.get("/contacts");
		assertThat(page.getStatus().value()).isEqualTo(200);
		assertThat(page.getResponseBody()).contains("Z-CERT", "CD34", "&lt;script&gt;alert(2)&lt;/script&gt;CERT.be")
			.doesNotContain("<script>alert", "+32 2 000 00 00", "javascript:alert");
		assertThat(GATEWAY.received("GET", "/api/v1/contacts/partners/cert-be/confidential")).isEmpty();
		// a read has to be asked for, with the session's token
		assertThat(visitor.post("/contacts/partners/cert-be/confidential").getStatus().value()).isEqualTo(403);
		EntityExchangeResult<String> read = visitor.submit("/contacts/partners/cert-be/confidential");
		assertThat(read.getResponseBody()).contains("+32 2 000 00 00", "This read was recorded");
		assertThat(read.getResponseHeaders().getCacheControl()).isEqualTo("no-store");
		assertThat(GATEWAY.received("GET", "/api/v1/contacts/partners/cert-be/confidential")).hasSize(1);
	}

	@Test
	void anAdminIssuesAPartnerKeySeenOnceAndRevokesIt() {
		Visitor admin = enrolledAdmin(newName("una")).visitor();
		GATEWAY.answer("GET /api/v1/admin/api-keys", 200,
				"[{\"id\":\"k1\",\"partner\":\"cert-be\",\"description\":\"TAXII\",\"collections\":[\"health-sector-green\"],\"canWrite\":false,\"createdAt\":\"2026-12-07T08:00:00Z\",\"createdBy\":\"una\",\"expiresAt\":\"2027-03-07T08:00:00Z\",\"revokedAt\":null,\"lastUsedAt\":null,\"state\":\"active\"}]");
		GATEWAY.answer("POST /api/v1/admin/api-keys", 201,
				"{\"apiKey\":{\"id\":\"k1\",\"partner\":\"cert-be\",\"description\":\"TAXII\",\"collections\":[\"health-sector-green\"],\"canWrite\":false,\"createdAt\":\"2026-12-07T08:00:00Z\",\"createdBy\":\"una\",\"expiresAt\":\"2027-03-07T08:00:00Z\",\"revokedAt\":null,\"lastUsedAt\":null,\"state\":\"active\"},\"key\":\"cdk_secret-value-once\",\"notice\":\"shown once\"}");
		GATEWAY.answer("DELETE /api/v1/admin/api-keys/k1", 204, "");
		admin.get("/admin/api-keys");
		EntityExchangeResult<String> issued = admin.submit("/admin/api-keys", "partner", "cert-be", "collections",
				"health-sector-green", "validDays", "90", "description", "TAXII");
		assertThat(issued.getResponseBody()).contains("cdk_secret-value-once", "shown this once");
		assertThat(GATEWAY.received("POST", "/api/v1/admin/api-keys").get(0).body()).contains("\"partner\":\"cert-be\"",
				"\"collections\":[\"health-sector-green\"]", "\"validDays\":90", "\"canWrite\":false");
		assertThat(admin.get("/admin/api-keys").getResponseBody()).doesNotContain("cdk_secret-value-once");
		assertThat(location(admin.submit("/admin/api-keys/k1/revoke"))).isEqualTo("/admin/api-keys");
		assertThat(GATEWAY.received("DELETE", "/api/v1/admin/api-keys/k1")).hasSize(1);
	}

	@Test
	void theApiDecidesWhoMayAdministerAndTheConsoleShowsItsRefusal() {
		Visitor analyst = signedInAnalyst(newName("vic"));
		GATEWAY.answer("GET /api/v1/admin/peers", 403,
				"{\"title\":\"Forbidden\",\"status\":403,\"detail\":\"The admin role is needed.\"}");
		EntityExchangeResult<String> refused = analyst.get("/admin/peers");
		assertThat(refused.getStatus().value()).isEqualTo(403);
		assertThat(refused.getResponseBody()).contains("Not allowed").doesNotContain("Pinned Ed25519 key");
		assertThat(GATEWAY.received("GET", "/api/v1/admin/peers")).singleElement()
			.satisfies((call) -> assertThat(call.roles()).containsExactly("analyst"));
	}

	@Test
	void anOpenEscalationListHearsOfAChangeAndItsStreamEndsWithTheSession() {
		Visitor coordinator = signedInAnalyst(newName("wes"));
		String one = "{\"items\":[{\"id\":\"e1\",\"status\":\"DELIVERED\",\"updatedAt\":\"2026-12-07T08:00:00Z\"}],\"next\":null}";
		String two = "{\"items\":[{\"id\":\"e1\",\"status\":\"ACCEPTED\",\"updatedAt\":\"2026-12-07T08:01:00Z\"}],\"next\":null}";
		GATEWAY.answer("GET /api/v1/escalations", 200, one);
		Flux<ServerSentEvent<String>> stream = this.web.get()
			.uri("/escalations/events?box=inbox")
			.cookie("caduceus_session", coordinator.cookie)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.getResponseBody();
		BlockingQueue<ServerSentEvent<String>> received = new LinkedBlockingQueue<>();
		Disposable listening = stream.subscribe(received::add);
		try {
			// unchanged: comment lines only, which keep the stream open
			ServerSentEvent<String> first = poll(received);
			assertThat(first.event()).isNull();
			assertThat(first.comment()).isEqualTo("unchanged");
			GATEWAY.answer("GET /api/v1/escalations", 200, two);
			ServerSentEvent<String> changed = null;
			for (int i = 0; i < 50 && changed == null; i++) {
				ServerSentEvent<String> next = poll(received);
				if ("changed".equals(next.event())) {
					changed = next;
				}
			}
			assertThat(changed).isNotNull();
			assertThat(changed.data()).isEqualTo("inbox");
			// signed out: the stream stops asking the API as that user
			coordinator.get("/");
			coordinator.submit("/sign-out");
			int before = GATEWAY.received("GET", "/api/v1/escalations").size();
			long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
			while (!listening.isDisposed() && System.nanoTime() < deadline) {
				ServerSentEvent<String> next = pollOrNull(received);
				if (next == null) {
					break;
				}
			}
			assertThat(GATEWAY.received("GET", "/api/v1/escalations").size()).isLessThanOrEqualTo(before + 1);
		}
		finally {
			listening.dispose();
		}
	}

	private static ServerSentEvent<String> poll(BlockingQueue<ServerSentEvent<String>> queue) {
		ServerSentEvent<String> next = pollOrNull(queue);
		assertThat(next).as("an event within 5 s").isNotNull();
		return next;
	}

	private static @Nullable ServerSentEvent<String> pollOrNull(BlockingQueue<ServerSentEvent<String>> queue) {
		try {
			return queue.poll(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void filterValuesReachTheApiAsTheyWereChosen() {
		Visitor visitor = signedInAnalyst(newName("xan"));
		GATEWAY.answer("GET /api/v1/incidents", 200, "{\"items\":[],\"next\":\"c2\"}");
		EntityExchangeResult<String> page = visitor.get("/incidents?tlp={tlp}&q={q}", "AMBER+STRICT", "{x} y");
		assertThat(page.getStatus().value()).isEqualTo(200);
		assertThat(GATEWAY.received("GET", "/api/v1/incidents"))
			.anySatisfy((call) -> assertThat(call.query()).contains("tlp=AMBER%2BSTRICT", "q=%7Bx%7D%20y"));
		// the next page's link keeps them too
		assertThat(page.getResponseBody()).contains("tlp=AMBER%2BSTRICT", "q=%7Bx%7D+y", "after=c2");
	}

}
