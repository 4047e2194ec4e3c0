package org.caduceus.contacts.teamkey;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the team key lives ({@code caduceus.contacts.team-key.*}).
 *
 * @param file the armored secret key ring; its keys are encrypted with the passphrase
 * @param passphrase the passphrase, from configuration (a Secret in production)
 * @param passphraseFile where the embedded default keeps a passphrase it generated, when
 * none is configured (owner-only)
 * @param userId the OpenPGP user id of a key generated here
 */
@ConfigurationProperties("caduceus.contacts.team-key")
public record TeamKeySettings(Path file, @Nullable String passphrase, Path passphraseFile, String userId) {

	public TeamKeySettings {
		if (passphrase != null && passphrase.isBlank()) {
			passphrase = null;
		}
	}

	@Override
	public String toString() {
		return "TeamKeySettings[file=" + this.file + ", passphrase=(withheld)]";
	}

}
