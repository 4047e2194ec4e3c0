package org.caduceus.images.oci;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.jspecify.annotations.Nullable;

/**
 * Writes layers into a layout's blobs, each once: a layer whose inputs (named by a key)
 * were written before is taken as it is, so a rebuild recompresses only what changed.
 */
public final class LayerWriter {

	private final OciLayout layout;

	private final Path cache;

	/**
	 * @param layout where the blobs go
	 * @param cache a directory remembering which key gave which layer
	 */
	public LayerWriter(OciLayout layout, Path cache) {
		this.layout = layout;
		this.cache = cache;
	}

	/**
	 * @param key everything the layer's bytes depend on (inputs' digests, versions)
	 * @param tree what the layer holds
	 * @param level the gzip level: fast for what is compressed already (jars)
	 * @return the layer, written now or found from an earlier build with the same key
	 */
	public Layer write(String key, String description, LayerTree tree, int level) throws IOException {
		Path remembered = this.cache.resolve(sha256(key.getBytes(StandardCharsets.UTF_8)) + ".layer");
		Optional<Layer> earlier = read(remembered, description);
		if (earlier.isPresent()) {
			return earlier.get();
		}
		Layer layer = write(tree, description, level);
		Files.createDirectories(this.cache);
		Files.writeString(remembered, layer.digest() + " " + layer.size() + " " + layer.diffId());
		return layer;
	}

	private Optional<Layer> read(Path remembered, String description) throws IOException {
		if (!Files.isRegularFile(remembered)) {
			return Optional.empty();
		}
		List<String> fields = List.of(Files.readString(remembered).strip().split(" "));
		if (fields.size() != 3) {
			return Optional.empty();
		}
		Path blob = this.layout.blob(fields.get(0));
		if (!Files.isRegularFile(blob) || Files.size(blob) != Long.parseLong(fields.get(1))) {
			return Optional.empty();
		}
		return Optional.of(new Layer(fields.get(0), Long.parseLong(fields.get(1)), fields.get(2), description));
	}

	private Layer write(LayerTree tree, String description, int level) throws IOException {
		Path temporary = Files.createTempFile(this.layout.blobs(), "layer", ".tmp");
		MessageDigest compressed = digest();
		MessageDigest uncompressed = digest();
		try (OutputStream file = Files.newOutputStream(temporary);
				DigestOutputStream blob = new DigestOutputStream(new BufferedOutputStream(file, 1 << 16), compressed);
				GZIPOutputStream gzip = new LeveledGzip(blob, level);
				DigestOutputStream tar = new DigestOutputStream(new BufferedOutputStream(gzip, 1 << 16),
						uncompressed)) {
			TarWriter writer = new TarWriter(tar);
			for (LayerTree.Entry entry : tree.entries()) {
				switch (entry.kind()) {
					case DIRECTORY -> writer.directory(entry.name(), entry.mode(), entry.uid(), entry.gid());
					case SYMLINK -> writer.symlink(entry.name(), entry.linkTarget(), entry.uid(), entry.gid());
					case FILE -> {
						Path source = require(entry.source());
						try (InputStream in = Files.newInputStream(source)) {
							writer.file(entry.name(), entry.mode(), entry.uid(), entry.gid(), Files.size(source), in);
						}
					}
				}
			}
			writer.finish();
		}
		String digest = "sha256:" + HexFormat.of().formatHex(compressed.digest());
		long size = Files.size(temporary);
		Files.move(temporary, this.layout.blob(digest), StandardCopyOption.REPLACE_EXISTING);
		return new Layer(digest, size, "sha256:" + HexFormat.of().formatHex(uncompressed.digest()), description);
	}

	private static Path require(@Nullable Path source) {
		if (source == null) {
			throw new IllegalStateException("a file entry without its content");
		}
		return source;
	}

	static MessageDigest digest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JDK", ex);
		}
	}

	static String sha256(byte[] bytes) {
		return HexFormat.of().formatHex(digest().digest(bytes));
	}

	private static final class LeveledGzip extends GZIPOutputStream {

		LeveledGzip(OutputStream out, int level) throws IOException {
			super(out, 1 << 16);
			this.def.setLevel((level < 0) ? Deflater.DEFAULT_COMPRESSION : level);
		}

	}

}
