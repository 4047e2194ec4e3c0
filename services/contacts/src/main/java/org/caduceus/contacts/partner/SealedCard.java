package org.caduceus.contacts.partner;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * What is inside a sealed card: JSON, signed by the sender's team key and encrypted to
 * each recipient. A CERT without a node writes the same JSON and seals it with GnuPG
 * ({@code gpg --sign --encrypt --armor}).
 *
 * @param format always {@code caduceus-card/1}
 * @param from the sender's id, as the recipient knows it
 * @param cardVersion the sender's version of the card
 * @param sentAt when it was sealed
 * @param publicPart the public part
 * @param confidential the confidential part
 */
public record SealedCard(@NotBlank @Pattern(regexp = SealedCard.FORMAT) String format,
		@NotBlank @Size(max = 64) String from, @Min(1) long cardVersion, @NotNull Instant sentAt,
		@NotNull @Valid PublicPart publicPart, @NotNull @Valid Confidential confidential) {

	static final String FORMAT = "caduceus-card/1";

	/** The public part as sealed. */
	public record PublicPart(@NotBlank @Size(max = 200) String teamName,
			@NotBlank @Pattern(regexp = "[A-Z]{2}") String country, @NotBlank @Size(max = 1_000) String constituency,
			@NotBlank @Size(max = 100) String sector, @Size(max = 500) @Nullable String website,
			@Size(max = 500) @Nullable String rfc2350Url) {
	}

	/** The confidential part as sealed; personal data, never printed. */
	public record Confidential(@NotBlank @Size(max = 40) String phone24x7,
			@NotBlank @Size(max = 254) String emergencyEmail, @NotNull @Size(max = 50) List<@Valid OnCall> onCall) {

		@Override
		public String toString() {
			return "Confidential[personal data withheld]";
		}

	}

	/** An on-call person; personal data, never printed. */
	public record OnCall(@NotBlank @Size(max = 200) String name, @Size(max = 40) @Nullable String phone,
			@Size(max = 254) @Nullable String email, @NotBlank @Size(max = 200) String hours) {

		@Override
		public String toString() {
			return "OnCall[personal data withheld]";
		}

	}

}
