package org.caduceus.web.security;

import org.springframework.security.config.web.server.ServerHttpSecurity;

/**
 * What every Caduceus HTTP API is: bearer tokens only, no session, no cookie, no form or
 * basic login, so no CSRF surface; 401 and 403 as problem details.
 */
public final class StatelessApi {

	private StatelessApi() {
	}

	public static ServerHttpSecurity configure(ServerHttpSecurity http) {
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.exceptionHandling(
					(handling) -> handling.authenticationEntryPoint(ProblemAuthenticationHandlers.entryPoint())
						.accessDeniedHandler(ProblemAuthenticationHandlers.accessDenied()));
	}

}
