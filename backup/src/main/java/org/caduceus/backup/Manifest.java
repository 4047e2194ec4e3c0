package org.caduceus.backup;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a backup holds, written first in the archive ({@code manifest.json}) so that a
 * restore checks the identity before it reads the rest.
 *
 * @param format {@link #FORMAT}
 * @param node the node id the backup was taken of
 * @param country the node's country, from its {@code node.env}
 * @param federationKey SHA-256 of the node's Ed25519 federation public key (SPKI), as
 * {@code sha256:<hex>}; null when the node had none yet
 * @param version the Caduceus version that wrote it
 * @param createdAt when the store was copied (UTC, ISO-8601)
 * @param consistency how the store was copied: by the running store at one commit point,
 * or from the file of a stopped store
 * @param writesHeldMillis how long the running store held writes while it copied its file
 * @param store the store file
 * @param files every other file: {@code node.env} and the key files
 */
record Manifest(String format, String node, @Nullable String country, @Nullable String federationKey, String version,
		String createdAt, String consistency, @Nullable Double writesHeldMillis, FileDigest store,
		List<FileDigest> files) {

	static final String FORMAT = "caduceus-backup/1";

	static final String ONLINE = "commit point of the running store";

	static final String OFFLINE = "file of the stopped store";

	/**
	 * A file in the archive.
	 *
	 * @param name its name in the archive
	 * @param bytes its size
	 * @param sha256 SHA-256 of its content, lower-case hex
	 */
	record FileDigest(String name, long bytes, String sha256) {
	}

}
