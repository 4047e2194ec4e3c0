package org.caduceus.partnerapi.taxii;

import java.net.URI;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code /api/v1/admin/api-keys}: the API keys of partner CERTs that run no node (admin
 * only: the gateway's rules for {@code /api/v1/admin/**} say so, and this service checks
 * the role again). The key is shown once, in the answer to its creation; it is scoped to
 * collections, expires, can be revoked, and its last use is recorded.
 */
@RestController
@RequestMapping("/api/v1/admin/api-keys")
@PreAuthorize("hasRole('ADMIN')")
class ApiKeyController {

	static final int DEFAULT_DAYS = 90;

	private final ApiKeys keys;

	private final Clock clock;

	ApiKeyController(ApiKeys keys, Clock clock) {
		this.keys = keys;
		this.clock = clock;
	}

	/** A key as an admin asks for it. */
	record KeyRequest(
			@NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}",
					message = "must be lower-case letters, digits and '-', e.g. cert-be") String partner,
			@Size(max = 500) @Nullable String description,
			@NotEmpty @Size(max = 2) List<@NotBlank @Size(max = 100) String> collections, @Nullable Boolean canWrite,
			@Min(1) @Max(365) @Nullable Integer validDays) {
	}

	/** A key as the API shows it: never the key or its hash. */
	record KeyView(String id, String partner, String description, List<String> collections, boolean canWrite,
			Instant createdAt, String createdBy, Instant expiresAt, @Nullable Instant revokedAt,
			@Nullable Instant lastUsedAt, String state) {

		static KeyView of(ApiKey key, Instant now) {
			return new KeyView(key.id(), key.partner(), key.description(), key.collections(), key.canWrite(),
					key.createdAt(), key.createdBy(), key.expiresAt(), key.revokedAt(), key.lastUsedAt(),
					key.state(now));
		}

	}

	/** The answer to a creation: the view, and the key, this once. */
	record IssuedView(KeyView apiKey, String key, String notice) {
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<IssuedView>> issue(@Valid @RequestBody KeyRequest request, Principal admin) {
		for (String alias : request.collections()) {
			TaxiiCollection collection = TaxiiCollection.parse(alias);
			if (collection == null) {
				throw new InvalidApiKey("collections", "'" + alias
						+ "' is not a collection: health-sector-green or partner-" + request.partner() + "-amber");
			}
			if (collection.partner() != null && !collection.partner().equals(request.partner())) {
				throw new InvalidApiKey("collections", "TLP:AMBER goes to the named partner only: " + request.partner()
						+ " may have partner-" + request.partner() + "-amber, not " + alias);
			}
		}
		int days = (request.validDays() != null) ? request.validDays() : DEFAULT_DAYS;
		return this.keys
			.issue(request.partner(), (request.description() != null) ? request.description() : "",
					request.collections().stream().distinct().toList(), Boolean.TRUE.equals(request.canWrite()),
					Duration.ofDays(days), admin.getName())
			.map((issued) -> ResponseEntity.created(URI.create("/api/v1/admin/api-keys/" + issued.key().id()))
				.cacheControl(CacheControl.noStore())
				.body(new IssuedView(KeyView.of(issued.key(), this.clock.instant()), issued.secret(),
						"This key is shown once. Store it now; only its hash is kept.")));
	}

	@GetMapping
	Mono<List<KeyView>> list() {
		Instant now = this.clock.instant();
		return this.keys.all().map((key) -> KeyView.of(key, now)).collectList();
	}

	@GetMapping("/{id}")
	Mono<KeyView> get(@PathVariable String id) {
		return this.keys.find(id)
			.map((key) -> KeyView.of(key, this.clock.instant()))
			.switchIfEmpty(Mono.error(() -> new ApiKeyNotFound(id)));
	}

	@DeleteMapping("/{id}")
	Mono<ResponseEntity<Void>> revoke(@PathVariable String id, Principal admin) {
		return this.keys.revoke(id, admin.getName())
			.switchIfEmpty(Mono.error(() -> new ApiKeyNotFound(id)))
			.map((revoked) -> ResponseEntity.status(HttpStatus.NO_CONTENT).<Void>build());
	}

}
