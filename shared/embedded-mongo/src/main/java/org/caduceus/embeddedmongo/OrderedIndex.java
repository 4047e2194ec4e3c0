package org.caduceus.embeddedmongo;

import java.util.Iterator;
import java.util.List;
import java.util.Set;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.jspecify.annotations.Nullable;

/**
 * A non-unique (compound, possibly multikey) index kept in its own ordered map in the
 * store file, changed under the same commit as its documents.
 *
 * <p>
 * mongo-java-server asks an index only for exact matches ({@link #canHandle}); this one
 * answers no there and is read by {@link QueryPlan} instead, which walks key ranges in
 * order, counts them in O(log n) and so can serve equality, {@code $in}, ranges and sort
 * + limit.
 */
final class OrderedIndex extends Index<Object> {

	private static final String MULTIKEY = "multikey";

	private final MVStore store;

	private final MVMap<IndexEntry, Boolean> entries;

	private final MVMap<String, Object> meta;

	private final String metaName;

	private final boolean[] descending;

	private volatile boolean multikey;

	private OrderedIndex(MVStore store, String mapName, String indexName, List<IndexKey> keys, boolean sparse) {
		super(indexName, keys, sparse);
		this.store = store;
		this.descending = new boolean[keys.size()];
		for (int i = 0; i < keys.size(); i++) {
			this.descending[i] = !keys.get(i).isAscending();
		}
		this.entries = store.openMap(mapName,
				new MVMap.Builder<IndexEntry, Boolean>().keyType(new IndexEntry.Type(this.descending)));
		this.metaName = mapName + ".meta";
		this.meta = store.openMap(this.metaName);
		this.multikey = Boolean.TRUE.equals(this.meta.get(MULTIKEY));
	}

	/**
	 * Opens the index kept in map {@code mapName}, or an empty one; an empty index on a
	 * collection with documents is filled by the collection when it is added to it.
	 */
	static OrderedIndex open(MVStore store, String mapName, String indexName, List<IndexKey> keys, boolean sparse) {
		return new OrderedIndex(store, mapName, indexName, keys, sparse);
	}

	/**
	 * Whether some document has an array in an indexed field (it then has several keys).
	 */
	boolean multikey() {
		return this.multikey;
	}

	boolean sparse() {
		return isSparse();
	}

	boolean descending(int field) {
		return this.descending[field];
	}

	List<String> fields() {
		return keys();
	}

	/** Number of keys between two probe keys, in O(log n). */
	long count(IndexEntry from, IndexEntry to) {
		long start = insertionPoint(from);
		long end = insertionPoint(to);
		return Math.max(0, end - start);
	}

	private long insertionPoint(IndexEntry probe) {
		long index = this.entries.getKeyIndex(probe);
		// probes hold an edge and are never found: the answer is -(insertion point) - 1
		return (index < 0) ? -index - 1 : index;
	}

	/** The keys from one probe to the other, in index order or against it. */
	Iterator<IndexEntry> keys(IndexEntry from, IndexEntry to, boolean reverse) {
		return reverse ? this.entries.cursor(to, from, true) : this.entries.cursor(from, to, false);
	}

	@Override
	public Object getPosition(Document document) {
		return positionOf(document);
	}

	private static Object positionOf(Document document) {
		return Missing.ofNullable(document.get("_id"));
	}

	@Override
	public void checkAdd(Document document, MongoCollection<Object> collection) {
		// no uniqueness to check, but a document whose keys cannot be built (parallel
		// arrays) must be refused before it is stored, not after
		keyValues(document);
	}

	@Override
	public void add(Document document, Object position, MongoCollection<Object> collection) {
		Set<KeyValue> keys = keyValues(document);
		if (keys.size() > 1 || hasArray(document)) {
			markMultikey();
		}
		for (KeyValue key : keys) {
			this.entries.put(entry(key, position), Boolean.TRUE);
		}
	}

	@Override
	public @Nullable Object remove(Document document) {
		if (isSparse() && hasNoValue(document)) {
			return null;
		}
		Object position = positionOf(document);
		for (KeyValue key : keyValues(document)) {
			this.entries.remove(entry(key, position));
		}
		return position;
	}

	@Override
	public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
		keyValues(newDocument);
	}

	@Override
	public void updateInPlace(Document oldDocument, Document newDocument, Object position,
			MongoCollection<Object> collection) {
		Set<KeyValue> before = keyValues(oldDocument);
		if (before.equals(keyValues(newDocument))) {
			return;
		}
		for (KeyValue key : before) {
			this.entries.remove(entry(key, position));
		}
		add(newDocument, position, collection);
	}

	private Set<KeyValue> keyValues(Document document) {
		if (isSparse() && hasNoValue(document)) {
			return Set.of();
		}
		Set<KeyValue> keys = getKeyValues(document);
		if (keys.isEmpty()) {
			// an empty array gives mongo-java-server no key at all; the document must
			// still
			// be found through the index's other fields, so the array counts as null
			Object[] values = new Object[fields().size()];
			for (int i = 0; i < values.length; i++) {
				Object value = Utils.getSubdocumentValueCollectionAware(document, fields().get(i));
				values[i] = (value instanceof java.util.Collection<?> list && list.isEmpty()) ? null : value;
			}
			return Set.of(new KeyValue(java.util.Arrays.asList(values)).normalized());
		}
		return keys;
	}

	/** A sparse index leaves out documents that have none of its fields. */
	private boolean hasNoValue(Document document) {
		return fields().stream()
			.allMatch(field -> Missing.isNullOrMissing(Utils.getSubdocumentValueCollectionAware(document, field)));
	}

	private boolean hasArray(Document document) {
		return fields().stream()
			.anyMatch(field -> Utils.getSubdocumentValueCollectionAware(document, field) instanceof List<?>);
	}

	private void markMultikey() {
		if (!this.multikey) {
			this.multikey = true;
			this.meta.put(MULTIKEY, Boolean.TRUE);
		}
	}

	private static IndexEntry entry(KeyValue key, Object position) {
		Object[] values = new Object[key.size()];
		for (int i = 0; i < values.length; i++) {
			values[i] = IndexEntry.keyValue(key.get(i));
		}
		return new IndexEntry(values, position);
	}

	/**
	 * Exact matches are left to mongo-java-server's unique indexes; see
	 * {@link QueryPlan}.
	 */
	@Override
	public boolean canHandle(Document query) {
		return false;
	}

	@Override
	public Iterable<Object> getPositions(Document query) {
		// canHandle says no to every query, so mongo-java-server never asks this
		throw new IllegalStateException("index " + getName() + " is read through QueryPlan, not asked for positions");
	}

	@Override
	public long getCount() {
		return this.entries.sizeAsLong();
	}

	@Override
	public boolean isEmpty() {
		return this.entries.isEmpty();
	}

	@Override
	public long getDataSize() {
		return getCount();
	}

	@Override
	public void drop() {
		// the entries' map is removed by H2's database, which knows its name
		this.store.removeMap(this.metaName);
	}

}
