package org.caduceus.identity;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenMinterTests {

	@TempDir
	Path dir;

	private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

	@Test
	void mintsAnEs256TokenWithRolesIssuerAudienceAndExpiry() throws Exception {
		SigningKey key = SigningKey.generate();
		String token = new TokenMinter(key, "caduceus:nl", "caduceus:nl", Duration.ofHours(8), this.clock).mint("alice",
				Set.of(Role.ANALYST));
		SignedJWT jwt = SignedJWT.parse(token);
		assertThat(jwt.verify(new ECDSAVerifier(key.publicKey()))).isTrue();
		assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
		assertThat(jwt.getHeader().getKeyID()).isEqualTo(key.keyId());
		assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("alice");
		assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("caduceus:nl");
		assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("caduceus:nl");
		assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("analyst");
		assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant())
			.isEqualTo(Instant.parse("2026-11-23T18:00:00Z"));
	}

	@Test
	void aTokenDoesNotVerifyWithAnotherKey() throws Exception {
		String token = new TokenMinter(SigningKey.generate(), "i", "a", Duration.ofMinutes(1), this.clock).mint("bob",
				Set.of(Role.ADMIN));
		assertThat(SignedJWT.parse(token).verify(new ECDSAVerifier(SigningKey.generate().publicKey()))).isFalse();
	}

	@Test
	void keysAreWrittenOnceWithOwnerOnlyPermissionsAndReadBack() throws Exception {
		Path privatePem = this.dir.resolve("keys/user-jwt.key.pem");
		Path publicPem = this.dir.resolve("keys/user-jwt.pub.pem");
		SigningKey first = SigningKey.loadOrCreate(privatePem, publicPem);
		SigningKey second = SigningKey.loadOrCreate(privatePem, publicPem);
		assertThat(second.keyId()).isEqualTo(first.keyId());
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privatePem))).isEqualTo("rw-------");
		assertThat(SigningKey.readPublicKey(publicPem)).isEqualTo(first.publicKey());
	}

	@Test
	void refusesBadSubjectsNoRolesAndAbsurdLifetimes() {
		TokenMinter minter = new TokenMinter(SigningKey.generate(), "i", "a", Duration.ofMinutes(1), this.clock);
		assertThatThrownBy(() -> minter.mint("alice\nadmin", Set.of(Role.ANALYST)))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> minter.mint("alice", Set.of())).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new TokenMinter(SigningKey.generate(), "i", "a", Duration.ofDays(30), this.clock))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> Role.ofUser("root")).hasMessageContaining("analyst, coordinator, admin, auditor");
		assertThatThrownBy(() -> Role.ofUser("peer")).as("a partner node is never a user")
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void theCliPrintsOnlyTheTokenAndRefusesUnknownRoles() throws Exception {
		String[] base = { "--private", this.dir.resolve("k.pem").toString(), "--public",
				this.dir.resolve("p.pem").toString(), "--issuer", "caduceus:nl", "--audience", "caduceus:nl" };
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int ok = TokenCli.run(concat(base, "alice", "coordinator"), new PrintStream(out), new PrintStream(err));
		assertThat(ok).isZero();
		String token = out.toString(StandardCharsets.UTF_8).trim();
		assertThat(SignedJWT.parse(token).getJWTClaimsSet().getStringListClaim("roles")).containsExactly("coordinator");
		out.reset();
		int bad = TokenCli.run(concat(base, "alice", "root"), new PrintStream(out), new PrintStream(err));
		assertThat(bad).isEqualTo(2);
		assertThat(out.size()).isZero();
		assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown role 'root'");
	}

	@Test
	void initKeysCreatesBothKeyPairsOnceAndKeepsThem() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		assertThat(TokenCli.run(new String[] { "init-keys", this.dir.toString() }, new PrintStream(out), System.err))
			.isZero();
		String first = Files.readString(this.dir.resolve("gateway-identity.pub.pem"));
		TokenCli.run(new String[] { "init-keys", this.dir.toString() }, new PrintStream(out), System.err);
		assertThat(Files.readString(this.dir.resolve("gateway-identity.pub.pem"))).isEqualTo(first);
		assertThat(this.dir.resolve("user-jwt.key.pem")).exists();
	}

	private static String[] concat(String[] base, String... more) {
		String[] all = new String[base.length + more.length];
		System.arraycopy(base, 0, all, 0, base.length);
		System.arraycopy(more, 0, all, base.length, more.length);
		return all;
	}

}
