package org.caduceus.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import org.caduceus.identity.InternalIdentity;
import org.caduceus.identity.Role;
import org.caduceus.identity.SigningKey;
import org.caduceus.identity.TokenMinter;

/**
 * A gateway identity key for service tests: its public half is written to a file the
 * service under test is pointed at ({@code caduceus.identity.gateway-public-key}), its
 * private half mints the tokens the gateway would attach.
 */
public final class TestIdentity {

	/** The node id service tests run as. */
	public static final String NODE = "test-node";

	private static final TestIdentity INSTANCE = new TestIdentity();

	private final SigningKey key = SigningKey.generate();

	private final Path publicKey;

	private final TokenMinter minter;

	private TestIdentity() {
		try {
			this.publicKey = Files.createTempFile("caduceus-gateway-identity", ".pub.pem");
			Files.writeString(this.publicKey, this.key.publicKeyPem());
			this.publicKey.toFile().deleteOnExit();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.minter = new TokenMinter(this.key, InternalIdentity.issuer(NODE), InternalIdentity.audience(NODE),
				InternalIdentity.LIFETIME, Clock.systemUTC());
	}

	public static TestIdentity get() {
		return INSTANCE;
	}

	/**
	 * @return the file holding the public key services must trust
	 */
	public Path publicKeyFile() {
		return this.publicKey;
	}

	/**
	 * @return an {@code Authorization} header value for {@code user} with {@code roles}
	 */
	public String bearer(String user, Role... roles) {
		return "Bearer " + this.minter.mint(user, Set.of(roles));
	}

	/**
	 * @return a well-formed token for the right issuer and audience, signed by another
	 * key
	 */
	public String bearerSignedByAnotherKey(String user, Role role) {
		TokenMinter other = new TokenMinter(SigningKey.generate(), InternalIdentity.issuer(NODE),
				InternalIdentity.audience(NODE), Duration.ofMinutes(1), Clock.systemUTC());
		return "Bearer " + other.mint(user, Set.of(role));
	}

}
