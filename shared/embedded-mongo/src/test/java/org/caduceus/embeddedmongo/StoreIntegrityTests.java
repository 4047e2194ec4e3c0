package org.caduceus.embeddedmongo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Store files damaged in each way a disk, a copy or an operator can damage them, opened
 * for real: the store refuses every one that it cannot open whole, with a message that
 * names the file, what is wrong and the node's last backup, and leaves the file byte for
 * byte as it was. Without these checks H2 opens a file cut after its header empty, one
 * cut in the middle at an earlier commit, and one whose newest chunk header is damaged
 * with no collections.
 */
class StoreIntegrityTests {

	private static final int COMMITS = 40;

	private static final Pattern CHUNK = Pattern.compile("^chunk:([0-9a-f]+),len:([0-9a-f]+),");

	@TempDir
	Path root;

	/** {@code <root>/nl/mongo}, as the launcher lays out node {@code nl}. */
	Path dataDir;

	Path file;

	byte[] whole;

	@BeforeEach
	void aStoppedNodeWithData() throws Exception {
		this.dataDir = this.root.resolve("nl").resolve("mongo");
		try (EmbeddedMongo mongo = EmbeddedMongo.start(this.dataDir, "127.0.0.1", 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			for (int i = 0; i < COMMITS; i++) {
				// one commit each, in two databases
				client.getDatabase((i % 2 == 0) ? "intake" : "escalation")
					.getCollection("records")
					.insertOne(new Document("n", i).append("text", "x".repeat(3000)));
			}
		}
		this.file = this.dataDir.resolve("caduceus.mv");
		this.whole = Files.readAllBytes(this.file);
	}

	@Test
	void aWholeFileOpensWithEverythingAndSoDoesABrandNewFolder() throws Exception {
		assertThat(countAfterOpening(this.dataDir)).isEqualTo(COMMITS);
		assertThat(countAfterOpening(this.root.resolve("new").resolve("mongo"))).isZero();
		assertThat(countAfterOpening(this.root.resolve("new").resolve("mongo"))).as("a new store reopens").isZero();
	}

	@Test
	void aFileWrittenBeforeTheStoreKeptAMarkerOpensAndGetsOne() throws Exception {
		org.h2.mvstore.MVStore store = new org.h2.mvstore.MVStore.Builder().fileName(this.file.toString()).open();
		store.removeMap(StoreIntegrity.MARKER);
		store.close();
		Files.delete(StoreIntegrity.durableRecordOf(this.file));
		assertThat(countAfterOpening(this.dataDir)).isEqualTo(COMMITS);
		Files.write(this.file, Arrays.copyOf(Files.readAllBytes(this.file), 8192));
		assertThatThrownBy(() -> EmbeddedMongo.start(this.dataDir, "127.0.0.1", 0))
			.as("the marker and the record are there again")
			.isInstanceOf(StoreIntegrity.StoreFileDamaged.class);
	}

	@Test
	void aFileWithMoreMapsThanItsMarkerCountedOpens() throws Exception {
		// mongo-java-server opens a database's maps on a read, outside the commit gate: a
		// commit can persist maps its marker did not count
		org.h2.mvstore.MVStore store = new org.h2.mvstore.MVStore.Builder().fileName(this.file.toString()).open();
		int before = store.getMapNames().size();
		store.openMap("databases.reports.system.namespaces");
		store.openMap("meta.reports.system.namespaces");
		store.commit();
		assertThat(store.getMapNames()).hasSize(before + 2);
		assertThat(store.<String, Long>openMap(StoreIntegrity.MARKER).get("maps")).isEqualTo(before);
		store.close();
		assertThat(countAfterOpening(this.dataDir)).isEqualTo(COMMITS);
	}

	@Test
	void aFileWithFewerMapsThanItsMarkerCountedIsRefused() throws Exception {
		org.h2.mvstore.MVStore store = new org.h2.mvstore.MVStore.Builder().fileName(this.file.toString()).open();
		store.<String, Long>openMap(StoreIntegrity.MARKER).put("maps", (long) store.getMapNames().size() + 1);
		store.commit();
		store.close();
		Files.delete(StoreIntegrity.durableRecordOf(this.file));
		byte[] changed = Files.readAllBytes(this.file);
		assertThatThrownBy(() -> EmbeddedMongo.start(this.dataDir, "127.0.0.1", 0))
			.isInstanceOf(StoreIntegrity.StoreFileDamaged.class)
			.hasMessageContaining("collections are missing");
		assertThat(Files.readAllBytes(this.file)).isEqualTo(changed);
	}

	@Test
	void aNewStoreFileThatACrashLeftBeforeItsFirstCommitIsMadeAgain() throws Exception {
		// a crash during a node's very first start leaves the new file under its .new
		// name,
		// empty or with its header only: the real file never exists without a commit
		byte[] headerOnly = Arrays.copyOf(this.whole, 8192);
		for (byte[] left : new byte[][] { new byte[0], headerOnly }) {
			Path fresh = this.root.resolve("fresh-" + left.length).resolve("mongo");
			Files.createDirectories(fresh);
			Files.write(fresh.resolve("caduceus.mv.new"), left);
			assertThat(countAfterOpening(fresh)).isZero();
			try (var files = Files.list(fresh)) {
				assertThat(files.map((path) -> path.getFileName().toString())).as("the .new file is gone")
					.containsExactlyInAnyOrder("caduceus.mv", "caduceus.mv.commit");
			}
			assertThat(countAfterOpening(fresh)).as("and the store made again reopens").isZero();
		}
		// a real file cut so is still refused, also with no commit record beside it
		Files.delete(StoreIntegrity.durableRecordOf(this.file));
		for (byte[] cut : new byte[][] { new byte[0], headerOnly }) {
			Files.write(this.file, cut);
			assertThatThrownBy(() -> EmbeddedMongo.start(this.dataDir, "127.0.0.1", 0))
				.isInstanceOf(StoreIntegrity.StoreFileDamaged.class)
				.hasMessageContaining("cannot be opened whole");
			assertThat(Files.readAllBytes(this.file)).isEqualTo(cut);
		}
	}

	@Test
	void aMissingFileWhoseRecordOfDurableCommitsIsStillThereIsRefusedNotMadeAnew() throws Exception {
		Files.delete(this.file);
		assertThatThrownBy(() -> EmbeddedMongo.start(this.dataDir, "127.0.0.1", 0))
			.isInstanceOf(StoreIntegrity.StoreFileDamaged.class)
			.hasMessageContaining("the store file " + this.file.toAbsolutePath() + " cannot be opened whole: ")
			.hasMessageContaining("it is missing, but")
			.hasMessageContaining("no backup of this node is recorded");
		try (var left = Files.list(this.dataDir)) {
			assertThat(left.map((path) -> path.getFileName().toString())).as("no new store made in its place")
				.containsExactly("caduceus.mv.commit");
		}
	}

	@Test
	void aZeroLengthFileIsRefusedAndStaysZeroLength() throws Exception {
		assertRefused((bytes) -> new byte[0], "it is empty (0 bytes)");
	}

	@Test
	void aFileCutInsideItsHeaderIsRefused() throws Exception {
		assertRefused((bytes) -> Arrays.copyOf(bytes, 100), "H2 cannot read it");
	}

	@Test
	void aFileCutAfterItsHeaderWhichH2WouldOpenEmptyIsRefused() throws Exception {
		assertRefused((bytes) -> Arrays.copyOf(bytes, 8192), "H2 finds no commit in it (it would open empty)");
	}

	@Test
	void aFileCutInTheMiddleWhichH2WouldOpenAtAnEarlierCommitIsRefused() throws Exception {
		assertRefused((bytes) -> Arrays.copyOf(bytes, bytes.length / 2),
				"commits, with acknowledged writes, are missing");
	}

	@Test
	void aFileWhoseLastChunkIsPartlyCutIsRefused() throws Exception {
		int[] last = newestChunk(this.whole);
		assertRefused((bytes) -> Arrays.copyOf(bytes, last[0] + last[1] / 2), "are missing");
	}

	@Test
	void aFileOfGarbageIsRefused() throws Exception {
		byte[] garbage = new byte[this.whole.length];
		new Random(16).nextBytes(garbage);
		assertRefused((bytes) -> garbage, "H2 cannot read it");
	}

	@Test
	void flippedBytesInTheNewestChunkAreRefused() throws Exception {
		int[] last = newestChunk(this.whole);
		assertRefused((bytes) -> flip(bytes, last[0] + 200, last[1] - 400), "cannot be opened whole");
	}

	@Test
	void flippedBytesInTheNewestChunkHeaderWhichH2WouldOpenWithNoCollectionsAreRefused() throws Exception {
		int[] last = newestChunk(this.whole);
		assertRefused((bytes) -> flip(bytes, last[0] + 20, 16), "cannot be opened whole");
	}

	@Test
	void flippedBytesInTheNewestChunkFooterWhichH2WouldSkipAreRefused() throws Exception {
		int[] last = newestChunk(this.whole);
		assertRefused((bytes) -> flip(bytes, last[0] + last[1] - 60, 16), "are missing");
	}

	@Test
	void theMessageNamesTheLastRecordedBackup() throws Exception {
		Files.writeString(this.root.resolve("nl").resolve("backups.log"), """
				2026-12-01T10:00:00Z	1000	sha256:aaaa	/backups/nl-old.backup
				2026-12-02T01:00:00Z	123456	sha256:%s	/backups/nl 2026-12-02.backup
				""".formatted("b".repeat(64)), StandardCharsets.UTF_8);
		Files.write(this.file, Arrays.copyOf(this.whole, 8192));
		assertThatThrownBy(() -> EmbeddedMongo.start(this.dataDir, "127.0.0.1", 0))
			.isInstanceOf(StoreIntegrity.StoreFileDamaged.class)
			.hasMessageContaining("the last backup of this node is /backups/nl 2026-12-02.backup (made"
					+ " 2026-12-02T01:00:00Z, 123456 bytes, sha256:" + "b".repeat(64) + ")")
			.hasMessageContaining("; restore it with ./caduceus restore --node nl '/backups/nl 2026-12-02.backup'");
		assertThat(StoreIntegrity.shellWord("/b/it's here.backup")).isEqualTo("'/b/it'\\''s here.backup'");
		assertThat(StoreIntegrity.shellWord("/b/nl-2026-12-02T01:00:00Z.backup"))
			.isEqualTo("/b/nl-2026-12-02T01:00:00Z.backup");
	}

	/**
	 * Damages the file, opens it, and checks the refusal and that the file is as it was.
	 */
	private void assertRefused(UnaryOperator<byte[]> damage, String what) throws IOException {
		byte[] damaged = damage.apply(this.whole.clone());
		Files.write(this.file, damaged);
		assertThatThrownBy(() -> EmbeddedMongo.start(this.dataDir, "127.0.0.1", 0))
			.isInstanceOf(StoreIntegrity.StoreFileDamaged.class)
			.hasMessageContaining("the store file " + this.file.toAbsolutePath() + " cannot be opened whole: ")
			.hasMessageContaining(what)
			.hasMessageContaining("left the file as it is")
			.hasMessageContaining(
					"no backup of this node is recorded; restore one with ./caduceus restore --node nl FILE");
		assertThat(Files.readAllBytes(this.file)).as("the file is untouched").isEqualTo(damaged);
		try (var left = Files.list(this.dataDir)) {
			assertThat(left.map((path) -> path.getFileName().toString())).as("no new file beside it")
				.containsExactlyInAnyOrder("caduceus.mv", "caduceus.mv.commit");
		}
	}

	private static long countAfterOpening(Path dataDir) {
		try (EmbeddedMongo mongo = EmbeddedMongo.start(dataDir, "127.0.0.1", 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			MongoCollection<Document> intake = client.getDatabase("intake").getCollection("records");
			MongoCollection<Document> escalation = client.getDatabase("escalation").getCollection("records");
			return intake.countDocuments() + escalation.countDocuments();
		}
	}

	private static byte[] flip(byte[] bytes, int from, int length) {
		for (int i = from; i < from + length; i++) {
			bytes[i] ^= 0x5a;
		}
		return bytes;
	}

	/** The offset and length in bytes of the newest chunk (the highest chunk id). */
	private static int[] newestChunk(byte[] bytes) {
		int[] newest = null;
		long newestId = -1;
		for (int block = 8192; block + 64 <= bytes.length; block += 4096) {
			Matcher chunk = CHUNK.matcher(new String(bytes, block, 64, StandardCharsets.ISO_8859_1));
			if (chunk.find()) {
				long id = Long.parseLong(chunk.group(1), 16);
				if (id > newestId) {
					newestId = id;
					newest = new int[] { block, Integer.parseInt(chunk.group(2), 16) * 4096 };
				}
			}
		}
		assertThat(newest).as("the file has chunks").isNotNull();
		return newest;
	}

}
