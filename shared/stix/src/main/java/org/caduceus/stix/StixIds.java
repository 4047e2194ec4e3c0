package org.caduceus.stix;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * STIX identifiers made from names (UUIDv5, RFC 9562), so the same thing always gets the
 * same id.
 */
public final class StixIds {

	/** The namespace STIX 2.1 uses for the ids of cyber-observable objects (3.2). */
	public static final UUID SCO_NAMESPACE = UUID.fromString("00abedb4-aa42-466c-9c01-fed23315a9b7");

	/** Caduceus's own namespace for the ids of the objects it exports. */
	public static final UUID CADUCEUS_NAMESPACE = uuid5(SCO_NAMESPACE, "caduceus.health-csirt");

	private StixIds() {
	}

	/**
	 * @return {@code type--<UUIDv5 of name in namespace>}
	 */
	public static String of(String type, UUID namespace, String name) {
		return type + "--" + uuid5(namespace, name);
	}

	/** A name-based UUID, version 5 (SHA-1). */
	public static UUID uuid5(UUID namespace, String name) {
		try {
			MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
			sha1.update(ByteBuffer.allocate(16)
				.putLong(namespace.getMostSignificantBits())
				.putLong(namespace.getLeastSignificantBits())
				.array());
			byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
			hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
			hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
			ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
			return new UUID(bytes.getLong(), bytes.getLong());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("the JDK offers no SHA-1", ex);
		}
	}

}
