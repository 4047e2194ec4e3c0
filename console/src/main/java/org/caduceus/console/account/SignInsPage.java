package org.caduceus.console.account;

import org.caduceus.console.gateway.ApiProblem;
import org.caduceus.console.session.SignedIn;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * For admins and auditors: the local accounts (never their hashes or secrets) and the
 * latest sign-in events.
 */
@Controller
class SignInsPage {

	private final Accounts accounts;

	private final java.time.Clock clock;

	SignInsPage(Accounts accounts, java.time.Clock clock) {
		this.accounts = accounts;
		this.clock = clock;
	}

	@GetMapping("/admin/sign-ins")
	Mono<Rendering> signIns(ServerWebExchange exchange) {
		SignedIn me = SignedIn.of(exchange);
		if (!me.mayReadSignIns()) {
			return Mono.error(new ApiProblem(404, "Not found", null, java.util.Map.of()));
		}
		java.time.Instant now = this.clock.instant();
		return Mono
			.zip(this.accounts.all()
				.map((account) -> java.util.Map.of("name", account.name(), "role", account.role().claimValue(),
						"secondFactor", account.hasTotp(), "mustChangePassword", account.mustChangePassword(), "locked",
						account.isLocked(now)))
				.collectList(), this.accounts.events(200).collectList())
			.map((found) -> Rendering.view("account/sign-ins")
				.modelAttribute("accounts", found.getT1())
				.modelAttribute("events", found.getT2())
				.build());
	}

}
