package org.caduceus.images.oci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Layers and images come out byte for byte the same from the same content, whenever they
 * are made.
 */
class LayerWriterTests {

	@TempDir
	Path dir;

	@Test
	void theSameContentGivesTheSameDigestsWhateverTheFilesTimesAndTheWritingOrder() throws IOException {
		Path source = Files.writeString(this.dir.resolve("app.jar"), "the application");
		Path other = Files.writeString(this.dir.resolve("passwd"), "caduceus:x:10001:10001::/tmp:/sbin/nologin\n");
		Files.setLastModifiedTime(source, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
		Layer first = new LayerWriter(new OciLayout(this.dir.resolve("one")), this.dir.resolve("cache-one")).write("k",
				"test", new LayerTree().file("app/app.jar", source, 0444).file("etc/passwd", other, 0644), 6);
		Files.setLastModifiedTime(source, FileTime.from(Instant.parse("2026-12-02T00:00:00Z")));
		Layer second = new LayerWriter(new OciLayout(this.dir.resolve("two")), this.dir.resolve("cache-two")).write("k",
				"test", new LayerTree().file("etc/passwd", other, 0644).file("app/app.jar", source, 0444), 6);
		assertThat(second.digest()).isEqualTo(first.digest());
		assertThat(second.diffId()).isEqualTo(first.diffId());
		assertThat(Files.readAllBytes(this.dir.resolve("two/blobs/sha256/" + second.digest().substring(7))))
			.isEqualTo(Files.readAllBytes(this.dir.resolve("one/blobs/sha256/" + first.digest().substring(7))));
		ImageSpec spec = new ImageSpec("caduceus-x", "r.example/caduceus-x:1", List.of(first),
				List.of("/opt/java/bin/java"), List.of(), List.of("PATH=/opt/java/bin"), List.of(8080), List.of(),
				Map.of("a", "b"), "10001:10001");
		assertThat(new OciLayout(this.dir.resolve("two")).add(spec).digest())
			.isEqualTo(new OciLayout(this.dir.resolve("one")).add(spec).digest());
	}

	@Test
	void aLayerWhoseInputsDidNotChangeIsNotWrittenAgain() throws IOException {
		Path source = Files.writeString(this.dir.resolve("app.jar"), "the application");
		OciLayout layout = new OciLayout(this.dir.resolve("layout"));
		LayerWriter writer = new LayerWriter(layout, this.dir.resolve("cache"));
		Layer written = writer.write("inputs-1", "test", new LayerTree().file("app/app.jar", source, 0444), 6);
		Path blob = this.dir.resolve("layout/blobs/sha256/" + written.digest().substring(7));
		FileTime before = Files.getLastModifiedTime(blob);
		Files.setLastModifiedTime(blob, FileTime.from(Instant.parse("2000-01-01T00:00:00Z")));
		Layer again = writer.write("inputs-1", "test", new LayerTree().file("app/app.jar", source, 0444), 6);
		assertThat(again.digest()).isEqualTo(written.digest());
		assertThat(Files.getLastModifiedTime(blob)).isEqualTo(FileTime.from(Instant.parse("2000-01-01T00:00:00Z")))
			.isNotEqualTo(before);
		Layer changed = writer.write("inputs-2", "test", new LayerTree().file("app/app.jar", source, 0400), 6);
		assertThat(changed.digest()).isNotEqualTo(written.digest());
	}

	@Test
	void entriesAreTarsOwnFormatWithOneTimeAndNoOwnerNames() throws IOException {
		Path source = Files.writeString(this.dir.resolve("f"), "x");
		Layer layer = new LayerWriter(new OciLayout(this.dir.resolve("l")), this.dir.resolve("c")).write("k", "test",
				new LayerTree().file("a/very/" + "deep/".repeat(25) + "file", source, 0644)
					.symlink("lib", "usr/lib")
					.directory("tmp", 01777, 0, 0),
				6);
		byte[] tar = new java.util.zip.GZIPInputStream(
				Files.newInputStream(this.dir.resolve("l/blobs/sha256/" + layer.digest().substring(7))))
			.readAllBytes();
		String first = new String(tar, 0, 100, java.nio.charset.StandardCharsets.US_ASCII).replace("\0", "");
		assertThat(first).isEqualTo("a/");
		assertThat(new String(tar, 257, 6, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ustar\0");
		assertThat(new String(tar, 136, 11, java.nio.charset.StandardCharsets.US_ASCII))
			.isEqualTo(String.format("%011o", TarWriter.MTIME));
		assertThat(new String(tar, 265, 64, java.nio.charset.StandardCharsets.US_ASCII).replace("\0", "")).isEmpty();
		assertThat(tar.length % 512).isZero();
	}

}
