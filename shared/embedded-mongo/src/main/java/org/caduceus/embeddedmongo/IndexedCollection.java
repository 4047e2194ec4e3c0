package org.caduceus.embeddedmongo;

import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.MVMap;
import org.jspecify.annotations.Nullable;

/**
 * An H2 collection that reads through its ordered indexes: every query (find, count,
 * update, delete, findAndModify) is planned by {@link QueryPlan}. Exact matches on a
 * unique index (the {@code _id}, a reference number) keep mongo-java-server's own path.
 * Whatever the plan, the whole query is applied to each document read, so a plan only
 * decides which documents are read, and in which order.
 */
final class IndexedCollection extends H2Collection {

	private volatile @Nullable String lastPlan;

	private final LongAdder readThroughPlans = new LongAdder();

	IndexedCollection(MongoDatabase database, String collectionName, CollectionOptions options,
			MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
		super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
	}

	@Override
	protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
			Document fieldSelector) {
		List<Object> ids = ids(query);
		if (ids != null) {
			this.lastPlan = "_id";
			Stream<Document> documents = ids.stream().map(this::read).filter(Objects::nonNull);
			return matchDocumentsFromStream(documents, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
		}
		boolean exactMatch = getIndexes().stream().anyMatch(index -> index.canHandle(query));
		boolean natural = orderBy != null && orderBy.containsKey("$natural");
		QueryPlan plan = (exactMatch || natural) ? null
				: QueryPlan.choose(getIndexes(), query, orderBy, numberToSkip, limit, count());
		if (plan == null) {
			this.lastPlan = exactMatch ? "unique" : "scan";
			return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
		}
		this.lastPlan = plan.indexName() + (plan.ordered() ? " (ordered)" : "");
		Stream<Document> documents = stream(plan.positions()).map(this::read).filter(Objects::nonNull);
		// an ordered walk needs no sort: the stream stops once skip + limit documents
		// matched
		return matchDocumentsFromStream(documents, query, plan.ordered() ? null : orderBy, numberToSkip, limit,
				batchSize, fieldSelector);
	}

	/**
	 * The ids a query allows, when it names them: {@code {_id: x, revision: 3}} (an
	 * optimistic update) or {@code {_id: {$in: [...]}}} are then primary-key reads, which
	 * mongo-java-server's own path does only for a query on {@code _id} alone. Ids of
	 * other types than strings and object ids are left to that path: the store keys
	 * documents by the id as sent, and numbers may be sent as several types.
	 */
	private @Nullable List<Object> ids(Document query) {
		if (!"_id".equals(getIdField()) || !(Constraint.of(query, "_id", true) instanceof Constraint.Values values)) {
			return null;
		}
		boolean keys = values.values().stream().allMatch(id -> id instanceof String || id instanceof ObjectId);
		return keys ? values.values() : null;
	}

	private @Nullable Document read(Object position) {
		this.readThroughPlans.increment();
		return getDocument(position);
	}

	/**
	 * How the last query was read: an index's name, "_id", "unique" or "scan" (for
	 * tests).
	 */
	@Nullable String lastPlan() {
		return this.lastPlan;
	}

	/** Documents read through index plans so far (for tests). */
	long readThroughPlans() {
		return this.readThroughPlans.sum();
	}

	private static Stream<Object> stream(Iterator<Object> positions) {
		return StreamSupport.stream(Spliterators.spliteratorUnknownSize(positions, Spliterator.ORDERED), false);
	}

}
