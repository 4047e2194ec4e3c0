package org.caduceus.embeddedmongo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.caduceus.embeddedmongo.IndexEntry.Edge;
import org.caduceus.embeddedmongo.IndexEntry.TypeEdge;
import org.jspecify.annotations.Nullable;

/**
 * What a query says about one field, always as a superset of the values a matching
 * document can have there: a set of values, or an interval in value order (both ends
 * included). A query that says nothing usable about a field has no constraint on it.
 *
 * <p>
 * Comparisons match values of their operand's type only, so a range ends at the edge of
 * that type ({@link TypeEdge}). Only what is certain is read: plain values, {@code $eq},
 * {@code $in} and the four comparisons, through {@code $and}, {@code $elemMatch} on
 * sub-documents and, where every branch bounds the field, {@code $or}. Everything else
 * ({@code null}, regular expressions, embedded documents, arrays, {@code $ne},
 * {@code $nin}, {@code $exists}, {@code $elemMatch} on values ...) bounds nothing. The
 * collection applies the whole query to every document an index yields, so a superset is
 * enough.
 */
sealed interface Constraint {

	/** The field holds one of these values (sorted, no two equal). */
	record Values(List<Object> values) implements Constraint {
	}

	/** The field holds a value from {@code low} to {@code high}, value order. */
	record Range(Object low, Object high) implements Constraint {
	}

	/**
	 * The constraint {@code query} puts on {@code field}, or null.
	 * @param intersect whether two constraints on the field may be intersected: not for a
	 * multikey index, where {@code {tags: 1, tags: 2}} matches {@code [1, 2]}
	 */
	static @Nullable Constraint of(Document query, String field, boolean intersect) {
		Constraint found = null;
		for (Map.Entry<String, Object> entry : query.entrySet()) {
			Constraint next = null;
			String key = entry.getKey();
			Object value = entry.getValue();
			if (key.equals("$and") && value instanceof List<?> all) {
				for (Object part : all) {
					if (part instanceof Document partQuery) {
						found = both(found, of(partQuery, field, intersect), intersect);
					}
				}
				continue;
			}
			if (key.equals("$or") && value instanceof List<?> any) {
				next = anyOf(any, field, intersect);
			}
			else if (key.equals(field)) {
				next = ofCondition(value, intersect);
			}
			else if (field.startsWith(key + ".") && value instanceof Document condition
					&& condition.get("$elemMatch") instanceof Document element
					&& element.keySet().stream().noneMatch(k -> k.startsWith("$"))) {
				// {observables: {$elemMatch: {type: t, value: v}}} bounds
				// observables.value
				next = of(element, field.substring(key.length() + 1), intersect);
			}
			found = both(found, next, intersect);
		}
		return found;
	}

	private static @Nullable Constraint anyOf(List<?> branches, String field, boolean intersect) {
		Constraint hull = null;
		for (Object branch : branches) {
			Constraint each = (branch instanceof Document d) ? of(d, field, intersect) : null;
			if (each == null) {
				return null;
			}
			hull = (hull == null) ? each : hull(hull, each);
		}
		return hull;
	}

	private static @Nullable Constraint ofCondition(@Nullable Object condition, boolean intersect) {
		if (!(condition instanceof Document operators)) {
			Object value = usable(condition);
			return (value != null) ? new Values(List.of(value)) : null;
		}
		if (operators.keySet().stream().anyMatch(key -> !key.startsWith("$"))) {
			// an embedded document compared whole
			return null;
		}
		Constraint found = null;
		for (Map.Entry<String, Object> operator : operators.entrySet()) {
			Object operand = operator.getValue();
			Constraint next = switch (operator.getKey()) {
				case "$eq" -> valuesOf(Collections.singletonList(operand));
				case "$in" -> (operand instanceof Collection<?> list) ? valuesOf(list) : null;
				case "$gt", "$gte" -> {
					Object low = usable(operand);
					yield (low != null) ? new Range(low, TypeEdge.after(low)) : null;
				}
				case "$lt", "$lte" -> {
					Object high = usable(operand);
					yield (high != null) ? new Range(TypeEdge.before(high), high) : null;
				}
				default -> null;
			};
			found = both(found, next, intersect);
		}
		return found;
	}

	private static @Nullable Values valuesOf(Collection<?> candidates) {
		TreeSet<Object> values = new TreeSet<>(ValueComparator.asc());
		for (Object candidate : candidates) {
			Object value = usable(candidate);
			if (value == null) {
				return null;
			}
			values.add(value);
		}
		return new Values(new ArrayList<>(values));
	}

	/**
	 * The value as an index holds it (numbers normalised as mongo-java-server does), or
	 * null when the value cannot bound an index range.
	 */
	private static @Nullable Object usable(@Nullable Object value) {
		if (value instanceof String || value instanceof Number || value instanceof Boolean || value instanceof Instant
				|| value instanceof ObjectId || value instanceof UUID) {
			return new KeyValue(List.of(value)).normalized().get(0);
		}
		return null;
	}

	private static @Nullable Constraint both(@Nullable Constraint a, @Nullable Constraint b, boolean intersect) {
		if (a == null) {
			return b;
		}
		if (b == null) {
			return a;
		}
		if (!intersect) {
			// either alone is a superset; a set of values is the narrower guess
			return (b instanceof Values && !(a instanceof Values)) ? b : a;
		}
		if (a instanceof Values va && b instanceof Values vb) {
			return new Values(va.values().stream().filter(v -> contains(vb.values(), v)).toList());
		}
		if (a instanceof Values va && b instanceof Range rb) {
			return new Values(va.values().stream().filter(v -> within(rb, v)).toList());
		}
		if (a instanceof Range ra && b instanceof Values vb) {
			return new Values(vb.values().stream().filter(v -> within(ra, v)).toList());
		}
		Range ra = (Range) a;
		Range rb = (Range) b;
		return new Range(max(ra.low(), rb.low()), min(ra.high(), rb.high()));
	}

	private static Constraint hull(Constraint a, Constraint b) {
		if (a instanceof Values va && b instanceof Values vb) {
			TreeSet<Object> union = new TreeSet<>(ValueComparator.asc());
			union.addAll(va.values());
			union.addAll(vb.values());
			return new Values(new ArrayList<>(union));
		}
		Range ra = asRange(a);
		Range rb = asRange(b);
		return new Range(min(ra.low(), rb.low()), max(ra.high(), rb.high()));
	}

	private static Range asRange(Constraint constraint) {
		if (constraint instanceof Range range) {
			return range;
		}
		List<Object> values = ((Values) constraint).values();
		if (values.isEmpty()) {
			// matches nothing: an empty range
			return new Range(Edge.LAST, Edge.FIRST);
		}
		return new Range(values.get(0), values.get(values.size() - 1));
	}

	private static boolean contains(List<Object> values, Object value) {
		return values.stream().anyMatch(v -> ValueComparator.asc().compare(v, value) == 0);
	}

	private static boolean within(Range range, Object value) {
		return IndexEntry.Type.compare(range.low(), value, false) <= 0
				&& IndexEntry.Type.compare(value, range.high(), false) <= 0;
	}

	private static Object max(Object a, Object b) {
		return (IndexEntry.Type.compare(a, b, false) >= 0) ? a : b;
	}

	private static Object min(Object a, Object b) {
		return (IndexEntry.Type.compare(a, b, false) <= 0) ? a : b;
	}

}
