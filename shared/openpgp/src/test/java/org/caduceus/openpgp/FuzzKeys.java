package org.caduceus.openpgp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The fixed team keys of the fuzz tests (passphrase {@code fuzz}), generated once with
 * {@link TeamKey#generate}; the seed inputs beside them were sealed with these keys: a
 * card signed by "them" and encrypted to "us".
 */
final class FuzzKeys {

	static final byte[] CARD = "{\"phone24x7\":\"+31 70 555 0199\",\"onCall\":[\"J. Example\"]}"
		.getBytes(StandardCharsets.UTF_8);

	private FuzzKeys() {
	}

	static TeamKey read(String resource) {
		try (InputStream in = FuzzKeys.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("missing test resource " + resource);
			}
			return TeamKey.readSecret(new String(in.readAllBytes(), StandardCharsets.US_ASCII), "fuzz".toCharArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
