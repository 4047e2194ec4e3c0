package org.caduceus.embeddedmongo;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map.Entry;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.jspecify.annotations.Nullable;

/**
 * A unique index ({@code _id}, a reference number) whose keys are ordered by value.
 *
 * <p>
 * H2's own unique index keeps its keys with H2's generic type, which compares two keys of
 * this kind by Java-serializing both: about 34 serializations to find one key among
 * 100,000, paid on every insert and every lookup. This one compares the values
 * themselves. Its map has a name of its own: an index kept by H2's type is in another
 * order, so it is left behind and this one is built from the documents when the store
 * opens.
 */
final class UniqueIndex extends AbstractUniqueIndex<Object> {

	private final MVMap<KeyValue, Object> keys;

	UniqueIndex(MVMap<KeyValue, Object> keys, String name, List<IndexKey> fields, boolean sparse) {
		super(name, fields, sparse);
		this.keys = keys;
	}

	/** The map options: keys ordered by value. */
	static MVMap.Builder<KeyValue, Object> map() {
		return new MVMap.Builder<KeyValue, Object>().keyType(new KeyType());
	}

	@Override
	protected @Nullable Object removeDocument(KeyValue keyValue) {
		return this.keys.remove(keyValue);
	}

	@Override
	protected boolean putKeyPosition(KeyValue keyValue, Object position) {
		return this.keys.putIfAbsent(keyValue, Missing.ofNullable(position)) == null;
	}

	@Override
	protected Iterable<Entry<KeyValue, Object>> getIterable() {
		return this.keys.entrySet();
	}

	@Override
	protected @Nullable Object getPosition(KeyValue keyValue) {
		return this.keys.get(keyValue);
	}

	@Override
	public long getCount() {
		return this.keys.sizeAsLong();
	}

	@Override
	public boolean isEmpty() {
		return this.keys.isEmpty();
	}

	@Override
	public long getDataSize() {
		return getCount();
	}

	/** Keys in value order, written as {@link IndexEntry} writes its values. */
	static final class KeyType extends BasicDataType<KeyValue> {

		private final IndexEntry.Type values = new IndexEntry.Type(new boolean[] { false });

		@Override
		public int compare(KeyValue a, KeyValue b) {
			int fields = Math.min(a.size(), b.size());
			for (int i = 0; i < fields; i++) {
				int cmp = IndexEntry.Type.compare(IndexEntry.keyValue(a.get(i)), IndexEntry.keyValue(b.get(i)), false);
				if (cmp != 0) {
					return cmp;
				}
			}
			int cmp = Integer.compare(a.size(), b.size());
			if (cmp == 0 && holdsStructure(a) && !a.equals(b)) {
				// mongo-java-server compares lists inside sub-documents by their smallest
				// element: {k: [1, 2]} and {k: [1, 3]} compare equal but are two keys
				return a.toString().compareTo(b.toString());
			}
			return cmp;
		}

		private static boolean holdsStructure(KeyValue key) {
			return key.stream()
				.anyMatch((value) -> value instanceof java.util.Map<?, ?> || value instanceof java.util.Collection<?>);
		}

		@Override
		public int getMemory(KeyValue key) {
			return 32 + 24 * key.size();
		}

		@Override
		public void write(WriteBuffer buffer, KeyValue key) {
			buffer.putVarInt(key.size());
			for (Object value : key) {
				this.values.writeValue(buffer, value);
			}
		}

		@Override
		public KeyValue read(ByteBuffer buffer) {
			int size = DataUtils.readVarInt(buffer);
			List<Object> read = new ArrayList<>(size);
			for (int i = 0; i < size; i++) {
				read.add(this.values.readValue(buffer));
			}
			return new KeyValue(read);
		}

		@Override
		public KeyValue[] createStorage(int size) {
			return new KeyValue[size];
		}

	}

}
