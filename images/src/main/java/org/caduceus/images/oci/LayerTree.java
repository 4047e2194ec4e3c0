package org.caduceus.images.oci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Collection;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * What one layer holds: paths (relative to the image's root, without a leading slash) and
 * what each is, in path order; the parent directories of every path are added as
 * {@code 0755 root:root} unless given.
 */
public final class LayerTree {

	private final TreeMap<String, Entry> entries = new TreeMap<>();

	/** A directory, owned by {@code uid:gid}. */
	public LayerTree directory(String path, int mode, int uid, int gid) {
		String name = clean(path);
		parents(name);
		this.entries.put(name, new Entry(name, Kind.DIRECTORY, mode, uid, gid, null, ""));
		return this;
	}

	/**
	 * A file owned by root, its content read from {@code source} when the layer is
	 * written.
	 */
	public LayerTree file(String path, Path source, int mode) {
		String name = clean(path);
		parents(name);
		this.entries.put(name, new Entry(name, Kind.FILE, mode, 0, 0, source, ""));
		return this;
	}

	/** A symbolic link, e.g. {@code lib -> usr/lib}. */
	public LayerTree symlink(String path, String target) {
		String name = clean(path);
		parents(name);
		this.entries.put(name, new Entry(name, Kind.SYMLINK, 0777, 0, 0, null, target));
		return this;
	}

	/**
	 * Every file, directory and link under {@code dir}, at {@code path}: files executable
	 * on this machine are {@code 0755}, the others {@code 0644}.
	 */
	public LayerTree tree(String path, Path dir) throws IOException {
		try (Stream<Path> walk = Files.walk(dir)) {
			for (Path source : (Iterable<Path>) walk::iterator) {
				String relative = dir.relativize(source).toString();
				String name = relative.isEmpty() ? path : path + "/" + relative;
				if (Files.isSymbolicLink(source)) {
					symlink(name, Files.readSymbolicLink(source).toString());
				}
				else if (Files.isDirectory(source)) {
					directory(name, 0755, 0, 0);
				}
				else {
					file(name, source, executable(source) ? 0755 : 0644);
				}
			}
		}
		return this;
	}

	/**
	 * @return whether {@code path} is already in this layer
	 */
	public boolean has(String path) {
		return this.entries.containsKey(clean(path));
	}

	/**
	 * @return a digest of every entry's name, kind, mode, owner, link target and size:
	 * with the digests of the inputs, what decides whether a layer must be written again
	 */
	public String fingerprint() throws IOException {
		StringBuilder text = new StringBuilder();
		for (Entry entry : this.entries.values()) {
			Path source = entry.source();
			text.append(entry.name())
				.append(' ')
				.append(entry.kind())
				.append(' ')
				.append(Integer.toOctalString(entry.mode()))
				.append(' ')
				.append(entry.uid())
				.append(':')
				.append(entry.gid())
				.append(' ')
				.append(entry.linkTarget())
				.append(' ')
				.append((source != null) ? Files.size(source) : 0)
				.append('\n');
		}
		return LayerWriter.sha256(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	Collection<Entry> entries() {
		return this.entries.values();
	}

	private void parents(String name) {
		int slash = name.lastIndexOf('/');
		if (slash > 0) {
			String parent = name.substring(0, slash);
			if (!this.entries.containsKey(parent)) {
				parents(parent);
				this.entries.put(parent, new Entry(parent, Kind.DIRECTORY, 0755, 0, 0, null, ""));
			}
		}
	}

	private static String clean(String path) {
		String name = path;
		while (name.startsWith("/")) {
			name = name.substring(1);
		}
		while (name.endsWith("/")) {
			name = name.substring(0, name.length() - 1);
		}
		if (name.isEmpty() || name.contains("//") || name.contains("/../") || name.startsWith("../")) {
			throw new IllegalArgumentException("not a path in an image: " + path);
		}
		return name;
	}

	private static boolean executable(Path source) throws IOException {
		Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(source);
		return permissions.contains(PosixFilePermission.OWNER_EXECUTE);
	}

	enum Kind {

		DIRECTORY, FILE, SYMLINK

	}

	record Entry(String name, Kind kind, int mode, int uid, int gid, @Nullable Path source, String linkTarget) {
	}

}
