package org.caduceus.taxonomy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The versioned taxonomy of this build: the MISP machine-tag files shipped in this module
 * (RSIT, TLP, PAP, NIS2 and the Caduceus health extension), loaded once and immutable.
 */
public final class Taxonomy {

	/** Namespace of the Caduceus health extension. */
	public static final String HEALTH_NAMESPACE = "caduceus-health";

	private static final List<String> FILES = List.of("rsit", "tlp", "PAP", "nis2", HEALTH_NAMESPACE);

	private static final Taxonomy CURRENT = load();

	private final List<Namespace> namespaces;

	private final String version;

	private Taxonomy(List<Namespace> namespaces) {
		this.namespaces = List.copyOf(namespaces);
		this.version = namespaces.stream()
			.map((namespace) -> namespace.name() + "-" + namespace.version())
			.collect(Collectors.joining(","));
	}

	/**
	 * @return the taxonomy shipped with this build
	 */
	public static Taxonomy current() {
		return CURRENT;
	}

	/**
	 * The version stored with every classified record, e.g.
	 * {@code rsit-1003,tlp-10,PAP-3,nis2-5,caduceus-health-1}: it changes whenever one of
	 * the files does.
	 */
	public String version() {
		return this.version;
	}

	public List<Namespace> namespaces() {
		return this.namespaces;
	}

	public Optional<Namespace> namespace(String name) {
		return this.namespaces.stream().filter((namespace) -> namespace.name().equalsIgnoreCase(name)).findFirst();
	}

	/**
	 * @return true when {@code tag} names a predicate, or a predicate's value, of this
	 * taxonomy
	 */
	public boolean contains(MachineTag tag) {
		return namespace(tag.namespace()).flatMap((namespace) -> namespace.predicate(tag.predicate()))
			.map((predicate) -> (tag.value() == null) ? predicate.entries().isEmpty()
					: predicate.entry(tag.value()).isPresent())
			.orElse(false);
	}

	/**
	 * @return every tag this taxonomy defines, in file order
	 */
	public List<MachineTag> allTags() {
		List<MachineTag> tags = new ArrayList<>();
		for (Namespace namespace : this.namespaces) {
			for (Predicate predicate : namespace.predicates()) {
				if (predicate.entries().isEmpty()) {
					tags.add(MachineTag.of(namespace.name(), predicate.value()));
				}
				for (Entry entry : predicate.entries()) {
					tags.add(MachineTag.of(namespace.name(), predicate.value(), entry.value()));
				}
			}
		}
		return tags;
	}

	private static Taxonomy load() {
		JsonMapper mapper = JsonMapper.builder().build();
		List<Namespace> namespaces = new ArrayList<>();
		for (String file : FILES) {
			String resource = file + ".machinetag.json";
			try (InputStream in = Taxonomy.class.getResourceAsStream(resource)) {
				if (in == null) {
					throw new IllegalStateException("taxonomy file missing from the classpath: " + resource);
				}
				namespaces.add(mapper.readValue(in, MachineTagFile.class).toNamespace());
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot read taxonomy file " + resource, ex);
			}
		}
		return new Taxonomy(namespaces);
	}

	/**
	 * One taxonomy namespace.
	 *
	 * @param name the namespace, e.g. {@code rsit}
	 * @param version the file's own version
	 * @param description what it classifies
	 * @param exclusive whether at most one of its predicates applies to a record
	 * @param predicates its predicates in file order
	 */
	public record Namespace(String name, int version, String description, boolean exclusive,
			List<Predicate> predicates) {

		public Optional<Predicate> predicate(String value) {
			return this.predicates.stream().filter((predicate) -> predicate.value().equals(value)).findFirst();
		}

	}

	/**
	 * A predicate, with its values when it has any.
	 *
	 * @param value e.g. {@code malicious-code}
	 * @param expanded the human-readable label
	 * @param description the longer description, may be empty
	 * @param entries its values in file order
	 */
	public record Predicate(String value, String expanded, String description, List<Entry> entries) {

		public Optional<Entry> entry(String entryValue) {
			return this.entries.stream().filter((entry) -> entry.value().equals(entryValue)).findFirst();
		}

	}

	/**
	 * A value of a predicate.
	 *
	 * @param value e.g. {@code ransomware}
	 * @param expanded the human-readable label
	 * @param description the longer description, may be empty
	 */
	public record Entry(String value, String expanded, String description) {

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record MachineTagFile(String namespace, int version, @Nullable String description, @Nullable Boolean exclusive,
			List<FilePredicate> predicates, @Nullable List<FileValues> values) {

		Namespace toNamespace() {
			Map<String, List<Entry>> entries = new LinkedHashMap<>();
			if (this.values != null) {
				for (FileValues group : this.values) {
					entries.computeIfAbsent(group.predicate(), (key) -> new ArrayList<>())
						.addAll(group.entry().stream().map(FileEntry::toEntry).toList());
				}
			}
			List<Predicate> predicates = this.predicates.stream()
				.map((predicate) -> new Predicate(predicate.value(), text(predicate.expanded(), predicate.value()),
						text(predicate.description(), ""),
						List.copyOf(entries.getOrDefault(predicate.value(), List.of()))))
				.toList();
			return new Namespace(this.namespace, this.version, text(this.description, ""),
					Boolean.TRUE.equals(this.exclusive), predicates);
		}

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record FilePredicate(String value, @Nullable String expanded, @Nullable String description) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record FileValues(String predicate, List<FileEntry> entry) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record FileEntry(String value, @Nullable String expanded, @Nullable String description) {

		Entry toEntry() {
			return new Entry(this.value, text(this.expanded, this.value), text(this.description, ""));
		}

	}

	private static String text(@Nullable String value, String fallback) {
		return (value != null) ? value : fallback;
	}

}
