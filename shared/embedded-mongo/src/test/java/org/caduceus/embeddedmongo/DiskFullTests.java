package org.caduceus.embeddedmongo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store as its own process, as {@code ./caduceus up} runs it, on a file system of 32
 * MiB that each test mounts itself (tmpfs) and fills with a file of its own. Writes below
 * the reserve are refused with MongoDB's {@code OutOfDiskSpace} and leave nothing behind,
 * reads go on, and writes are accepted again once the filler is deleted, without a
 * restart. With no reserve, the commit that finds the disk full is not acknowledged, and
 * the store opens its file again by itself, losing nothing acknowledged; the file then
 * opens whole after a kill -9.
 *
 * <p>
 * Mounting needs root (or CAP_SYS_ADMIN): where the mount is refused, the tests are
 * skipped and say why.
 */
class DiskFullTests {

	private static final long MIB = 1024L * 1024;

	@TempDir
	Path work;

	private Path disk;

	private final List<Process> stores = new ArrayList<>();

	@BeforeEach
	void mountASmallFileSystem() throws Exception {
		this.disk = Files.createDirectory(this.work.resolve("disk"));
		String refusal;
		try {
			Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=32m,mode=0700", "tmpfs",
					this.disk.toString())
				.redirectErrorStream(true)
				.start();
			String said = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
			refusal = (mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0) ? null
					: "mount exited with " + mount.exitValue() + ": " + said;
		}
		catch (IOException ex) {
			refusal = ex.getMessage();
		}
		String refused = refusal;
		if (refused != null) {
			this.disk = null;
		}
		Assumptions.assumeTrue(refused == null, () -> "skipped: these tests mount a 32 MiB tmpfs to fill it, and"
				+ " mounting is not permitted here (root or CAP_SYS_ADMIN needed): " + refused);
	}

	@AfterEach
	void unmount() throws Exception {
		for (Process store : this.stores) {
			store.destroyForcibly();
			store.waitFor(10, TimeUnit.SECONDS);
		}
		if (this.disk != null) {
			Process umount = new ProcessBuilder("umount", this.disk.toString()).inheritIO().start();
			if (!umount.waitFor(30, TimeUnit.SECONDS) || umount.exitValue() != 0) {
				// still busy: detach it now, the kernel frees it once unused
				new ProcessBuilder("umount", "-l", this.disk.toString()).inheritIO()
					.start()
					.waitFor(30, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	void writesBelowTheReserveAreRefusedWithNothingStoredAndAcceptedAgainWhenSpaceReturns() throws Exception {
		int port = freePort();
		Path log = this.work.resolve("store.log");
		start(port, 8, log);
		try (MongoClient client = client(port)) {
			MongoCollection<Document> incidents = incidents(client);
			Set<String> acknowledged = writeSome(incidents, "before", 100);
			incidents.updateOne(Filters.eq("_id", "before-7"), Updates.set("status", "TRIAGED"));

			Path filler = fill(this.disk.resolve("filler"), usable() - 4 * MIB);
			String refused = Awaitility.await("a write refused below the reserve")
				.atMost(Duration.ofSeconds(10))
				.until(() -> insertOrRefusal(incidents, "probe-" + System.nanoTime(), acknowledged),
						(id) -> id != null);

			assertThat(incidents.find(Filters.eq("_id", refused)).first()).as("the refused insert").isNull();
			MongoCommandException outOfSpace = refusal(() -> incidents.insertOne(incident("refused-2")));
			assertThat(outOfSpace.getErrorCodeName()).isEqualTo("OutOfDiskSpace");
			assertThat(outOfSpace.getErrorMessage()).contains(this.disk.resolve("mongo").toString())
				.contains("MiB free")
				.contains("nothing of this write was stored");
			refusal(() -> incidents.updateOne(Filters.eq("_id", "before-3"), Updates.set("status", "CLOSED")));
			refusal(() -> incidents.deleteOne(Filters.eq("_id", "before-4")));
			refusal(() -> incidents.findOneAndUpdate(Filters.eq("_id", "before-5"), Updates.inc("n", 1)));
			refusal(() -> incidents.insertMany(List.of(incident("many-1"), incident("many-2"))));
			refusal(() -> client.getDatabase("admin").runCommand(new Document(StoreSnapshot.COMMAND, 1)));
			refusal(() -> incidents.createIndex(Indexes.ascending("summary")));
			// what a service sends at every start changes nothing, and is answered, so a
			// service can start while the disk is full
			incidents(client);
			client.getDatabase("intake").getCollection("retired").drop();

			// reads go on, and see every acknowledged write and none of the refused ones
			assertThat(ids(incidents)).isEqualTo(acknowledged);
			assertThat(incidents.find(Filters.eq("_id", "before-3")).first()).containsEntry("status", "NEW");
			assertThat(incidents.find(Filters.eq("_id", "before-5")).first()).containsEntry("n", 5);
			assertThat(incidents.countDocuments(Filters.eq("status", "TRIAGED"))).isOne();
			assertThat(incidents.aggregate(List.of(new Document("$match", new Document("status", "NEW")))))
				.hasSize(acknowledged.size() - 1);

			Files.delete(filler);
			Awaitility.await("a write accepted again once the filler is gone")
				.atMost(Duration.ofSeconds(10))
				.until(() -> insertOrRefusal(incidents, "after", acknowledged) == null);
			incidents.updateOne(Filters.eq("_id", "before-3"), Updates.set("status", "CLOSED"));
			assertThat(ids(incidents)).isEqualTo(acknowledged);
			assertThat(incidents.find(Filters.eq("_id", "before-3")).first()).containsEntry("status", "CLOSED");
		}
		List<String> lines = Files.readAllLines(log);
		assertThat(lines).as("one WARN when refusing starts, however many writes were refused")
			.filteredOn((line) -> line.contains("refuses writes from now on"))
			.hasSize(1)
			.allMatch((line) -> line.contains("WARN"));
		assertThat(lines).as("one INFO when writes are accepted again")
			.filteredOn((line) -> line.contains("accepts writes again"))
			.hasSize(1)
			.allMatch((line) -> line.contains("INFO"));
		assertThat(lines).as("no error logged per refused write")
			.noneMatch((line) -> line.contains("the store refuses writes:") || line.contains("OutOfDiskSpace"));
	}

	@Test
	void aCommitThatFindsTheDiskFullIsNotAcknowledgedAndTheStoreRecoversByItself() throws Exception {
		int port = freePort();
		Path log = this.work.resolve("store.log");
		Process store = start(port, 0, log);
		Set<String> acknowledged;
		try (MongoClient client = client(port)) {
			MongoCollection<Document> incidents = incidents(client);
			acknowledged = writeSome(incidents, "before", 100);

			// no reserve: nothing is refused before the commit that finds no room; eight
			// writers share the commits, so the failed one holds several writes and
			// others reach the store while it closes
			Path filler = fill(this.disk.resolve("filler"), Long.MAX_VALUE);
			assertThat(usable()).isLessThan(64 * 1024);
			Set<String> failed = ConcurrentHashMap.newKeySet();
			Set<String> acknowledgedWhileFull = ConcurrentHashMap.newKeySet();
			List<Thread> writers = new ArrayList<>();
			for (int w = 0; w < 8; w++) {
				String writer = "full-" + w + "-";
				writers.add(Thread.ofPlatform().start(() -> {
					for (int n = 0; n < 50; n++) {
						String refused = insertOrRefusal(incidents, writer + n, acknowledgedWhileFull);
						if (refused != null) {
							failed.add(refused);
							return;
						}
					}
				}));
			}
			for (Thread writer : writers) {
				writer.join(Duration.ofSeconds(30));
			}
			acknowledged.addAll(acknowledgedWhileFull);
			assertThat(failed).as("writes in the commit that found the disk full").isNotEmpty();

			// the store opened its file again: reads go on, without the failed writes
			assertThat(ids(incidents)).isEqualTo(acknowledged).doesNotContainAnyElementsOf(failed);
			// no commit is tried again on a disk that has not got any room back
			MongoCommandException refused = refusal(() -> incidents.insertOne(incident("still-full")));
			assertThat(refused.getErrorMessage()).contains("nothing of this write was stored");
			assertThat(incidents.find(Filters.eq("_id", "still-full")).first()).isNull();

			Files.delete(filler);
			Awaitility.await("a write accepted again once the filler is gone")
				.atMost(Duration.ofSeconds(10))
				.until(() -> insertOrRefusal(incidents, "after", acknowledged) == null);
			acknowledged.addAll(writeSome(incidents, "later", 20));
			assertThat(ids(incidents)).isEqualTo(acknowledged);
			assertThat(store.isAlive()).as("the same store process answered throughout").isTrue();
		}
		List<String> lines = Files.readAllLines(log);
		assertThat(lines).filteredOn((line) -> line.contains("a commit to its file failed for lack of space"))
			.hasSize(1);
		assertThat(lines).filteredOn((line) -> line.contains("opened again at its last durable commit")).hasSize(1);

		// kill -9, then the file opens whole (its integrity checks pass) with everything
		store.destroyForcibly();
		store.waitFor(10, TimeUnit.SECONDS);
		int again = freePort();
		Path restartLog = this.work.resolve("store-restarted.log");
		start(again, 0, restartLog);
		try (MongoClient client = client(again)) {
			assertThat(ids(incidents(client))).isEqualTo(acknowledged);
		}
		assertThat(Files.readAllLines(restartLog)).anyMatch((line) -> line.contains("opened whole at commit"));
	}

	private static MongoCollection<Document> incidents(MongoClient client) {
		MongoCollection<Document> incidents = client.getDatabase("intake").getCollection("incidents");
		incidents.createIndex(Indexes.ascending("ref"), new IndexOptions().unique(true));
		incidents.createIndex(Indexes.ascending("status"));
		return incidents;
	}

	private static Document incident(String id) {
		return new Document("_id", id).append("ref", "ref-" + id)
			.append("status", "NEW")
			.append("n", 5)
			.append("summary", "x".repeat(2000));
	}

	private static Set<String> writeSome(MongoCollection<Document> incidents, String prefix, int count) {
		Set<String> written = new HashSet<>();
		for (int i = 0; i < count; i++) {
			incidents.insertOne(incident(prefix + "-" + i));
			written.add(prefix + "-" + i);
		}
		return written;
	}

	/**
	 * Inserts {@code id}: null, and {@code id} added to {@code acknowledged}, when it is
	 * acknowledged; {@code id} when the store refused it for lack of space.
	 */
	private static String insertOrRefusal(MongoCollection<Document> incidents, String id, Set<String> acknowledged) {
		try {
			incidents.insertOne(incident(id));
			acknowledged.add(id);
			return null;
		}
		catch (MongoCommandException ex) {
			assertThat(ex.getErrorCode()).as("refused for lack of space: %s", ex.getErrorMessage()).isEqualTo(14031);
			return id;
		}
	}

	private static MongoCommandException refusal(Runnable write) {
		MongoException thrown = org.junit.jupiter.api.Assertions.assertThrows(MongoException.class, write::run);
		assertThat(thrown).isInstanceOf(MongoCommandException.class);
		assertThat(thrown.getCode()).as(thrown.getMessage()).isEqualTo(14031);
		return (MongoCommandException) thrown;
	}

	private static Set<String> ids(MongoCollection<Document> incidents) {
		Set<String> found = new HashSet<>();
		incidents.find().projection(new Document("_id", 1)).forEach((d) -> found.add(d.getString("_id")));
		return found;
	}

	private long usable() throws IOException {
		FileStore fileSystem = Files.getFileStore(this.disk);
		return fileSystem.getUsableSpace();
	}

	/**
	 * Writes up to {@code bytes} into {@code filler}, or until the file system is full.
	 */
	private static Path fill(Path filler, long bytes) throws IOException {
		ByteBuffer block = ByteBuffer.allocate((int) MIB);
		long written = 0;
		try (FileChannel out = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
			for (int size : new int[] { (int) MIB, 4096 }) {
				try {
					while (written < bytes) {
						block.clear().limit((int) Math.min(size, bytes - written));
						written += out.write(block);
					}
				}
				catch (IOException full) {
					// no room for a block of this size: the smaller one fills what is
					// left
				}
			}
			out.force(true);
		}
		catch (IOException full) {
			// forced what fitted
		}
		return filler;
	}

	private Process start(int port, int reserveMb, Path log) throws IOException {
		Process process = StoreProcess.start(this.disk.resolve("mongo"), port, log, "--reserve-mb",
				Integer.toString(reserveMb));
		this.stores.add(process);
		return process;
	}

	private static MongoClient client(int port) {
		return StoreProcess.client(port, Duration.ofSeconds(10));
	}

	private static int freePort() throws IOException {
		return StoreProcess.freePort();
	}

}
