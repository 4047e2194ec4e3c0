package org.caduceus.console;

import org.caduceus.testsupport.MovableClock;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import org.bson.Document;
import org.caduceus.console.account.SignInEvent;
import org.caduceus.testsupport.ServiceTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production sign-in: the console against a real OpenID Connect provider (Spring
 * Authorization Server, in a process of its own), followed hop by hop as a browser
 * follows it: the authorization code flow with PKCE, the provider's own login form, the
 * tokens checked, the API called with the provider's access token, its renewal, and a
 * sign-out that ends the sign-in at the provider too. The attacks: a forged state, a
 * callback in a browser that did not start the sign-in, a code used twice, a user the
 * provider knows without a Caduceus role, a local account's password.
 */
@ServiceTest
@org.springframework.context.annotation.Import(MovableClock.InPlace.class)
class OidcSignInIntegrationTests {

	private static final int CONSOLE_PORT = TestProvider.freePort();

	private static final String CONSOLE = "http://127.0.0.1:" + CONSOLE_PORT;

	private static final TestProvider PROVIDER = new TestProvider(CONSOLE,
			"carla:carla-pw:coordinator;ana:ana-pw:analyst+auditor;nobody:nobody-pw:");

	private static final StubGateway GATEWAY = new StubGateway(OidcSignInIntegrationTests::signedByTheProvider);

	@DynamicPropertySource
	static void console(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> CONSOLE_PORT);
		registry.add("caduceus.console.gateway-url", GATEWAY::url);
		registry.add("caduceus.console.user-key", () -> "/nonexistent/user-jwt.key.pem");
		registry.add("caduceus.console.oidc.issuer-uri", PROVIDER::url);
		registry.add("caduceus.console.oidc.client-id", () -> TestProvider.CLIENT_ID);
		registry.add("caduceus.console.oidc.client-secret", () -> TestProvider.CLIENT_SECRET);
		registry.add("caduceus.console.oidc.audience", () -> TestProvider.AUDIENCE);
		registry.add("caduceus.console.oidc.roles-claim", () -> "realm_access.roles");
		registry.add("caduceus.console.oidc.label", () -> "Health SSO");
	}

	@AfterAll
	static void stop() {
		PROVIDER.close();
	}

	/** The gateway's check of a provider token: the provider's key, issuer, audience. */
	private static boolean signedByTheProvider(SignedJWT jwt) {
		try {
			JWKSet keys = JWKSet.load(URI.create(PROVIDER.url() + "/oauth2/jwks").toURL());
			RSAKey key = (RSAKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID());
			return key != null && jwt.verify(new RSASSAVerifier(key))
					&& PROVIDER.url().equals(jwt.getJWTClaimsSet().getIssuer())
					&& jwt.getJWTClaimsSet().getAudience().contains(TestProvider.AUDIENCE);
		}
		catch (Exception ex) {
			return false;
		}
	}

	@Autowired
	MovableClock clock;

	@Autowired
	ReactiveMongoOperations mongo;

	@BeforeEach
	void fresh() {
		GATEWAY.resetToEmptyLists();
		this.clock.ahead.set(Duration.ZERO);
	}

	@Test
	void signsInAtTheProviderAndCallsTheApiWithItsAccessToken() {
		Browser browser = new Browser();
		HttpResponse<String> signInPage = browser.get(CONSOLE + "/sign-in");
		assertThat(signInPage.body()).contains("Sign in with Health SSO").doesNotContain("name=\"password\"");

		HttpResponse<String> toProvider = browser.get(CONSOLE + "/sign-in/oidc?next=%2Fincidents");
		assertThat(toProvider.statusCode()).isEqualTo(303);
		Map<String, String> authorize = query(location(toProvider));
		assertThat(location(toProvider)).startsWith(PROVIDER.url() + "/oauth2/authorize?");
		assertThat(authorize).containsEntry("response_type", "code")
			.containsEntry("client_id", TestProvider.CLIENT_ID)
			.containsEntry("code_challenge_method", "S256")
			.containsEntry("redirect_uri", CONSOLE + "/sign-in/oidc/callback")
			.containsKeys("state", "nonce", "code_challenge");
		assertThat(authorize.get("scope")).contains("openid");
		// the sign-in cookie must come back on a navigation from the provider's site
		assertThat(toProvider.headers().allValues("Set-Cookie"))
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("caduceus_oidc=")
				.containsIgnoringCase("HttpOnly")
				.contains("SameSite=Lax"));

		HttpResponse<String> onward = browser.atTheProvider(location(toProvider), "carla", "carla-pw");
		assertThat(onward.statusCode()).isEqualTo(200);
		assertThat(onward.body()).contains("http-equiv=\"refresh\"").contains("url=/incidents");
		assertThat(onward.headers().allValues("Set-Cookie"))
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("caduceus_session=").contains("SameSite=Strict"));

		HttpResponse<String> page = browser.get(CONSOLE + "/incidents");
		assertThat(page.statusCode()).isEqualTo(200);
		List<StubGateway.Received> calls = GATEWAY.received("GET", "/api/v1/incidents");
		assertThat(calls).isNotEmpty().allSatisfy((call) -> {
			assertThat(call.user()).isEqualTo("carla");
			assertThat(call.roles()).containsExactly("coordinator");
		});

		// the store keeps the session's tokens sealed: no token can be read from a backup
		String token = calls.get(0).token();
		List<Document> sessions = this.mongo.findAll(Document.class, "sessions").collectList().block();
		assertThat(sessions).isNotEmpty()
			.allSatisfy((session) -> assertThat(session.toJson()).doesNotContain(token)
				.doesNotContain(token.substring(token.lastIndexOf('.') + 1)));
		assertThat(events("carla")).contains(SignInEvent.Kind.SIGNED_IN);
	}

	@Test
	void takesTheConsolesRoleFromTheAccessTokensRoles() {
		Browser browser = new Browser();
		browser.signIn("ana", "ana-pw");
		browser.get(CONSOLE + "/");
		// analyst and auditor: the console works as an analyst; the API sees both
		assertThat(GATEWAY.received).isNotEmpty()
			.allSatisfy((call) -> assertThat(call.roles()).containsExactlyInAnyOrder("analyst", "auditor"));
		HttpResponse<String> figures = browser.get(CONSOLE + "/figures");
		assertThat(figures.statusCode()).isEqualTo(404);
	}

	@Test
	void renewsTheAccessTokenBeforeItExpires() {
		Browser browser = new Browser();
		browser.signIn("carla", "carla-pw");
		browser.get(CONSOLE + "/incidents");
		String first = GATEWAY.received("GET", "/api/v1/incidents").get(0).token();
		String sealedBefore = sealedTokens();

		// 4 min 40 s on: the provider's 5-minute token is within 30 s of its expiry
		GATEWAY.resetToEmptyLists();
		this.clock.ahead.set(Duration.ofSeconds(280));
		HttpResponse<String> page = browser.get(CONSOLE + "/incidents");
		assertThat(page.statusCode()).isEqualTo(200);
		String renewed = GATEWAY.received("GET", "/api/v1/incidents").get(0).token();
		assertThat(renewed).isNotEqualTo(first);
		assertThat(sealedTokens()).isNotEqualTo(sealedBefore);
	}

	@Test
	void aRenewalTheProviderRefusesEndsTheSession() throws Exception {
		Browser browser = new Browser();
		browser.signIn("carla", "carla-pw");
		assertThat(browser.get(CONSOLE + "/incidents").statusCode()).isEqualTo(200);
		// the provider revokes the session's refresh token (the user disabled there)
		String refresh = providerTokens(browser.cookie("caduceus_session")).refresh();
		HttpResponse<String> revoked = browser
			.send(HttpRequest.newBuilder(URI.create(PROVIDER.url() + "/oauth2/revoke"))
				.header("Authorization",
						"Basic " + java.util.Base64.getEncoder()
							.encodeToString((TestProvider.CLIENT_ID + ":" + TestProvider.CLIENT_SECRET)
								.getBytes(StandardCharsets.UTF_8)))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("token=" + refresh + "&token_type_hint=refresh_token"))
				.build());
		assertThat(revoked.statusCode()).isEqualTo(200);
		// due for renewal: the provider refuses it, and the session ends at once
		this.clock.ahead.set(Duration.ofSeconds(280));
		HttpResponse<String> page = browser.get(CONSOLE + "/incidents");
		assertThat(page.statusCode()).isEqualTo(303);
		assertThat(location(page)).startsWith(CONSOLE + "/sign-in");
		this.clock.ahead.set(Duration.ZERO);
		assertThat(browser.get(CONSOLE + "/incidents").statusCode()).isEqualTo(303);
	}

	/** What the store keeps for the session this cookie opens, opened with it. */
	private org.caduceus.console.session.ProviderTokens providerTokens(String cookie) {
		return this.mongo.findAll(Document.class, "sessions")
			.filter((session) -> session.get("tokens") != null)
			.map((session) -> {
				Document tokens = session.get("tokens", Document.class);
				return new org.caduceus.console.session.ProviderTokens.Sealed(tokens.getString("box"),
						tokens.getDate("accessExpiresAt").toInstant());
			}).<org.caduceus.console.session.ProviderTokens>handle((sealed, sink) -> {
				try {
					sink.next(sealed.open(cookie));
				}
				catch (IllegalStateException ex) {
					// another test's session
				}
			})
			.blockFirst();
	}

	@Test
	void signOutEndsTheSessionHereAndAtTheProvider() {
		Browser browser = new Browser();
		HttpResponse<String> home = browser.signIn("carla", "carla-pw");
		String csrf = csrf(browser.get(CONSOLE + "/").body());

		HttpResponse<String> out = browser.post(CONSOLE + "/sign-out", Map.of("_csrf", csrf));
		assertThat(out.statusCode()).isEqualTo(303);
		String endSession = location(out);
		assertThat(endSession).startsWith(PROVIDER.url() + "/connect/logout?");
		assertThat(query(endSession)).containsKey("id_token_hint")
			.containsEntry("post_logout_redirect_uri", CONSOLE + "/sign-in?signedOut");
		HttpResponse<String> back = browser.get(endSession);
		assertThat(location(back)).isEqualTo(CONSOLE + "/sign-in?signedOut");

		assertThat(browser.get(CONSOLE + "/incidents").statusCode()).isEqualTo(303);
		// signed out at the provider too: a new sign-in meets its login form again
		HttpResponse<String> again = browser.get(location(browser.get(CONSOLE + "/sign-in/oidc")));
		assertThat(location(again)).isEqualTo(PROVIDER.url() + "/login");
		assertThat(home.statusCode()).isEqualTo(200);
		assertThat(events("carla")).contains(SignInEvent.Kind.SIGNED_OUT);
	}

	@Test
	void refusesAForgedStateAndACallbackInABrowserThatDidNotStartTheSignIn() {
		Browser victim = new Browser();
		Browser attacker = new Browser();
		// the attacker's own code, pushed into the victim's browser (which has no
		// sign-in cookie)
		String callback = attacker.codeFromTheProvider("carla", "carla-pw");
		HttpResponse<String> planted = victim.get(callback);
		assertThat(planted.statusCode()).isEqualTo(400);
		assertThat(planted.headers().allValues("Set-Cookie")).noneMatch((c) -> c.startsWith("caduceus_session="));

		// the right browser, a state that is not the one it was given
		String forged = callback.replaceAll("state=[^&]+", "state=forged");
		HttpResponse<String> refused = attacker.get(forged);
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.body()).doesNotContain("forged");
		assertThat(refused.headers().allValues("Set-Cookie")).noneMatch((c) -> c.startsWith("caduceus_session="));
		// and the sign-in it began is spent: the genuine callback no longer works either
		assertThat(attacker.get(callback).statusCode()).isEqualTo(400);
		assertThat(eventDetails()).anyMatch((detail) -> detail.contains("state"));
	}

	@Test
	void aCodeServesOnce() {
		Browser browser = new Browser();
		String callback = browser.codeFromTheProvider("carla", "carla-pw");
		assertThat(browser.get(callback).statusCode()).isEqualTo(200);
		// replayed, even with a sign-in cookie of a new sign-in: refused
		browser.get(CONSOLE + "/sign-in/oidc");
		assertThat(browser.get(callback).statusCode()).isEqualTo(401);
	}

	@Test
	void refusesAUserWithoutACaduceusRole() {
		Browser browser = new Browser();
		HttpResponse<String> refused = browser.get(browser.codeFromTheProvider("nobody", "nobody-pw"));
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.body()).contains("could not be completed");
		assertThat(refused.headers().allValues("Set-Cookie")).noneMatch((c) -> c.startsWith("caduceus_session="));
		assertThat(eventDetails()).anyMatch((detail) -> detail.contains("no Caduceus role"));
		assertThat(GATEWAY.received).isEmpty();
	}

	@Test
	void takesNoLocalPassword() {
		Browser browser = new Browser();
		HttpResponse<String> refused = browser.post(CONSOLE + "/sign-in",
				Map.of("name", "carla", "password", "carla-pw"));
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("signs in through Health SSO only");
		assertThat(refused.headers().allValues("Set-Cookie")).noneMatch((c) -> c.startsWith("caduceus_session="));
	}

	/**
	 * The whole way in a real Chromium: the provider's redirect back is a navigation from
	 * another site, with which a browser withholds the session's SameSite=Strict cookie;
	 * the onward page's own navigation must carry it, or the user lands on the sign-in
	 * page again.
	 */
	@Test
	void aRealBrowserSignsInAtTheProviderAndLandsOnTheConsole() throws IOException {
		org.junit.jupiter.api.Assumptions.assumeTrue(
				java.nio.file.Files.isExecutable(CHROMIUM) && java.nio.file.Files.isExecutable(CHROMEDRIVER),
				"no Chromium here (Debian's chromium and chromium-driver): the browser sign-in is not tested");
		java.nio.file.Path profile = java.nio.file.Files.createTempDirectory("caduceus-chromium");
		org.openqa.selenium.chrome.ChromeOptions options = new org.openqa.selenium.chrome.ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
				"--user-data-dir=" + profile);
		org.openqa.selenium.WebDriver chromium = new org.openqa.selenium.chrome.ChromeDriver(
				new org.openqa.selenium.chrome.ChromeDriverService.Builder()
					.usingDriverExecutable(CHROMEDRIVER.toFile())
					.build(),
				options);
		try {
			org.openqa.selenium.support.ui.WebDriverWait wait = new org.openqa.selenium.support.ui.WebDriverWait(
					chromium, Duration.ofSeconds(30));
			chromium.get(CONSOLE + "/incidents");
			wait.until((d) -> d.findElement(org.openqa.selenium.By.id("provider-sign-in"))).click();
			wait.until((d) -> d.findElement(org.openqa.selenium.By.name("username"))).sendKeys("carla");
			chromium.findElement(org.openqa.selenium.By.name("password")).sendKeys("carla-pw");
			chromium.findElement(org.openqa.selenium.By.cssSelector("button[type=submit]")).click();
			wait.until((d) -> d.getCurrentUrl().equals(CONSOLE + "/incidents")
					&& !d.findElements(org.openqa.selenium.By.tagName("h1")).isEmpty());
			assertThat(chromium.findElement(org.openqa.selenium.By.tagName("h1")).getText()).contains("Incidents");
			assertThat(GATEWAY.received("GET", "/api/v1/incidents")).isNotEmpty()
				.allSatisfy((call) -> assertThat(call.user()).isEqualTo("carla"));
		}
		finally {
			chromium.quit();
		}
	}

	private static final java.nio.file.Path CHROMIUM = java.nio.file.Path.of("/usr/bin/chromium");

	private static final java.nio.file.Path CHROMEDRIVER = java.nio.file.Path.of("/usr/bin/chromedriver");

	// --- helpers ---------------------------------------------------------------

	private List<SignInEvent.Kind> events(String user) {
		return this.mongo.find(Query.query(Criteria.where("user").is(user)), SignInEvent.class)
			.map(SignInEvent::kind)
			.collectList()
			.block();
	}

	private List<String> eventDetails() {
		return this.mongo
			.find(Query.query(Criteria.where("kind").is(SignInEvent.Kind.PROVIDER_REFUSED)), SignInEvent.class)
			.map((event) -> String.valueOf(event.detail()))
			.collectList()
			.block();
	}

	private String sealedTokens() {
		return this.mongo.findAll(Document.class, "sessions")
			.map((session) -> String.valueOf(session.get("tokens")))
			.collect(Collectors.joining("|"))
			.block();
	}

	private static String csrf(String page) {
		Matcher matcher = Pattern.compile("name=\"(?:_csrf|csrf-token)\" (?:value|content)=\"([^\"]+)\"").matcher(page);
		assertThat(matcher.find()).as("a CSRF token on the page").isTrue();
		return matcher.group(1);
	}

	private static String location(HttpResponse<?> response) {
		String location = response.headers().firstValue("Location").orElseThrow();
		return URI.create(response.uri().toString()).resolve(location).toString();
	}

	private static Map<String, String> query(String url) {
		Map<String, String> query = new LinkedHashMap<>();
		String raw = URI.create(url).getRawQuery();
		for (String pair : (raw != null) ? raw.split("&") : new String[0]) {
			int equals = pair.indexOf('=');
			query.put(decode((equals < 0) ? pair : pair.substring(0, equals)),
					(equals < 0) ? "" : decode(pair.substring(equals + 1)));
		}
		return query;
	}

	private static String decode(String text) {
		return java.net.URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

	/**
	 * A browser as far as the protocol goes: a cookie jar, each redirect followed by
	 * hand.
	 */
	static final class Browser {

		private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

		private final HttpClient http = HttpClient.newBuilder()
			.cookieHandler(this.cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();

		HttpResponse<String> get(String url) {
			return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET().build());
		}

		HttpResponse<String> post(String url, Map<String, String> fields) {
			String form = fields.entrySet()
				.stream()
				.map((field) -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
						+ URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
				.collect(Collectors.joining("&"));
			return send(HttpRequest.newBuilder(URI.create(url))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Accept", "text/html")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build());
		}

		/** Signed in and on the console's first page, as the onward page leads. */
		HttpResponse<String> signIn(String user, String password) {
			HttpResponse<String> onward = atTheProvider(location(get(CONSOLE + "/sign-in/oidc")), user, password);
			assertThat(onward.statusCode()).as(onward.body()).isEqualTo(200);
			return get(CONSOLE + "/");
		}

		/** The provider's redirect back to the console, not followed. */
		String codeFromTheProvider(String user, String password) {
			return toCallback(location(get(CONSOLE + "/sign-in/oidc")), user, password);
		}

		/** From the provider's authorization end point to the console's answer. */
		HttpResponse<String> atTheProvider(String authorize, String user, String password) {
			return get(toCallback(authorize, user, password));
		}

		private String toCallback(String authorize, String user, String password) {
			String next = authorize;
			for (int hop = 0; hop < 10; hop++) {
				if (next.startsWith(CONSOLE)) {
					return next;
				}
				HttpResponse<String> response = get(next);
				if (response.statusCode() == 200 && response.body().contains("name=\"password\"")) {
					Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(response.body());
					assertThat(csrf.find()).as("the provider's login form").isTrue();
					response = post(PROVIDER.url() + "/login",
							Map.of("username", user, "password", password, "_csrf", csrf.group(1)));
				}
				assertThat(response.statusCode()).as(response.body()).isBetween(301, 303);
				next = location(response);
			}
			throw new AssertionError("the provider never sent the browser back");
		}

		String cookie(String name) {
			return this.cookies.getCookieStore()
				.getCookies()
				.stream()
				.filter((cookie) -> cookie.getName().equals(name))
				.map(java.net.HttpCookie::getValue)
				.findFirst()
				.orElseThrow();
		}

		HttpResponse<String> send(HttpRequest request) {
			try {
				return this.http.send(request, HttpResponse.BodyHandlers.ofString());
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

}
