package org.caduceus.console.web;

import org.springframework.core.Ordered;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Headers on every answer. Scripts and styles come only from the console itself (no
 * inline script, no eval: text an outsider wrote cannot run even if a page let it
 * through), no page may be framed, forms post only here. A page may show incident
 * content, so no page is kept by the browser or a proxy; the WebJars and the console's
 * own files are versioned or small, and may be cached.
 */
public class SecurityHeaders implements WebFilter, Ordered {

	static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
			+ "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
			+ "frame-ancestors 'none'";

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		exchange.getResponse().beforeCommit(() -> {
			HttpHeaders headers = exchange.getResponse().getHeaders();
			headers.set("Content-Security-Policy", POLICY);
			headers.set("X-Content-Type-Options", "nosniff");
			headers.set("X-Frame-Options", "DENY");
			// "no-referrer" would make the browser send "Origin: null" on the console's
			// own form posts
			headers.set("Referrer-Policy", "same-origin");
			headers.set("Cross-Origin-Opener-Policy", "same-origin");
			headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
			if (!isStatic(path)) {
				headers.setCacheControl(CacheControl.noStore());
				headers.setPragma("no-cache");
			}
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

	static boolean isStatic(String path) {
		return path.startsWith("/webjars/") || path.startsWith("/css/") || path.startsWith("/js/");
	}

}
