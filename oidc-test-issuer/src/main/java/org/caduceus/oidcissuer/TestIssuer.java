package org.caduceus.oidcissuer;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * A real OpenID Connect provider for the console's sign-in tests, never shipped: Spring
 * Authorization Server with one confidential client that must use PKCE, users signing in
 * on its own login form, and access tokens shaped as Keycloak shapes them (the API's
 * audience, roles under {@code realm_access.roles}). The tests start it as a process of
 * its own, so its servlet stack never meets the console's class path.
 *
 * <p>
 * Settings ({@code --issuer.*}): {@code url}, {@code client-id}, {@code client-secret},
 * {@code redirect-uris} and {@code post-logout-redirect-uris} (comma-separated),
 * {@code audience}, {@code access-token-ttl}, and {@code users} as
 * {@code name:password:role+role;...}.
 */
@SpringBootApplication
public class TestIssuer {

	public static void main(String[] args) {
		SpringApplication.run(TestIssuer.class, args);
	}

	@Bean
	@Order(1)
	SecurityFilterChain protocol(HttpSecurity http) throws Exception {
		OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
		http.securityMatcher(server.getEndpointsMatcher())
			.with(server, (configurer) -> configurer.oidc(Customizer.withDefaults()))
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			// a browser that is not signed in here is sent to the login form
			.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(
					new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain login(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.formLogin(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	AuthorizationServerSettings settings(@Value("${issuer.url}") String url) {
		return AuthorizationServerSettings.builder().issuer(url).build();
	}

	@Bean
	RegisteredClientRepository clients(@Value("${issuer.client-id}") String clientId,
			@Value("${issuer.client-secret}") String secret, @Value("${issuer.redirect-uris}") List<String> redirects,
			@Value("${issuer.post-logout-redirect-uris:}") List<String> afterLogout,
			@Value("${issuer.access-token-ttl:5m}") Duration accessTokenTtl) {
		RegisteredClient.Builder client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(clientId)
			.clientSecret("{noop}" + secret)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.scope(OidcScopes.OPENID)
			.scope(OidcScopes.PROFILE)
			.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
			.tokenSettings(TokenSettings.builder().accessTokenTimeToLive(accessTokenTtl).build());
		redirects.stream().filter((uri) -> !uri.isBlank()).forEach(client::redirectUri);
		afterLogout.stream().filter((uri) -> !uri.isBlank()).forEach(client::postLogoutRedirectUri);
		return new InMemoryRegisteredClientRepository(client.build());
	}

	@Bean
	InMemoryUserDetailsManager users(@Value("${issuer.users}") String users) {
		List<UserDetails> details = new ArrayList<>();
		for (String entry : users.split(";")) {
			String[] parts = entry.split(":", 3);
			String[] roles = (parts.length > 2 && !parts[2].isBlank()) ? parts[2].split("\\+") : new String[0];
			details.add(User.withUsername(parts[0]).password("{noop}" + parts[1]).roles(roles).build());
		}
		return new InMemoryUserDetailsManager(details);
	}

	/**
	 * The API's audience and the user's roles in the access token, where Keycloak puts
	 * them; the user's name in the ID token.
	 */
	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> claims(@Value("${issuer.audience}") String audience) {
		return (context) -> {
			String name = context.getPrincipal().getName();
			if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
				List<String> roles = context.getPrincipal()
					.getAuthorities()
					.stream()
					.map(GrantedAuthority::getAuthority)
					.filter((authority) -> authority.startsWith("ROLE_"))
					.map((authority) -> authority.substring(5).toLowerCase(java.util.Locale.ROOT))
					.toList();
				context.getClaims().audience(List.of(audience)).claim("realm_access", Map.of("roles", roles));
			}
			else if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
				context.getClaims().claim("preferred_username", name);
			}
		};
	}

	@Bean
	JWKSource<SecurityContext> keys() throws NoSuchAlgorithmException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair pair = generator.generateKeyPair();
		RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
			.keyID(UUID.randomUUID().toString())
			.build();
		return new ImmutableJWKSet<>(new JWKSet(key));
	}

}
