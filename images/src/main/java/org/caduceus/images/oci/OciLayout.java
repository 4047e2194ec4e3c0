package org.caduceus.images.oci;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OCI image layout directory ({@code oci-layout}, {@code index.json},
 * {@code blobs/sha256/}) holding every image of the build, and one archive per image that
 * {@code docker load}, {@code podman load}, {@code ctr import}, {@code kind load
 * image-archive} and {@code skopeo} all read: the OCI layout of that image with Docker's
 * {@code manifest.json} beside it.
 */
public final class OciLayout {

	static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";

	static final String CONFIG = "application/vnd.oci.image.config.v1+json";

	static final String INDEX = "application/vnd.oci.image.index.v1+json";

	/** What every image's config and history say it was created at. */
	static final String CREATED = "1980-01-01T00:00:00Z";

	private static final byte[] LAYOUT = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);

	private final Path dir;

	public OciLayout(Path dir) throws IOException {
		this.dir = dir;
		Files.createDirectories(blobs());
		Files.write(dir.resolve("oci-layout"), LAYOUT);
	}

	Path blobs() {
		return this.dir.resolve("blobs/sha256");
	}

	Path blob(String digest) {
		return blobs().resolve(digest.substring("sha256:".length()));
	}

	/** Writes the image's config and manifest blobs. */
	public Image add(ImageSpec spec) throws IOException {
		byte[] config = Json.write(config(spec)).getBytes(StandardCharsets.UTF_8);
		String configDigest = put(config);
		Map<String, Object> manifest = new LinkedHashMap<>();
		manifest.put("schemaVersion", 2);
		manifest.put("mediaType", MANIFEST);
		manifest.put("config", descriptor(CONFIG, configDigest, config.length));
		List<Object> layers = new ArrayList<>();
		for (Layer layer : spec.layers()) {
			layers.add(descriptor(Layer.MEDIA_TYPE, layer.digest(), layer.size()));
		}
		manifest.put("layers", layers);
		manifest.put("annotations", new LinkedHashMap<>(spec.labels()));
		byte[] bytes = Json.write(manifest).getBytes(StandardCharsets.UTF_8);
		return new Image(spec, put(bytes), bytes.length, configDigest, config.length);
	}

	/** Names every image in {@code index.json} by its short name (what umoci unpacks). */
	public void index(List<Image> images) throws IOException {
		List<Object> manifests = new ArrayList<>();
		for (Image image : images) {
			manifests.add(reference(image, image.spec().name()));
		}
		Files.writeString(this.dir.resolve("index.json"), Json.write(indexOf(manifests)));
	}

	/** Writes {@code image} alone, with every blob it needs, as a tar archive. */
	public void archive(Image image, Path tar) throws IOException {
		Path temporary = tar.resolveSibling(tar.getFileName() + ".tmp");
		try (OutputStream out = Files.newOutputStream(temporary)) {
			TarWriter writer = new TarWriter(new java.io.BufferedOutputStream(out, 1 << 16));
			writer.file("oci-layout", 0644, LAYOUT);
			writer.file("index.json", 0644, Json.write(indexOf(List.of(reference(image, image.spec().tag()))))
				.getBytes(StandardCharsets.UTF_8));
			Map<String, Object> docker = new LinkedHashMap<>();
			docker.put("Config", "blobs/sha256/" + hex(image.configDigest()));
			docker.put("RepoTags", List.of(image.spec().reference()));
			docker.put("Layers",
					image.spec().layers().stream().map((layer) -> "blobs/sha256/" + hex(layer.digest())).toList());
			writer.file("manifest.json", 0644, Json.write(List.of(docker)).getBytes(StandardCharsets.UTF_8));
			writer.directory("blobs", 0755, 0, 0);
			writer.directory("blobs/sha256", 0755, 0, 0);
			List<String> digests = new ArrayList<>();
			digests.add(image.configDigest());
			digests.add(image.digest());
			image.spec().layers().forEach((layer) -> digests.add(layer.digest()));
			for (String digest : digests.stream().distinct().sorted().toList()) {
				Path blob = blob(digest);
				try (InputStream in = Files.newInputStream(blob)) {
					writer.file("blobs/sha256/" + hex(digest), 0644, 0, 0, Files.size(blob), in);
				}
			}
			writer.finish();
		}
		Files.move(temporary, tar, StandardCopyOption.REPLACE_EXISTING);
	}

	private static Map<String, Object> indexOf(List<Object> manifests) {
		Map<String, Object> index = new LinkedHashMap<>();
		index.put("schemaVersion", 2);
		index.put("mediaType", INDEX);
		index.put("manifests", manifests);
		return index;
	}

	private static Map<String, Object> reference(Image image, String refName) {
		Map<String, Object> descriptor = descriptor(MANIFEST, image.digest(), image.manifestSize());
		Map<String, Object> annotations = new LinkedHashMap<>();
		annotations.put("io.containerd.image.name", image.spec().reference());
		annotations.put("org.opencontainers.image.ref.name", refName);
		descriptor.put("annotations", annotations);
		return descriptor;
	}

	private static Map<String, Object> config(ImageSpec spec) {
		Map<String, Object> run = new LinkedHashMap<>();
		run.put("User", spec.user());
		Map<String, Object> ports = new LinkedHashMap<>();
		spec.ports().forEach((port) -> ports.put(port + "/tcp", Map.of()));
		run.put("ExposedPorts", ports);
		run.put("Env", spec.env());
		run.put("Entrypoint", spec.entrypoint());
		run.put("Cmd", spec.cmd());
		Map<String, Object> volumes = new LinkedHashMap<>();
		spec.volumes().forEach((volume) -> volumes.put(volume, Map.of()));
		run.put("Volumes", volumes);
		run.put("WorkingDir", "/");
		run.put("Labels", new LinkedHashMap<>(spec.labels()));
		Map<String, Object> rootfs = new LinkedHashMap<>();
		rootfs.put("type", "layers");
		rootfs.put("diff_ids", spec.layers().stream().map(Layer::diffId).toList());
		List<Object> history = new ArrayList<>();
		for (Layer layer : spec.layers()) {
			Map<String, Object> step = new LinkedHashMap<>();
			step.put("created", CREATED);
			step.put("created_by", layer.description());
			history.add(step);
		}
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("created", CREATED);
		config.put("architecture", "amd64");
		config.put("os", "linux");
		config.put("config", run);
		config.put("rootfs", rootfs);
		config.put("history", history);
		return config;
	}

	private static Map<String, Object> descriptor(String mediaType, String digest, long size) {
		Map<String, Object> descriptor = new LinkedHashMap<>();
		descriptor.put("mediaType", mediaType);
		descriptor.put("digest", digest);
		descriptor.put("size", size);
		return descriptor;
	}

	private String put(byte[] bytes) throws IOException {
		String digest = "sha256:" + LayerWriter.sha256(bytes);
		Path blob = blob(digest);
		if (!Files.isRegularFile(blob) || Files.size(blob) != bytes.length) {
			Files.write(blob, bytes);
		}
		return digest;
	}

	private static String hex(String digest) {
		return digest.substring("sha256:".length());
	}

}
