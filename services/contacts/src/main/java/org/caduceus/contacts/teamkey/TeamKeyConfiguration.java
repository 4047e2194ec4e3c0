package org.caduceus.contacts.teamkey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import org.caduceus.openpgp.TeamKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads the team key, or on a node's first start makes one: generated here, written
 * armored with its secret keys encrypted by the passphrase (the configured one, or a
 * random one kept beside it, owner-only). With several replicas the key and its
 * passphrase must come from a Secret: replicas that each made their own key would not
 * agree.
 */
@Configuration(proxyBeanMethods = false)
class TeamKeyConfiguration {

	private static final Logger log = LoggerFactory.getLogger(TeamKeyConfiguration.class);

	@Bean
	TeamKey teamKey(TeamKeySettings settings) {
		char[] passphrase = passphrase(settings);
		if (Files.exists(settings.file())) {
			TeamKey key = TeamKey.readSecret(read(settings.file()), passphrase);
			log.info("team key {} from {}", key.fingerprint(), settings.file());
			return key;
		}
		TeamKey key = TeamKey.generate(settings.userId(), passphrase);
		writeOwnerOnly(settings.file(), key.secretKeyArmored());
		log.info("team key {} generated in {}", key.fingerprint(), settings.file());
		return key;
	}

	private static char[] passphrase(TeamKeySettings settings) {
		if (settings.passphrase() != null) {
			return settings.passphrase().toCharArray();
		}
		if (!Files.exists(settings.passphraseFile())) {
			byte[] random = new byte[32];
			new SecureRandom().nextBytes(random);
			writeOwnerOnly(settings.passphraseFile(), Base64.getEncoder().encodeToString(random));
		}
		return read(settings.passphraseFile()).strip().toCharArray();
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + file, ex);
		}
	}

	private static void writeOwnerOnly(Path file, String text) {
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			try {
				Files.createFile(file,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			}
			catch (UnsupportedOperationException ex) {
				Files.createFile(file);
			}
			Files.writeString(file, text, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write " + file, ex);
		}
	}

}
