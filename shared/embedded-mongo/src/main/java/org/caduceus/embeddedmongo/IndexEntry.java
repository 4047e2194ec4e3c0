package org.caduceus.embeddedmongo;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;
import org.jspecify.annotations.Nullable;

/**
 * One key of an {@link OrderedIndex}: the indexed values of a document, then the
 * document's position (its {@code _id}), which makes every key unique and orders equal
 * values.
 *
 * <p>
 * Keys are ordered by MongoDB's comparison order ({@link ValueComparator}, the order
 * mongo-java-server sorts documents by), each field in its index direction; the position
 * goes in the direction of the last field. A probe key may hold {@link Edge#FIRST} or
 * {@link Edge#LAST}, which sort before or after every value in index order: they mark the
 * ends of a range and are never stored.
 */
final class IndexEntry {

	/** The ends of a range, in index order. */
	enum Edge {

		FIRST, LAST

	}

	/**
	 * Before or after every value of one type, in value order: comparisons in a query
	 * match values of their operand's type only ({@code {at: {$lt: date}}} never matches
	 * a null or a string), so a range ends at its type's edge.
	 */
	record TypeEdge(int type, boolean last) {

		static TypeEdge before(Object value) {
			return new TypeEdge(typeOrder(value), false);
		}

		static TypeEdge after(Object value) {
			return new TypeEdge(typeOrder(value), true);
		}

		int compareTo(Object other) {
			int otherType = (other instanceof TypeEdge edge) ? edge.type() : typeOrder(other);
			if (this.type != otherType) {
				return Integer.compare(this.type, otherType);
			}
			if (other instanceof TypeEdge edge) {
				return Boolean.compare(this.last, edge.last());
			}
			return this.last ? 1 : -1;
		}

		/**
		 * MongoDB's comparison order of BSON types, as mongo-java-server sorts them:
		 * MinKey, null, then these, then MaxKey.
		 */
		private static final List<Class<?>> ORDER = List.of(Number.class, String.class, Document.class, List.class,
				BinData.class, LegacyUUID.class, UUID.class, ObjectId.class, Boolean.class, Instant.class,
				BsonTimestamp.class, BsonRegularExpression.class);

		static int typeOrder(Object value) {
			if (value instanceof MinKey) {
				return 0;
			}
			if (Missing.isNullOrMissing(value)) {
				return 1;
			}
			for (int i = 0; i < ORDER.size(); i++) {
				if (ORDER.get(i).isInstance(value)) {
					return 2 + i;
				}
			}
			return 2 + ORDER.size();
		}

	}

	private final Object[] values;

	private final Object position;

	IndexEntry(Object[] values, Object position) {
		this.values = values;
		this.position = position;
	}

	/**
	 * A value as keys hold it. Dates to the millisecond, as BSON stores them: a date the
	 * server made itself ({@code Instant.now()}) is read back from the file a few
	 * microseconds earlier, and its key must stay the key of the document read back.
	 */
	static @Nullable Object keyValue(@Nullable Object value) {
		return (value instanceof Instant instant) ? instant.truncatedTo(ChronoUnit.MILLIS) : value;
	}

	Object value(int field) {
		return this.values[field];
	}

	Object position() {
		return this.position;
	}

	int fields() {
		return this.values.length;
	}

	@Override
	public String toString() {
		return Arrays.toString(this.values) + "@" + this.position;
	}

	/**
	 * How an index stores and orders its keys. The same directions must be given each
	 * time the index's map is opened (the order is not stored in the file).
	 */
	static final class Type extends BasicDataType<IndexEntry> {

		private static final byte INSTANT = 1;

		private static final byte OTHER = 2;

		private final boolean[] descending;

		private final ObjectDataType values = new ObjectDataType();

		Type(boolean[] descending) {
			this.descending = descending.clone();
		}

		@Override
		public int compare(IndexEntry a, IndexEntry b) {
			for (int i = 0; i < a.values.length; i++) {
				int cmp = compare(a.values[i], b.values[i], this.descending[i]);
				if (cmp != 0) {
					return cmp;
				}
			}
			return compare(a.position, b.position, this.descending[this.descending.length - 1]);
		}

		/** Compares two components in index order: edges first, then values. */
		static int compare(Object a, Object b, boolean descending) {
			if (a instanceof Edge edgeA) {
				return (b instanceof Edge edgeB) ? edgeA.compareTo(edgeB) : (edgeA == Edge.FIRST) ? -1 : 1;
			}
			if (b instanceof Edge edgeB) {
				return (edgeB == Edge.FIRST) ? 1 : -1;
			}
			int cmp = inValueOrder(a, b);
			return descending ? -cmp : cmp;
		}

		private static int inValueOrder(Object a, Object b) {
			if (a instanceof TypeEdge edge) {
				return edge.compareTo(b);
			}
			if (b instanceof TypeEdge edge) {
				return -edge.compareTo(a);
			}
			// lists as their own type (as TypeEdge orders them), not by their smallest
			// element
			return ValueComparator.ascWithoutListHandling().compare(a, b);
		}

		@Override
		public int getMemory(IndexEntry entry) {
			return 48 + 24 * entry.values.length;
		}

		@Override
		public void write(WriteBuffer buffer, IndexEntry entry) {
			buffer.putVarInt(entry.values.length);
			for (Object value : entry.values) {
				writeValue(buffer, value);
			}
			writeValue(buffer, entry.position);
		}

		@Override
		public IndexEntry read(ByteBuffer buffer) {
			int count = DataUtils.readVarInt(buffer);
			Object[] read = new Object[count];
			for (int i = 0; i < count; i++) {
				read[i] = readValue(buffer);
			}
			return new IndexEntry(read, readValue(buffer));
		}

		// dates are the most common indexed value; Java serialization of an Instant
		// would cost about 60 bytes
		void writeValue(WriteBuffer buffer, Object value) {
			if (value instanceof Instant instant) {
				buffer.put(INSTANT).putVarLong(instant.getEpochSecond()).putVarInt(instant.getNano());
			}
			else {
				buffer.put(OTHER);
				this.values.write(buffer, value);
			}
		}

		Object readValue(ByteBuffer buffer) {
			byte tag = buffer.get();
			if (tag == INSTANT) {
				return Instant.ofEpochSecond(DataUtils.readVarLong(buffer), DataUtils.readVarInt(buffer));
			}
			return this.values.read(buffer);
		}

		@Override
		public IndexEntry[] createStorage(int size) {
			return new IndexEntry[size];
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Type type && Arrays.equals(type.descending, this.descending);
		}

		@Override
		public int hashCode() {
			return Arrays.hashCode(this.descending);
		}

	}

}
