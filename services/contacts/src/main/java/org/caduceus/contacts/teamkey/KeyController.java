package org.caduceus.contacts.teamkey;

import org.caduceus.openpgp.TeamKey;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/contacts/key.asc}: the team's public key, for partners to pin, and
 * for CERTs without a node to encrypt to with GnuPG.
 */
@RestController
class KeyController {

	static final MediaType PGP_KEYS = MediaType.parseMediaType("application/pgp-keys");

	private final TeamKey key;

	KeyController(TeamKey key) {
		this.key = key;
	}

	@GetMapping("/api/v1/contacts/key.asc")
	@PreAuthorize("hasAnyRole('ANALYST','COORDINATOR','ADMIN','AUDITOR')")
	Mono<ResponseEntity<String>> publicKey() {
		return Mono.just(ResponseEntity.ok()
			.contentType(PGP_KEYS)
			.header("X-Caduceus-Fingerprint", this.key.fingerprint())
			.body(this.key.publicKeyArmored()));
	}

}
