package org.caduceus.escalation.casefile;

import java.time.Instant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.caduceus.escalation.border.Snapshot;
import org.jspecify.annotations.Nullable;

/**
 * What nodes send each other about escalations, below {@code /federation/v1/}. Each
 * message carries the escalation id both nodes share, and is safe to receive twice.
 */
public final class FederationMessages {

	static final String UUID = EscalationId.PATTERN;

	static final String NODE = NodeId.PATTERN;

	private FederationMessages() {
	}

	/** {@code POST escalations}: a new escalation, with the snapshot that left. */
	public record EscalationMessage(@NotBlank @Pattern(regexp = UUID) String escalationId,
			@NotBlank @Pattern(regexp = NODE) String from, @NotBlank @Pattern(regexp = NODE) String to,
			@NotBlank @Size(max = 2_000) String reason, @NotNull Instant requestedAt,
			@NotNull @Valid Snapshot snapshot) {
	}

	/**
	 * {@code POST escalations/{id}/status}: the other side moved the escalation on.
	 */
	public record StatusMessage(@NotBlank @Pattern(regexp = UUID) String escalationId,
			@NotBlank @Pattern(regexp = NODE) String from, @NotBlank @Size(max = 16) String status,
			@Size(max = 2_000) @Nullable String reason, @Size(max = 64) @Nullable String linkedRef,
			@NotNull Instant at) {
	}

	/** {@code POST escalations/{id}/notes}: a note shared by the other side. */
	public record NoteMessage(@NotBlank @Pattern(regexp = UUID) String escalationId,
			@NotBlank @Pattern(regexp = NODE) String from, @NotBlank @Pattern(regexp = UUID) String noteId,
			@NotNull Instant at, @NotBlank @Size(max = 10_000) String text) {
	}

	/**
	 * {@code POST escalations/{id}/tlp}: the node that sent the escalation raised its
	 * incident's TLP after the partner received it; the partner raises the linked
	 * incident, and the floor no user there may go below, to {@code tlp}. Only a raise:
	 * one no stricter than what the partner holds changes nothing, so a repeat is
	 * harmless.
	 */
	public record TlpMessage(@NotBlank @Pattern(regexp = UUID) String escalationId,
			@NotBlank @Pattern(regexp = NODE) String from, @NotBlank @Size(max = 16) String tlp, @NotNull Instant at) {
	}

	/**
	 * The answer to a message: where the escalation stands on the receiving node.
	 *
	 * @param escalationId the shared id
	 * @param status its status there
	 * @param linkedRef the reference of the incident filed there
	 * @param acknowledgedAt when it was filed there
	 */
	public record Receipt(String escalationId, String status, @Nullable String linkedRef,
			@Nullable Instant acknowledgedAt) {
	}

}
