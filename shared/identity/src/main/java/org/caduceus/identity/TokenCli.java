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
 * works.
 */
public final class TokenCli {

	private TokenCli() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	static int run(String[] args, PrintStream out, PrintStream err) {
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
			out.println(minter.mint(positional.get(0), Set.of(Role.of(positional.get(1)))));
			return 0;
		}
		catch (RuntimeException ex) {
			err.println("token: " + ex.getMessage());
			return 2;
		}
	}

}
