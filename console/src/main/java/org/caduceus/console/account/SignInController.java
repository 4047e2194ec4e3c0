package org.caduceus.console.account;

import java.time.Clock;
import java.time.Instant;
import java.util.OptionalLong;

import org.caduceus.console.ConsoleProperties;
import org.caduceus.console.session.ConsoleSession;
import org.caduceus.console.session.IdentityProvider;
import org.caduceus.console.session.PendingSignIn;
import org.caduceus.console.session.SessionCookie;
import org.caduceus.console.session.SessionFilter;
import org.caduceus.console.session.Sessions;
import org.caduceus.console.session.Stage;
import org.caduceus.identity.Role;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Signing in with a local account: the password, then what the account still owes (a new
 * password after a one-time one, an admin's second factor, the code), then the console.
 * Every step is recorded for auditors; a refusal never says whether the name exists.
 */
@Controller
class SignInController {

	static final String REFUSED = "That name and password do not match, or the account is locked for a while after repeated failures.";

	private final Accounts accounts;

	private final Passwords passwords;

	private final Sessions sessions;

	private final SessionCookie cookie;

	private final ConsoleProperties properties;

	private final Clock clock;

	private final String issuer;

	private final @Nullable IdentityProvider provider;

	SignInController(Accounts accounts, Passwords passwords, Sessions sessions, SessionCookie cookie,
			ConsoleProperties properties, Clock clock,
			@org.springframework.beans.factory.annotation.Value("${caduceus.node.id}") String nodeId,
			org.springframework.beans.factory.ObjectProvider<IdentityProvider> provider) {
		this.provider = provider.getIfAvailable();
		this.accounts = accounts;
		this.passwords = passwords;
		this.sessions = sessions;
		this.cookie = cookie;
		this.properties = properties;
		this.clock = clock;
		this.issuer = "Caduceus " + nodeId;
	}

	@GetMapping("/sign-in")
	Rendering form(@RequestParam(required = false) @Nullable String next,
			@RequestParam(required = false) @Nullable String signedOut) {
		Rendering.Builder<?> page = Rendering.view("account/sign-in")
			.modelAttribute("next", nonNull(SessionFilter.safeNext(next)))
			.modelAttribute("signedOut", signedOut != null);
		if (this.properties.oidc().enabled()) {
			page.modelAttribute("provider", this.properties.oidc().label());
		}
		return page.build();
	}

	@PostMapping("/sign-in")
	Mono<Rendering> signIn(ServerWebExchange exchange) {
		if (this.properties.oidc().enabled()) {
			// the gateway takes the provider's tokens only: a local account's token
			// would be refused there
			return Mono.just(Rendering.view("account/sign-in")
				.modelAttribute("provider", this.properties.oidc().label())
				.modelAttribute("next", "")
				.modelAttribute("signedOut", false)
				.modelAttribute("error", "This node signs in through " + this.properties.oidc().label() + " only.")
				.status(HttpStatus.BAD_REQUEST)
				.build());
		}
		return exchange.getFormData().flatMap((form) -> {
			String name = field(form, "name", 128);
			String password = secret(form, "password");
			String next = nonNull(SessionFilter.safeNext(form.getFirst("next")));
			String address = address(exchange);
			Instant now = this.clock.instant();
			if (name.isEmpty() || password.isEmpty()) {
				return Mono.just(refused(exchange, name, next, "Enter your name and password."));
			}
			return this.accounts.find(name)
				.flatMap((account) -> check(exchange, account, password, next, address, now))
				.switchIfEmpty(Mono.defer(() -> spend(password)
					.then(this.accounts.record(Accounts.unknownName(name), SignInEvent.Kind.UNKNOWN_USER, address, now))
					.thenReturn(refused(exchange, name, next, REFUSED))));
		});
	}

	private Mono<Rendering> check(ServerWebExchange exchange, Account account, String password, String next,
			String address, Instant now) {
		String name = account.name();
		return attempt(name, now).flatMap((attempt) -> {
			if (!attempt.allowed()) {
				return spend(password)
					.then(this.accounts.record(name, SignInEvent.Kind.REFUSED_WHILE_LOCKED, address, now))
					.thenReturn(refused(exchange, name, next, REFUSED));
			}
			// Argon2id takes tens of milliseconds of CPU: off the event loop
			return Mono.fromCallable(() -> this.passwords.matches(password, account.passwordHash()))
				.subscribeOn(Schedulers.boundedElastic())
				.flatMap((matches) -> {
					if (!matches) {
						return failed(name, SignInEvent.Kind.WRONG_PASSWORD, attempt, address, now)
							.thenReturn(refused(exchange, name, next, REFUSED));
					}
					Stage stage = account.mustChangePassword() ? Stage.PASSWORD_CHANGE : afterPassword(account);
					String pending = (stage == Stage.TOTP_ENROLMENT) ? Totp.generate().base32() : null;
					// the failures count again from 0 once the sign-in is whole
					Mono<Void> whole = (stage == Stage.ACTIVE) ? this.accounts.succeeded(name) : Mono.empty();
					return whole.then(this.sessions.start(name, account.role(), stage, pending))
						.flatMap((started) -> enter(exchange, started, next, address));
				});
		});
	}

	private Mono<Accounts.Attempt> attempt(String name, Instant now) {
		return this.accounts.attempt(name, this.properties.maxFailures(), this.properties.lockout(), now);
	}

	private Mono<Void> spend(String password) {
		return Mono.<Void>fromRunnable(() -> this.passwords.spendTime(password))
			.subscribeOn(Schedulers.boundedElastic());
	}

	private static Stage afterPassword(Account account) {
		if (account.needsTotpEnrolment()) {
			return Stage.TOTP_ENROLMENT;
		}
		return account.hasTotp() ? Stage.TOTP : Stage.ACTIVE;
	}

	private Mono<Void> failed(String name, SignInEvent.Kind kind, Accounts.Attempt attempt, String address,
			Instant now) {
		Mono<?> recorded = this.accounts.record(name, kind, address, now);
		if (attempt.lockedNow()) {
			recorded = recorded.then(this.accounts.record(name, SignInEvent.Kind.LOCKED_OUT, address, now));
		}
		return recorded.then();
	}

	private Mono<Rendering> enter(ServerWebExchange exchange, Sessions.Started started, String next, String address) {
		this.cookie.write(exchange, started.cookie());
		ConsoleSession session = started.session();
		if (session.stage() != Stage.ACTIVE) {
			return Mono.just(Rendering.redirectTo(session.stage().page()).status(HttpStatus.SEE_OTHER).build());
		}
		return this.accounts.record(session.user(), SignInEvent.Kind.SIGNED_IN, address, this.clock.instant())
			.thenReturn(Rendering.redirectTo(next.isEmpty() ? "/" : next).status(HttpStatus.SEE_OTHER).build());
	}

	/** This sign-in cannot go on: its session ends and the form is shown again. */
	private Mono<Rendering> abandon(ServerWebExchange exchange, PendingSignIn pending, String message) {
		this.cookie.clear(exchange);
		return this.sessions.end(pending.cookie()).thenReturn(refused(exchange, pending.session().user(), "", message));
	}

	private static Rendering refused(ServerWebExchange exchange, String name, String next, String message) {
		return Rendering.view("account/sign-in")
			.modelAttribute("name", name)
			.modelAttribute("next", next)
			.modelAttribute("error", message)
			.modelAttribute("signedOut", false)
			.status(HttpStatus.UNAUTHORIZED)
			.build();
	}

	@GetMapping("/sign-in/password")
	Rendering passwordForm(ServerWebExchange exchange) {
		PendingSignIn pending = pending(exchange);
		return stepView("account/password", pending, null).build();
	}

	/**
	 * The account's own password in place of its one-time one. Every other session of the
	 * account ends: whoever held the one-time password before is out.
	 */
	@PostMapping("/sign-in/password")
	Mono<Rendering> changePassword(ServerWebExchange exchange) {
		PendingSignIn pending = pending(exchange);
		return exchange.getFormData().flatMap((form) -> {
			String password = secret(form, "password");
			String repeated = secret(form, "repeated");
			String user = pending.session().user();
			String weakness = Passwords.weakness(password, user);
			if (weakness == null && !password.equals(repeated)) {
				weakness = "the two entries differ";
			}
			if (weakness != null) {
				return Mono.just(stepView("account/password", pending, "The new password: " + weakness + ".")
					.status(HttpStatus.UNPROCESSABLE_ENTITY)
					.build());
			}
			Instant now = this.clock.instant();
			String address = address(exchange);
			return Mono.fromCallable(() -> this.passwords.hash(password))
				.subscribeOn(Schedulers.boundedElastic())
				.flatMap((hash) -> this.accounts.passwordChanged(user, hash))
				.flatMap((changed) -> {
					if (!changed) {
						return abandon(exchange, pending, "This sign-in has expired; sign in again.");
					}
					return this.accounts.record(user, SignInEvent.Kind.PASSWORD_CHANGED, address, now)
						.then(this.sessions.endAll(user))
						.then(this.accounts.find(user))
						.flatMap((account) -> {
							Stage stage = afterPassword(account);
							String secret = (stage == Stage.TOTP_ENROLMENT) ? Totp.generate().base32() : null;
							Mono<Void> whole = (stage == Stage.ACTIVE) ? this.accounts.succeeded(user) : Mono.empty();
							return whole.then(this.sessions.start(user, account.role(), stage, secret));
						})
						.flatMap((started) -> enter(exchange, started, "", address));
				});
		});
	}

	@GetMapping("/sign-in/enrol")
	Rendering enrolForm(ServerWebExchange exchange) {
		return enrolView(pending(exchange), null).build();
	}

	private Rendering.Builder<?> enrolView(PendingSignIn pending, @Nullable String error) {
		String secret = nonNull(pending.session().pendingTotpSecret());
		Totp totp = Totp.ofBase32(secret);
		return stepView("account/enrol", pending, error)
			.modelAttribute("secret", secret.replaceAll("(.{4})(?!$)", "$1 "))
			.modelAttribute("uri", totp.uri(this.issuer, pending.session().user()));
	}

	/**
	 * The second factor, confirmed by a code from it. Only an account without one takes
	 * it; every other session of the account ends.
	 */
	@PostMapping("/sign-in/enrol")
	Mono<Rendering> enrol(ServerWebExchange exchange) {
		PendingSignIn pending = pending(exchange);
		String user = pending.session().user();
		String address = address(exchange);
		Instant now = this.clock.instant();
		return exchange.getFormData().zipWith(attempt(user, now)).flatMap((found) -> {
			Accounts.Attempt attempt = found.getT2();
			if (!attempt.allowed()) {
				return abandon(exchange, pending, REFUSED);
			}
			String secret = nonNull(pending.session().pendingTotpSecret());
			OptionalLong step = Totp.ofBase32(secret).verify(field(found.getT1(), "code", 16), now, -1);
			if (step.isEmpty()) {
				Mono<Rendering> again = attempt.lockedNow() ? abandon(exchange, pending, REFUSED)
						: Mono.just(enrolView(pending, "That code is not the current one; check the device's clock.")
							.status(HttpStatus.UNPROCESSABLE_ENTITY)
							.build());
				return failed(user, SignInEvent.Kind.WRONG_CODE, attempt, address, now).then(again);
			}
			return this.accounts.totpEnrolled(user, secret, step.getAsLong()).flatMap((enrolled) -> {
				if (!enrolled) {
					return abandon(exchange, pending, "A second factor was set up meanwhile; sign in again.");
				}
				return this.accounts.record(user, SignInEvent.Kind.TOTP_ENROLLED, address, now)
					.then(this.accounts.succeeded(user))
					.then(this.sessions.endAll(user))
					.then(this.sessions.start(user, pending.session().role(), Stage.ACTIVE, null))
					.flatMap((started) -> enter(exchange, started, "", address));
			});
		});
	}

	@GetMapping("/sign-in/code")
	Rendering codeForm(ServerWebExchange exchange) {
		return stepView("account/code", pending(exchange), null).build();
	}

	@PostMapping("/sign-in/code")
	Mono<Rendering> code(ServerWebExchange exchange) {
		PendingSignIn pending = pending(exchange);
		String user = pending.session().user();
		String address = address(exchange);
		Instant now = this.clock.instant();
		return exchange.getFormData().zipWith(attempt(user, now)).flatMap((found) -> {
			Accounts.Attempt attempt = found.getT2();
			if (!attempt.allowed()) {
				return abandon(exchange, pending, REFUSED);
			}
			return this.accounts.find(user).flatMap((account) -> {
				String secret = account.totpSecret();
				OptionalLong step = (secret != null)
						? Totp.ofBase32(secret).verify(field(found.getT1(), "code", 16), now, account.totpLastStep())
						: OptionalLong.empty();
				Mono<Boolean> accepted = step.isPresent() ? this.accounts.codeUsed(user, step.getAsLong())
						: Mono.just(false);
				return accepted.flatMap((ok) -> {
					if (ok) {
						return this.accounts.succeeded(user)
							.then(this.sessions.advance(pending.cookie(), pending.session(), Stage.ACTIVE, null))
							.flatMap((started) -> enter(exchange, started, "", address));
					}
					Mono<Rendering> again = attempt.lockedNow() ? abandon(exchange, pending, REFUSED)
							: Mono.just(stepView("account/code", pending, "That code is not valid now.")
								.status(HttpStatus.UNPROCESSABLE_ENTITY)
								.build());
					return failed(user, SignInEvent.Kind.WRONG_CODE, attempt, address, now).then(again);
				});
			});
		});
	}

	/**
	 * Ends this session, or with {@code everywhere} every session of the user (another
	 * browser, another replica); only a session that is fully signed in may end the
	 * others.
	 */
	@PostMapping("/sign-out")
	Mono<Rendering> signOut(ServerWebExchange exchange) {
		PendingSignIn pending = pending(exchange);
		String user = pending.session().user();
		return exchange.getFormData().flatMap((form) -> {
			boolean everywhere = "true".equals(form.getFirst("everywhere"))
					&& pending.session().stage() == Stage.ACTIVE;
			Mono<?> end = everywhere ? this.sessions.endAll(user) : this.sessions.end(pending.cookie());
			this.cookie.clear(exchange);
			// signed in by the provider: its sign-in ends there too, and the provider
			// sends the browser back here
			Mono<String> location = (this.provider != null && pending.session().tokens() != null)
					? this.provider.signOutLocation(exchange, pending.cookie(), pending.session()) : Mono.empty();
			return location.defaultIfEmpty("/sign-in?signedOut")
				.flatMap((next) -> end
					.then(this.accounts.record(user, SignInEvent.Kind.SIGNED_OUT, address(exchange),
							this.clock.instant()))
					.thenReturn(Rendering.redirectTo(next).status(HttpStatus.SEE_OTHER).build()));
		});
	}

	private static PendingSignIn pending(ServerWebExchange exchange) {
		PendingSignIn pending = PendingSignIn.of(exchange);
		if (pending == null) {
			throw new IllegalStateException("the session filter lets no step through without a session");
		}
		return pending;
	}

	private static Rendering.Builder<?> stepView(String view, PendingSignIn pending, @Nullable String error) {
		Rendering.Builder<?> builder = Rendering.view(view)
			.modelAttribute("user", pending.session().user())
			.modelAttribute("csrf", pending.session().csrf())
			.modelAttribute("admin", pending.session().role() == Role.ADMIN);
		if (error != null) {
			builder.modelAttribute("error", error);
		}
		return builder;
	}

	private static String field(MultiValueMap<String, String> form, String name, int max) {
		String value = form.getFirst(name);
		if (value == null) {
			return "";
		}
		return (value.length() > max) ? value.substring(0, max) : value.strip();
	}

	/** A password as typed: blanks at either end are part of it. */
	private static String secret(MultiValueMap<String, String> form, String name) {
		String value = form.getFirst(name);
		if (value == null) {
			return "";
		}
		return (value.length() > Passwords.MAX_LENGTH + 1) ? value.substring(0, Passwords.MAX_LENGTH + 1) : value;
	}

	private static String nonNull(@Nullable String text) {
		return (text != null) ? text : "";
	}

	static String address(ServerWebExchange exchange) {
		return SessionFilter.clientAddress(exchange.getRequest());
	}

}
