package org.caduceus.identity;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * {@code ./caduceus token USER ROLE}: mints a user token with the node-local key.
 * Arguments:
 * {@code --private FILE --public FILE --issuer ISS --audience AUD [--ttl PT8H] USER ROLE}.
 * Prints only the token on standard output, so that {@code TOKEN=$(./caduceus token ...)}
 * works. {@code init-keys DIR} creates the node's key pairs.
 */
public final class TokenCli {

	private TokenCli() {
	}

	/**
	 * {@code init-keys DIR}: makes sure the node's ES256 key pairs exist in {@code DIR}
	 * ({@code user-jwt.*.pem} for user tokens, {@code gateway-identity.*.pem} for what
	 * the gateway vouches for, {@code service-NAME.*.pem} for each service that calls the
	 * gateway's internal API), so that each process can read the public keys it pins
	 * before the others have started.
	 */
	static int initKeys(Path dir, PrintStream out) {
		java.util.List<String> names = new java.util.ArrayList<>(java.util.List.of("user-jwt", "gateway-identity"));
		ServiceIdentity.SERVICES.forEach((service) -> names.add(ServiceIdentity.keyName(service)));
		for (String name : names) {
			SigningKey key = SigningKey.loadOrCreate(dir.resolve(name + ".key.pem"), dir.resolve(name + ".pub.pem"));
			out.println(name + " key " + key.keyId());
		}
		return 0;
	}

	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	static int run(String[] args, PrintStream out, PrintStream err) {
		if (args.length == 2 && args[0].equals("init-keys")) {
			return initKeys(Path.of(args[1]), out);
		}
		String privateKey = null;
		String publicKey = null;
		String issuer = null;
		String audience = null;
		Duration ttl = Duration.ofHours(8);
		java.util.List<String> positional = new java.util.ArrayList<>();
		try {
			for (int i = 0; i < args.length; i++) {
				switch (args[i]) {
					case "--private" -> privateKey = args[++i];
					case "--public" -> publicKey = args[++i];
					case "--issuer" -> issuer = args[++i];
					case "--audience" -> audience = args[++i];
					case "--ttl" -> ttl = Duration.parse(args[++i]);
					default -> positional.add(args[i]);
				}
			}
			if (privateKey == null || publicKey == null || issuer == null || audience == null
					|| positional.size() != 2) {
				err.println(
						"usage: token --private FILE --public FILE --issuer ISS --audience AUD [--ttl PT8H] USER ROLE");
				return 2;
			}
			SigningKey key = SigningKey.loadOrCreate(Path.of(privateKey), Path.of(publicKey));
			TokenMinter minter = new TokenMinter(key, issuer, audience, ttl, Clock.systemUTC());
			out.println(minter.mint(positional.get(0), Set.of(Role.ofUser(positional.get(1)))));
			return 0;
		}
		catch (RuntimeException ex) {
			err.println("token: " + ex.getMessage());
			return 2;
		}
	}

}
