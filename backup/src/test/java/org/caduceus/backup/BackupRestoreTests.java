package org.caduceus.backup;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.caduceus.embeddedmongo.EmbeddedMongo;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backup and restore in one process, on a node folder laid out as the launcher lays it
 * out and a real embedded store: the round trip, every refusal (nothing changed), and the
 * archive read by the real {@code gpg}.
 */
class BackupRestoreTests {

	private static final String PASSPHRASE = "correct horse battery staple";

	private static final String NODE = "nl-a";

	@TempDir
	Path dir;

	private Path data;

	private Path nodeDir;

	@BeforeEach
	void aNodeFolder() throws Exception {
		this.data = this.dir.resolve("data");
		this.nodeDir = this.data.resolve(NODE);
		Files.createDirectories(this.nodeDir.resolve("keys"));
		Files.writeString(this.nodeDir.resolve("node.env"), "NODE_PORT=9080\nNODE_COUNTRY=NL\n");
		writeFederationKey(this.nodeDir.resolve("keys"));
		Files.writeString(this.nodeDir.resolve("keys/team-key.passphrase"), "team secret\n");
		Files.setPosixFilePermissions(this.nodeDir.resolve("keys/team-key.passphrase"), Modes.of(0600));
	}

	@Test
	void aBackupOfARunningStoreComesBackWithItsDataAndTheSameKeys() throws Exception {
		Path archive = this.dir.resolve("nl-a.backup");
		try (EmbeddedMongo mongo = EmbeddedMongo.start(this.nodeDir.resolve("mongo"), "127.0.0.1", 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			MongoCollection<Document> incidents = client.getDatabase("intake").getCollection("incidents");
			for (int i = 0; i < 50; i++) {
				incidents.insertOne(new Document("_id", "before-" + i));
			}
			Run backup = cli("backup", "--node", NODE, "--data", this.nodeDir.toString(), "--store",
					mongo.connectionString(), archive.toString());
			assertThat(backup.exit()).as(backup.err()).isZero();
			assertThat(backup.out()).contains("backup of node nl-a written to")
				.contains("commit point of the running store (writes held");
			incidents.insertOne(new Document("_id", "after"));
		}
		assertThat(Files.getPosixFilePermissions(archive)).isEqualTo(Modes.of(0600));
		try (Stream<Path> left = Files.list(this.nodeDir.resolve("mongo"))) {
			assertThat(left.map((p) -> p.getFileName().toString())).as("the store's copy was removed")
				.containsExactlyInAnyOrder("caduceus.mv", "caduceus.mv.commit");
		}

		Path elsewhere = this.dir.resolve("other-machine");
		Run restore = cli("restore", "--node", NODE, "--data-root", elsewhere.toString(), archive.toString());
		assertThat(restore.exit()).as(restore.err()).isZero();
		assertThat(restore.out()).contains("node nl-a restored from");
		Path restored = elsewhere.resolve(NODE);
		for (String file : List.of("node.env", "keys/federation.pub.pem", "keys/federation.key.pem",
				"keys/team-key.passphrase")) {
			assertThat(Files.readAllBytes(restored.resolve(file))).as(file)
				.isEqualTo(Files.readAllBytes(this.nodeDir.resolve(file)));
		}
		assertThat(Files.getPosixFilePermissions(restored.resolve("keys"))).isEqualTo(Modes.of(0700));
		assertThat(Files.getPosixFilePermissions(restored.resolve("keys/federation.key.pem")))
			.isEqualTo(Modes.of(0600));
		try (EmbeddedMongo mongo = EmbeddedMongo.start(restored.resolve("mongo"), "127.0.0.1", 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			List<Object> ids = new ArrayList<>();
			client.getDatabase("intake").getCollection("incidents").find().forEach((d) -> ids.add(d.get("_id")));
			assertThat(ids).hasSize(50).contains("before-0", "before-49").doesNotContain("after");
		}
		try (Stream<Path> left = Files.list(elsewhere)) {
			assertThat(left.map((p) -> p.getFileName().toString())).as("no staging folder left").containsExactly(NODE);
		}
	}

	@Test
	void eachBackupIsRecordedInTheNodeFolderAndARestoreKeepsTheRecord() throws Exception {
		Path archive = stoppedBackup();
		Path log = this.nodeDir.resolve("backups.log");
		String sha256 = java.util.HexFormat.of()
			.formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(archive)));
		List<String> lines = Files.readAllLines(log);
		assertThat(lines).hasSize(1);
		String[] fields = lines.get(0).split("\t");
		assertThat(fields).hasSize(4);
		assertThat(java.time.Instant.parse(fields[0])).isBeforeOrEqualTo(java.time.Instant.now());
		assertThat(fields[1]).isEqualTo(Long.toString(Files.size(archive)));
		assertThat(fields[2]).isEqualTo("sha256:" + sha256);
		assertThat(fields[3]).isEqualTo(archive.toAbsolutePath().toString());

		Run restore = cli("restore", "--node", NODE, "--data-root", this.data.toString(), archive.toString());
		assertThat(restore.exit()).as(restore.err()).isZero();
		assertThat(Files.readAllLines(log)).as("the restored folder keeps the record").isEqualTo(lines);
	}

	@Test
	void aWrongPassphraseATruncatedOrAlteredFileChangesNothing() throws Exception {
		Path archive = stoppedBackup();
		Path target = this.dir.resolve("target");
		Run wrong = cli(Map.of(BackupCli.PASSPHRASE_VARIABLE, "not the passphrase at all"), "restore", "--node", NODE,
				"--data-root", target.toString(), archive.toString());
		assertThat(wrong.exit()).isEqualTo(1);
		assertThat(wrong.err()).contains("wrong passphrase");
		assertThat(target.resolve(NODE)).doesNotExist();

		byte[] whole = Files.readAllBytes(archive);
		Path truncated = this.dir.resolve("truncated.backup");
		Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length - 100));
		Run cut = cli("restore", "--node", NODE, "--data-root", target.toString(), truncated.toString());
		assertThat(cut.exit()).as(cut.out()).isEqualTo(1);
		assertThat(target.resolve(NODE)).doesNotExist();

		for (int at : new int[] { whole.length / 2, whole.length - 30 }) {
			byte[] altered = whole.clone();
			altered[at] ^= 0x01;
			Path file = this.dir.resolve("altered-" + at + ".backup");
			Files.write(file, altered);
			Run bad = cli("restore", "--node", NODE, "--data-root", target.toString(), file.toString());
			assertThat(bad.exit()).as("altered at %d: %s", at, bad.out()).isEqualTo(1);
			assertThat(target.resolve(NODE)).as("altered at %d", at).doesNotExist();
		}
		try (Stream<Path> left = Files.list(target)) {
			assertThat(left).as("no staging folder left").isEmpty();
		}
	}

	@Test
	void anotherIdentityIsRefusedUnlessForced() throws Exception {
		Path archive = stoppedBackup();
		Path target = this.dir.resolve("target");
		Run otherName = cli("restore", "--node", "de-b", "--data-root", target.toString(), archive.toString());
		assertThat(otherName.exit()).isEqualTo(1);
		assertThat(otherName.err()).contains("the backup is of node nl-a, not de-b").contains("--force");

		Path existing = target.resolve(NODE);
		Files.createDirectories(existing.resolve("keys"));
		writeFederationKey(existing.resolve("keys"));
		byte[] before = Files.readAllBytes(existing.resolve("keys/federation.pub.pem"));
		Run otherKey = cli("restore", "--node", NODE, "--data-root", target.toString(), archive.toString());
		assertThat(otherKey.exit()).isEqualTo(1);
		assertThat(otherKey.err()).contains("another federation key");
		assertThat(Files.readAllBytes(existing.resolve("keys/federation.pub.pem"))).isEqualTo(before);

		Run forced = cli("restore", "--node", NODE, "--data-root", target.toString(), "--force", archive.toString());
		assertThat(forced.exit()).as(forced.err()).isZero();
		assertThat(forced.out()).contains("the folder it replaced is kept as");
		assertThat(Files.readAllBytes(existing.resolve("keys/federation.pub.pem")))
			.isEqualTo(Files.readAllBytes(this.nodeDir.resolve("keys/federation.pub.pem")));
		try (Stream<Path> kept = Files.list(target)) {
			Path replaced = kept.filter((p) -> p.getFileName().toString().startsWith(NODE + ".replaced-"))
				.findFirst()
				.orElseThrow();
			assertThat(Files.readAllBytes(replaced.resolve("keys/federation.pub.pem"))).isEqualTo(before);
		}
	}

	@Test
	void aRestoreKilledBetweenItsTwoRenamesIsFinishedByRunningItAgain() throws Exception {
		Path archive = stoppedBackup();
		// the state a kill between the renames leaves: the node's folder moved aside, the
		// staging folder (with decrypted keys) not yet in its place
		Path replaced = this.data.resolve(NODE + ".replaced-20261202T031500Z");
		Files.move(this.nodeDir, replaced);
		Path staging = this.data.resolve(".restore-" + NODE + "-" + java.util.UUID.randomUUID());
		Files.createDirectories(staging.resolve("keys"));
		Files.copy(replaced.resolve("keys/federation.key.pem"), staging.resolve("keys/federation.key.pem"));
		// another node's staging folder is not this restore's to delete
		Path otherStaging = this.data.resolve(".restore-" + NODE + "-x-" + java.util.UUID.randomUUID());
		Files.createDirectories(otherStaging);

		Run again = cli("restore", "--node", NODE, "--data-root", this.data.toString(), archive.toString());
		assertThat(again.exit()).as(again.err()).isZero();
		assertThat(again.out()).contains("deleted " + staging + ", left by an interrupted restore");
		assertThat(Files.readAllBytes(this.nodeDir.resolve("keys/federation.key.pem")))
			.isEqualTo(Files.readAllBytes(replaced.resolve("keys/federation.key.pem")));
		assertThat(this.nodeDir.resolve("mongo/caduceus.mv")).exists();
		try (Stream<Path> left = Files.list(this.data)) {
			assertThat(left.map((p) -> p.getFileName().toString()))
				.as("the interrupted restore's staging folder, with its decrypted keys, is gone")
				.containsExactlyInAnyOrder(NODE, replaced.getFileName().toString(),
						otherStaging.getFileName().toString());
		}
	}

	@Test
	void theFileOfARunningStoreIsNeverReadFromOutsideIt() throws Exception {
		try (EmbeddedMongo mongo = EmbeddedMongo.start(this.nodeDir.resolve("mongo"), "127.0.0.1", 0)) {
			Run backup = cli("backup", "--node", NODE, "--data", this.nodeDir.toString(),
					this.dir.resolve("x.backup").toString());
			assertThat(backup.exit()).isEqualTo(1);
			assertThat(backup.err()).contains("is open in a running store");
			assertThat(this.dir.resolve("x.backup")).doesNotExist();
			Run restore = cli("restore", "--node", NODE, "--data-root", this.data.toString(), "--force",
					this.dir.resolve("x.backup").toString());
			assertThat(restore.exit()).isEqualTo(1);
		}
		Run shortPassphrase = cli(Map.of(BackupCli.PASSPHRASE_VARIABLE, "short"), "backup", "--node", NODE, "--data",
				this.nodeDir.toString(), this.dir.resolve("y.backup").toString());
		assertThat(shortPassphrase.exit()).isEqualTo(1);
		assertThat(shortPassphrase.err()).contains("at least 12 characters");
	}

	@Test
	void gpgDecryptsTheArchiveWithThePassphrase() throws Exception {
		Path gpg = Stream.of("/usr/bin/gpg", "/usr/local/bin/gpg")
			.map(Path::of)
			.filter(Files::isExecutable)
			.findFirst()
			.orElse(null);
		Assumptions.assumeTrue(gpg != null, "gpg is not installed: the interoperability check is skipped");
		Path archive = stoppedBackup();
		Path home = Files.createDirectories(this.dir.resolve("gnupg"));
		Files.setPosixFilePermissions(home, Modes.of(0700));
		Path tar = this.dir.resolve("backup.tar");
		Process decrypt = new ProcessBuilder(gpg.toString(), "--homedir", home.toString(), "--batch", "--quiet",
				"--pinentry-mode", "loopback", "--passphrase-fd", "0", "--output", tar.toString(), "--decrypt",
				archive.toString())
			.redirectErrorStream(true)
			.start();
		decrypt.getOutputStream().write((PASSPHRASE + "\n").getBytes(StandardCharsets.UTF_8));
		decrypt.getOutputStream().close();
		String said = new String(decrypt.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(decrypt.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(decrypt.exitValue()).as(said).isZero();
		assertThat(said).doesNotContain("WARNING");
		Path out = Files.createDirectories(this.dir.resolve("untarred"));
		Process untar = new ProcessBuilder("tar", "-xf", tar.toString(), "-C", out.toString()).redirectErrorStream(true)
			.start();
		String untarSaid = new String(untar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(untar.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(untar.exitValue()).as(untarSaid).isZero();
		assertThat(Files.readString(out.resolve("manifest.json"))).contains("\"node\" : \"nl-a\"")
			.contains(NodeDirectory.fingerprintOf(this.nodeDir.resolve("keys/federation.pub.pem")).orElseThrow())
			.contains(BackupArchive.sha256(this.nodeDir.resolve("mongo/caduceus.mv")));
		assertThat(Files.readAllBytes(out.resolve("keys/federation.key.pem")))
			.isEqualTo(Files.readAllBytes(this.nodeDir.resolve("keys/federation.key.pem")));
		assertThat(Files.readAllBytes(out.resolve("store/caduceus.mv")))
			.isEqualTo(Files.readAllBytes(this.nodeDir.resolve("mongo/caduceus.mv")));
	}

	/** A backup of the node while its store is stopped (read from its file directly). */
	private Path stoppedBackup() throws Exception {
		try (EmbeddedMongo mongo = EmbeddedMongo.start(this.nodeDir.resolve("mongo"), "127.0.0.1", 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			client.getDatabase("intake").getCollection("incidents").insertOne(new Document("_id", "one"));
		}
		Path archive = this.dir.resolve("stopped.backup");
		Run backup = cli("backup", "--node", NODE, "--data", this.nodeDir.toString(), archive.toString());
		assertThat(backup.exit()).as(backup.err()).isZero();
		assertThat(backup.out()).contains("file of the stopped store");
		return archive;
	}

	private static void writeFederationKey(Path keys) throws Exception {
		var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		Files.writeString(keys.resolve("federation.pub.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
		Files.writeString(keys.resolve("federation.key.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
		Files.setPosixFilePermissions(keys.resolve("federation.key.pem"), Modes.of(0600));
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

	record Run(int exit, String out, String err) {
	}

	private static Run cli(String... args) {
		return cli(Map.of(BackupCli.PASSPHRASE_VARIABLE, PASSPHRASE), args);
	}

	private static Run cli(Map<String, String> env, String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exit = BackupCli.run(args, env, null, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

}
