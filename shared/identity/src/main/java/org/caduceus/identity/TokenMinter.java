package org.caduceus.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Mints ES256 JWTs for one issuer and audience. Used for user tokens in the embedded mode
 * and for the identity token the gateway attaches to every request it forwards.
 */
public final class TokenMinter {

	private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9._@+-]{1,128}");

	private final SigningKey key;

	private final String issuer;

	private final String audience;

	private final Duration lifetime;

	private final Clock clock;

	private final ECDSASigner signer;

	public TokenMinter(SigningKey key, String issuer, String audience, Duration lifetime, Clock clock) {
		if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(Duration.ofDays(1)) > 0) {
			throw new IllegalArgumentException("token lifetime must be between 1 s and 24 h, was " + lifetime);
		}
		this.key = key;
		this.issuer = issuer;
		this.audience = audience;
		this.lifetime = lifetime;
		this.clock = clock;
		try {
			this.signer = new ECDSASigner(key.privateKey());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("not an ES256 key", ex);
		}
	}

	/**
	 * Mints a token that names a service and grants no role: what a service presents to
	 * its gateway's internal API.
	 * @param service the service name, e.g. {@code escalation}
	 * @return the compact serialised JWT
	 */
	public String mintService(String service) {
		return sign(service, null);
	}

	/**
	 * @param subject the user name (letters, digits, {@code ._@+-}, at most 128)
	 * @param roles the roles to grant, at least one
	 * @return the compact serialised JWT
	 */
	public String mint(String subject, Set<Role> roles) {
		if (!SUBJECT.matcher(subject).matches()) {
			throw new IllegalArgumentException("user name must be 1-128 of letters, digits and ._@+-");
		}
		if (roles.isEmpty()) {
			throw new IllegalArgumentException("a token needs at least one role");
		}
		return sign(subject, List.copyOf(roles.stream().map(Role::claimValue).sorted().toList()));
	}

	private String sign(String subject, @org.jspecify.annotations.Nullable List<String> roles) {
		if (!SUBJECT.matcher(subject).matches()) {
			throw new IllegalArgumentException("a subject must be 1-128 of letters, digits and ._@+-");
		}
		Instant now = this.clock.instant();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(this.issuer)
			.audience(this.audience)
			.subject(subject)
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(now.plus(this.lifetime)))
			.jwtID(UUID.randomUUID().toString())
			.claim(Role.CLAIM, roles)
			.build();
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
			.keyID(this.key.keyId())
			.build();
		SignedJWT jwt = new SignedJWT(header, claims);
		try {
			jwt.sign(this.signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("signing failed", ex);
		}
		return jwt.serialize();
	}

}
