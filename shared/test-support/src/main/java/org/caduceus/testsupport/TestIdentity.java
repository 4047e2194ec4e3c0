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

	private final SigningKey escalationKey = SigningKey.generate();

	private final Path escalationPublicKey;

	private TestIdentity() {
		try {
			this.publicKey = Files.createTempFile("caduceus-gateway-identity", ".pub.pem");
			Files.writeString(this.publicKey, this.key.publicKeyPem());
			this.publicKey.toFile().deleteOnExit();
			this.escalationPublicKey = Files.createTempFile("caduceus-service-escalation", ".pub.pem");
			Files.writeString(this.escalationPublicKey, this.escalationKey.publicKeyPem());
			this.escalationPublicKey.toFile().deleteOnExit();
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
	 * @return the file holding the public key of a service of the node (only
	 * {@code escalation} has one here)
	 */
	public Path servicePublicKeyFile(String service) {
		if (!service.equals("escalation")) {
			throw new IllegalArgumentException("test services: escalation");
		}
		return this.escalationPublicKey;
	}

	/**
	 * @param signedByItsKey false for a token of the right form signed by another key
	 * @return an {@code Authorization} header value for the escalation service's own
	 * token to another service of the node
	 */
	public String serviceBearer(boolean signedByItsKey) {
		TokenMinter minter = new TokenMinter(signedByItsKey ? this.escalationKey : SigningKey.generate(),
				org.caduceus.identity.ServiceIdentity.issuer(NODE, "escalation"), InternalIdentity.audience(NODE),
				Duration.ofMinutes(5), Clock.systemUTC());
		return "Bearer " + minter.mintService("escalation");
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
