package org.caduceus.console.session;

import java.net.URI;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The one gate in front of every page: finds the request's session, lets only an active
 * one reach the pages, keeps a sign-in in progress on its next step, and refuses any
 * change (POST and the like) that does not carry the session's CSRF token or that comes
 * from another site. Static files and the sign-in form are open.
 */
public class SessionFilter implements WebFilter, Ordered {

	/** Form field and header that carry the CSRF token. */
	public static final String CSRF_FIELD = "_csrf";

	public static final String CSRF_HEADER = "X-CSRF-Token";

	private static final List<String> OPEN = List.of("/css/", "/js/", "/webjars/", "/actuator/health");

	private static final Set<String> STEPS = Set.of("/sign-in/password", "/sign-in/enrol", "/sign-in/code",
			"/sign-out");

	/**
	 * An OpenID Connect sign-in starts here and comes back here, without a session yet.
	 */
	private static final String PROVIDER_SIGN_IN = "/sign-in/oidc";

	private final Sessions sessions;

	private final @Nullable IdentityProvider provider;

	/**
	 * @param provider the OpenID Connect provider, if the console signs in through one
	 */
	public SessionFilter(Sessions sessions, @Nullable IdentityProvider provider) {
		this.sessions = sessions;
		this.provider = provider;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		String path = request.getPath().pathWithinApplication().value();
		if (OPEN.stream().anyMatch(path::startsWith) || path.equals("/favicon.ico")) {
			return chain.filter(exchange);
		}
		boolean unsafe = !(HttpMethod.GET.equals(request.getMethod()) || HttpMethod.HEAD.equals(request.getMethod()));
		if (unsafe && crossSite(request)) {
			return refuse(exchange, HttpStatus.FORBIDDEN);
		}
		if (path.equals("/sign-in") || path.equals(PROVIDER_SIGN_IN) || path.startsWith(PROVIDER_SIGN_IN + "/")) {
			return chain.filter(exchange);
		}
		String cookie = SessionCookie.read(exchange);
		if (cookie == null) {
			return toSignIn(exchange, path);
		}
		// the chain completes empty: a session is looked for before it runs
		return this.sessions.find(cookie)
			.map(java.util.Optional::of)
			.defaultIfEmpty(java.util.Optional.empty())
			.flatMap((found) -> {
				if (found.isEmpty()) {
					return toSignIn(exchange, path);
				}
				ConsoleSession session = found.get();
				if (unsafe) {
					return csrfMatches(exchange, session.csrf()).flatMap((matches) -> matches
							? admit(exchange, chain, cookie, session, path) : refuse(exchange, HttpStatus.FORBIDDEN));
				}
				return admit(exchange, chain, cookie, session, path);
			});
	}

	private Mono<Void> admit(ServerWebExchange exchange, WebFilterChain chain, String cookie, ConsoleSession session,
			String path) {
		if (session.stage() == Stage.ACTIVE) {
			if (STEPS.contains(path) && !path.equals("/sign-out")) {
				return redirect(exchange, "/");
			}
			exchange.getAttributes().put(PendingSignIn.ATTRIBUTE, new PendingSignIn(cookie, session));
			if (session.tokens() == null && this.provider == null) {
				exchange.getAttributes()
					.put(SignedIn.ATTRIBUTE, new SignedIn(session.user(), session.role(), session.csrf(), null));
				return chain.filter(exchange);
			}
			// signed in by a provider: its access token, renewed when due, or the end of
			// the session. None for a session without the provider's tokens (a local
			// account's from before a provider was configured: the gateway would refuse
			// its tokens), nor for a provider's session once the console has none
			Mono<String> token = (this.provider != null) ? this.provider.accessToken(cookie, session) : Mono.empty();
			return token.map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty()).flatMap((found) -> {
				if (found.isEmpty()) {
					return this.sessions.end(cookie).then(toSignIn(exchange, path));
				}
				exchange.getAttributes()
					.put(SignedIn.ATTRIBUTE, new SignedIn(session.user(), session.role(), session.csrf(), found.get()));
				return chain.filter(exchange);
			});
		}
		exchange.getAttributes().put(PendingSignIn.ATTRIBUTE, new PendingSignIn(cookie, session));
		if (path.equals(session.stage().page()) || path.equals("/sign-out")) {
			return chain.filter(exchange);
		}
		return redirect(exchange, session.stage().page());
	}

	private static Mono<Boolean> csrfMatches(ServerWebExchange exchange, String expected) {
		String header = exchange.getRequest().getHeaders().getFirst(CSRF_HEADER);
		if (header != null) {
			return Mono.just(java.security.MessageDigest.isEqual(header.getBytes(), expected.getBytes()));
		}
		return exchange.getFormData().map((form) -> {
			String field = form.getFirst(CSRF_FIELD);
			return field != null && java.security.MessageDigest.isEqual(field.getBytes(), expected.getBytes());
		});
	}

	/**
	 * The scheme and address the gateway saw the browser use; set by the gateway alone.
	 */
	public static final String CLIENT_SCHEME = "X-Caduceus-Client-Scheme";

	public static final String CLIENT_ADDRESS = "X-Caduceus-Client-Address";

	/**
	 * A browser names where a request comes from: a change sent from another site's page
	 * is refused even before its token is looked at. The origin's host and port must be
	 * the ones the browser asked for (the gateway keeps the browser's {@code Host}); the
	 * scheme is not compared, as TLS may end before the gateway.
	 */
	static boolean crossSite(ServerHttpRequest request) {
		if ("cross-site".equals(request.getHeaders().getFirst("Sec-Fetch-Site"))) {
			return true;
		}
		String origin = request.getHeaders().getOrigin();
		if (origin == null) {
			return false;
		}
		String host = request.getHeaders().getFirst("Host");
		if (host == null || "null".equals(origin)) {
			return true;
		}
		try {
			URI from = URI.create(origin);
			if (from.getHost() == null) {
				return true;
			}
			String fromHost = from.getHost() + ((from.getPort() != -1) ? ":" + from.getPort() : "");
			return !fromHost.equalsIgnoreCase(host.strip());
		}
		catch (IllegalArgumentException ex) {
			return true;
		}
	}

	/** The client's address as the gateway saw it (it alone sets the header). */
	public static String clientAddress(ServerHttpRequest request) {
		String seen = request.getHeaders().getFirst(CLIENT_ADDRESS);
		if (seen != null && !seen.isBlank()) {
			return seen.strip();
		}
		java.net.InetSocketAddress remote = request.getRemoteAddress();
		return (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : "unknown";
	}

	/** {@code https} when the browser used TLS as far as the gateway saw. */
	public static String clientScheme(ServerHttpRequest request) {
		String scheme = request.getHeaders().getFirst(CLIENT_SCHEME);
		return (scheme != null && !scheme.isBlank()) ? scheme.strip() : request.getURI().getScheme();
	}

	private static Mono<Void> toSignIn(ServerWebExchange exchange, String path) {
		boolean page = HttpMethod.GET.equals(exchange.getRequest().getMethod()) && !path.equals("/");
		String query = exchange.getRequest().getURI().getRawQuery();
		String next = page ? path + ((query != null) ? "?" + query : "") : null;
		return redirect(exchange, "/sign-in" + ((next != null) ? "?next=" + encode(next) : ""));
	}

	private static String encode(String next) {
		return java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8);
	}

	/** htmx follows {@code HX-Redirect}; a plain request follows 303. */
	public static Mono<Void> redirect(ServerWebExchange exchange, String location) {
		if (exchange.getRequest().getHeaders().containsHeader("HX-Request")) {
			exchange.getResponse().setStatusCode(HttpStatus.NO_CONTENT);
			exchange.getResponse().getHeaders().set("HX-Redirect", location);
		}
		else {
			exchange.getResponse().setStatusCode(HttpStatus.SEE_OTHER);
			exchange.getResponse().getHeaders().setLocation(URI.create(location));
		}
		return exchange.getResponse().setComplete();
	}

	private static Mono<Void> refuse(ServerWebExchange exchange, HttpStatus status) {
		exchange.getResponse().setStatusCode(status);
		return exchange.getResponse().setComplete();
	}

	/**
	 * A page of this console to go on to, or null. Never another host and never a scheme:
	 * no backslash and no control character or blank anywhere (browsers drop tabs and
	 * line breaks from a URL, so {@code /<tab>/evil.example} would become
	 * {@code //evil.example}), and a path that parses as a path alone.
	 */
	public static @Nullable String safeNext(@Nullable String next) {
		if (next == null || !next.startsWith("/") || next.startsWith("//") || next.length() > 2000) {
			return null;
		}
		for (int i = 0; i < next.length(); i++) {
			char c = next.charAt(i);
			if (c <= 0x20 || c == 0x7F || c == '\\' || Character.isISOControl(c)) {
				return null;
			}
		}
		try {
			URI uri = new URI(next);
			if (uri.getScheme() != null || uri.getRawAuthority() != null) {
				return null;
			}
		}
		catch (java.net.URISyntaxException ex) {
			return null;
		}
		return next;
	}

}
