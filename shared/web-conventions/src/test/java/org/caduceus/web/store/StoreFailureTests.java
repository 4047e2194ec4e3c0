package org.caduceus.web.store;

import java.util.List;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.UncategorizedMongoDbException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shapes a store failure reaches a service in: the driver's exception as Spring Data
 * wraps it, or bare; lack of space wins over unavailability; other failures are none.
 */
class StoreFailureTests {

	private static final ServerAddress STORE = new ServerAddress("127.0.0.1", 27017);

	@Test
	void aWriteRefusedForLackOfSpaceIsFoundWhateverItIsWrappedIn() {
		MongoCommandException refused = new MongoCommandException(
				new BsonDocument("ok", new BsonInt32(0)).append("code", new BsonInt32(14031))
					.append("codeName", new BsonString("OutOfDiskSpace"))
					.append("errmsg", new BsonString("the store refuses writes")),
				STORE);
		assertThat(StoreFailure.of(refused)).isEqualTo(StoreFailure.OUT_OF_SPACE);
		assertThat(StoreFailure.of(new UncategorizedMongoDbException("refused", refused)))
			.isEqualTo(StoreFailure.OUT_OF_SPACE);
		assertThat(StoreFailure.of(new DataAccessResourceFailureException("refused", refused)))
			.isEqualTo(StoreFailure.OUT_OF_SPACE);
		MongoBulkWriteException bulk = new MongoBulkWriteException(BulkWriteResult.unacknowledged(),
				List.of(new BulkWriteError(14031, "no space", new BsonDocument(), 0)), null, STORE, java.util.Set.of());
		assertThat(StoreFailure.of(new DataIntegrityViolationException("bulk", bulk)))
			.isEqualTo(StoreFailure.OUT_OF_SPACE);
	}

	@Test
	void aStoreThatCannotBeReachedIsUnavailable() {
		assertThat(StoreFailure.of(new DataAccessResourceFailureException("down",
				new MongoTimeoutException("Timed out while waiting for a server"))))
			.isEqualTo(StoreFailure.UNAVAILABLE);
		assertThat(StoreFailure.of(new MongoSocketOpenException("refused", STORE))).isEqualTo(StoreFailure.UNAVAILABLE);
		assertThat(StoreFailure.of(new DataAccessResourceFailureException("down"))).isEqualTo(StoreFailure.UNAVAILABLE);
	}

	@Test
	void otherFailuresAreNoStoreFailure() {
		assertThat(StoreFailure.of(new IllegalStateException("a bug"))).isNull();
		assertThat(StoreFailure.of(new DuplicateKeyException("E11000"))).isNull();
		assertThat(
				StoreFailure.of(new UncategorizedMongoDbException("bad query",
						new MongoCommandException(
								new BsonDocument("ok", new BsonInt32(0)).append("code", new BsonInt32(2)), STORE))))
			.isNull();
	}

}
