package org.caduceus.embeddedmongo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Set;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.bson.Document;
import org.caduceus.embeddedmongo.Constraint.Range;
import org.caduceus.embeddedmongo.Constraint.Values;
import org.caduceus.embeddedmongo.IndexEntry.Edge;
import org.jspecify.annotations.Nullable;

/**
 * How a query reads a collection through one {@link OrderedIndex}: the key ranges its
 * constraints allow (a range per combination of the leading fields' values, then one
 * interval), whether walking them yields documents already in the requested order, and
 * how many keys they hold (counted exactly in O(log n)).
 *
 * <p>
 * The plan chosen is the one expected to read the fewest documents: an ordered plan with
 * a limit stops as soon as the page is full (about {@code limit × keys / matches} reads),
 * any other plan reads all its keys. A collection scan is chosen when no plan is cheaper.
 */
final class QueryPlan {

	/** Combinations of leading values before the rest is read as one interval. */
	private static final int MAX_RANGES = 256;

	private final OrderedIndex index;

	private final List<IndexEntry[]> ranges;

	private final int fixed;

	private final boolean bounded;

	private final boolean ordered;

	private final boolean reverse;

	private final long keys;

	private QueryPlan(OrderedIndex index, List<IndexEntry[]> ranges, int fixed, boolean bounded, boolean ordered,
			boolean reverse) {
		this.index = index;
		this.ranges = ranges;
		this.fixed = fixed;
		this.bounded = bounded;
		this.ordered = ordered;
		this.reverse = reverse;
		long total = 0;
		for (IndexEntry[] range : ranges) {
			total += index.count(range[0], range[1]);
		}
		this.keys = total;
	}

	/**
	 * The cheapest plan for a query, or null when scanning the collection is as cheap.
	 * @param limit the documents wanted after {@code skip}, 0 for all
	 */
	static @Nullable QueryPlan choose(List<Index<Object>> indexes, Document query, @Nullable Document orderBy, int skip,
			int limit, long documents) {
		List<SortKey> sort = SortKey.of(orderBy);
		List<QueryPlan> plans = new ArrayList<>();
		long matchesAtMost = documents;
		for (Index<Object> candidate : indexes) {
			if (candidate instanceof OrderedIndex index) {
				QueryPlan plan = of(index, query, sort);
				if (plan.bounded) {
					matchesAtMost = Math.min(matchesAtMost, plan.keys);
				}
				if (plan.bounded || (plan.ordered && !sort.isEmpty())) {
					plans.add(plan);
				}
			}
		}
		double sortCost = sort.isEmpty() ? 1.0 : 1.25;
		double cheapest = documents * sortCost;
		QueryPlan chosen = null;
		for (QueryPlan plan : plans) {
			double cost;
			if (plan.ordered && limit > 0) {
				double wanted = (double) skip + limit;
				cost = Math.min(plan.keys, wanted * plan.keys / Math.max(1, matchesAtMost));
			}
			else {
				cost = plan.ordered ? plan.keys : plan.keys * sortCost;
			}
			if (cost < cheapest) {
				cheapest = cost;
				chosen = plan;
			}
		}
		return chosen;
	}

	static QueryPlan of(OrderedIndex index, Document query, List<SortKey> sort) {
		List<String> fields = index.fields();
		boolean intersect = !index.multikey();
		List<List<Object>> prefixes = List.of(List.of());
		Set<String> constant = new HashSet<>();
		Range range = null;
		int fixed = 0;
		for (String field : fields) {
			Constraint constraint = Constraint.of(query, field, intersect);
			if (constraint instanceof Values values && prefixes.size() * (long) values.values().size() <= MAX_RANGES) {
				prefixes = product(prefixes, values.values());
				if (values.values().size() == 1 && intersect) {
					constant.add(field);
				}
				fixed++;
				continue;
			}
			if (constraint instanceof Values values) {
				constraint = new Range(values.values().get(0), values.values().get(values.values().size() - 1));
			}
			range = (Range) constraint;
			break;
		}
		boolean bounded = fixed > 0 || range != null;
		List<IndexEntry[]> ranges = new ArrayList<>();
		for (List<Object> prefix : prefixes) {
			IndexEntry[] probes = probes(index, prefix, range);
			if (probes != null) {
				ranges.add(probes);
			}
		}
		// the order a walk yields: the fields after the fixed ones, then the position
		List<String> walk = new ArrayList<>(fields.subList(fixed, fields.size()));
		walk.add("_id");
		List<SortKey> wanted = sort.stream().filter(key -> !constant.contains(key.field())).toList();
		boolean forward = true;
		boolean backward = true;
		boolean sameFields = wanted.size() <= walk.size();
		for (int i = 0; sameFields && i < wanted.size(); i++) {
			int field = Math.min(fixed + i, fields.size() - 1);
			sameFields = wanted.get(i).field().equals(walk.get(i));
			forward &= wanted.get(i).descending() == index.descending(field);
			backward &= wanted.get(i).descending() != index.descending(field);
		}
		boolean ordered = sameFields && (forward || backward) && !index.multikey() && (bounded || !index.sparse());
		// with no order asked for, an ordered plan is a forward walk that can stop early
		return new QueryPlan(index, ranges, fixed, bounded, ordered, ordered && !forward);
	}

	private static List<List<Object>> product(List<List<Object>> prefixes, List<Object> values) {
		List<List<Object>> longer = new ArrayList<>(prefixes.size() * values.size());
		for (List<Object> prefix : prefixes) {
			for (Object value : values) {
				List<Object> next = new ArrayList<>(prefix);
				next.add(value);
				longer.add(next);
			}
		}
		return longer;
	}

	/** The first and last probe of one range in index order, or null when it is empty. */
	private static IndexEntry @Nullable [] probes(OrderedIndex index, List<Object> prefix, @Nullable Range range) {
		int fields = index.fields().size();
		Object[] from = new Object[fields];
		Object[] to = new Object[fields];
		int i = 0;
		for (; i < prefix.size(); i++) {
			from[i] = prefix.get(i);
			to[i] = prefix.get(i);
		}
		if (range != null && i < fields) {
			if (IndexEntry.Type.compare(range.low(), range.high(), false) > 0) {
				return null;
			}
			boolean descending = index.descending(i);
			from[i] = descending ? inIndexOrder(range.high(), true) : range.low();
			to[i] = descending ? inIndexOrder(range.low(), true) : range.high();
			i++;
		}
		for (; i < fields; i++) {
			from[i] = Edge.FIRST;
			to[i] = Edge.LAST;
		}
		return new IndexEntry[] { new IndexEntry(from, Edge.FIRST), new IndexEntry(to, Edge.LAST) };
	}

	/** An open end of a value interval, as an end of a descending field's range. */
	private static Object inIndexOrder(Object end, boolean descending) {
		if (descending && end instanceof Edge edge) {
			return (edge == Edge.FIRST) ? Edge.LAST : Edge.FIRST;
		}
		return end;
	}

	/** Whether the positions come in the order the query asked for. */
	boolean ordered() {
		return this.ordered;
	}

	String indexName() {
		return this.index.getName();
	}

	/**
	 * The documents' positions, each once, range by range or, when several ranges must
	 * yield one order, merged.
	 */
	Iterator<Object> positions() {
		List<Iterator<IndexEntry>> walks = new ArrayList<>();
		List<IndexEntry[]> inOrder = new ArrayList<>(this.ranges);
		if (this.reverse) {
			Collections.reverse(inOrder);
		}
		for (IndexEntry[] range : inOrder) {
			walks.add(this.index.keys(range[0], range[1], this.reverse));
		}
		Iterator<IndexEntry> entries = (this.ordered && walks.size() > 1) ? merge(walks) : concat(walks);
		boolean once = this.index.multikey();
		return new Iterator<>() {

			private final Set<Object> seen = new HashSet<>();

			private @Nullable Object next;

			@Override
			public boolean hasNext() {
				while (this.next == null && entries.hasNext()) {
					Object position = entries.next().position();
					if (!once || this.seen.add(position)) {
						this.next = position;
					}
				}
				return this.next != null;
			}

			@Override
			public Object next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				Object position = this.next;
				this.next = null;
				return position;
			}

		};
	}

	private static Iterator<IndexEntry> concat(List<Iterator<IndexEntry>> walks) {
		return walks.stream().flatMap(walk -> {
			Iterable<IndexEntry> each = () -> walk;
			return java.util.stream.StreamSupport.stream(each.spliterator(), false);
		}).iterator();
	}

	/** One walk in order from several ranges that share their fixed fields' count. */
	private Iterator<IndexEntry> merge(List<Iterator<IndexEntry>> walks) {
		Comparator<IndexEntry> order = (a, b) -> {
			for (int i = this.fixed; i < a.fields(); i++) {
				int cmp = IndexEntry.Type.compare(a.value(i), b.value(i), this.index.descending(i));
				if (cmp != 0) {
					return cmp;
				}
			}
			return IndexEntry.Type.compare(a.position(), b.position(), this.index.descending(a.fields() - 1));
		};
		Comparator<Head> heads = Comparator.comparing(Head::entry, this.reverse ? order.reversed() : order);
		PriorityQueue<Head> queue = new PriorityQueue<>(heads);
		for (Iterator<IndexEntry> walk : walks) {
			if (walk.hasNext()) {
				queue.add(new Head(walk.next(), walk));
			}
		}
		return new Iterator<>() {

			@Override
			public boolean hasNext() {
				return !queue.isEmpty();
			}

			@Override
			public IndexEntry next() {
				Head head = queue.remove();
				if (head.walk().hasNext()) {
					queue.add(new Head(head.walk().next(), head.walk()));
				}
				return head.entry();
			}

		};
	}

	private record Head(IndexEntry entry, Iterator<IndexEntry> walk) {
	}

	/** One key of a sort, as the query gave it. */
	record SortKey(String field, boolean descending) {

		static List<SortKey> of(@Nullable Document orderBy) {
			if (orderBy == null) {
				return List.of();
			}
			List<SortKey> keys = new ArrayList<>();
			for (Map.Entry<String, Object> key : orderBy.entrySet()) {
				keys.add(new SortKey(key.getKey(), (key.getValue() instanceof Number n) ? n.intValue() < 0 : false));
			}
			return keys;
		}

	}

}
