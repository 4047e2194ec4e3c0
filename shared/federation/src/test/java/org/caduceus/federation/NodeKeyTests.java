package org.caduceus.federation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeKeyTests {

	@TempDir
	Path dir;

	@Test
	void isCreatedOnceOwnerOnlyAndReadBackTheSame() throws Exception {
		Path privatePem = this.dir.resolve("keys/federation.key.pem");
		Path publicPem = this.dir.resolve("keys/federation.pub.pem");
		NodeKey first = NodeKey.loadOrCreate(privatePem, publicPem);
		NodeKey second = NodeKey.loadOrCreate(privatePem, publicPem);
		assertThat(second.publicKey()).isEqualTo(first.publicKey());
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privatePem))).isEqualTo("rw-------");
		assertThat(Files.readString(privatePem)).doesNotContain(first.publicKeyPem());
	}

	@Test
	void parsesAPeersKeyAsPemOrBareBase64AndRefusesAnythingElse() {
		NodeKey key = NodeKey.generate();
		assertThat(NodeKey.parsePublicKey(key.publicKeyPem())).isEqualTo(key.publicKey());
		String bare = java.util.Base64.getEncoder().encodeToString(key.publicKey().getEncoded());
		assertThat(NodeKey.parsePublicKey(bare)).isEqualTo(key.publicKey());
		assertThatThrownBy(() -> NodeKey.parsePublicKey("not a key")).isInstanceOf(IllegalArgumentException.class);
		String ecKey = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE" + "A".repeat(86) + "==";
		assertThatThrownBy(() -> NodeKey.parsePublicKey(ecKey)).isInstanceOf(IllegalArgumentException.class);
	}

}
