package org.caduceus.web.store;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoServerUnavailableException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.util.ClassUtils;

/**
 * What a failed request says about the service's store, found in the exception or any of
 * its causes, whatever Spring Data wrapped the driver's exception in.
 *
 * <p>
 * The MongoDB driver and Spring's data access exceptions are optional for the apps that
 * use these conventions: they are looked at only where they are on the class path.
 */
public enum StoreFailure {

	/**
	 * The store refused a write for lack of disk space (MongoDB's {@code OutOfDiskSpace},
	 * 14031): nothing of it was stored.
	 */
	OUT_OF_SPACE,

	/**
	 * The store could not be reached: no server chosen in time, a connection refused or
	 * cut, a replica set without a primary for the moment.
	 */
	UNAVAILABLE;

	/** MongoDB's code for a write refused for lack of disk space. */
	public static final int OUT_OF_DISK_SPACE = 14031;

	private static final ClassLoader LOADER = StoreFailure.class.getClassLoader();

	private static final boolean DRIVER = ClassUtils.isPresent("com.mongodb.MongoException", LOADER);

	private static final boolean SPRING_DAO = ClassUtils.isPresent("org.springframework.dao.DataAccessException",
			LOADER);

	/** A chain of causes is followed this far at most (a cycle ends it too). */
	private static final int MAX_DEPTH = 32;

	/**
	 * @return what {@code ex} says about the store, or null when it is no store failure
	 * (lack of space wins over unavailability anywhere in the chain)
	 */
	public static @Nullable StoreFailure of(Throwable ex) {
		StoreFailure found = null;
		Throwable cause = ex;
		for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++) {
			if (DRIVER && Driver.outOfSpace(cause)) {
				return OUT_OF_SPACE;
			}
			if (found == null && ((DRIVER && Driver.unreachable(cause)) || (SPRING_DAO && Dao.unreachable(cause)))) {
				found = UNAVAILABLE;
			}
			cause = (cause.getCause() != cause) ? cause.getCause() : null;
		}
		return found;
	}

	/** The driver's classes, loaded only where the driver is on the class path. */
	private static final class Driver {

		static boolean outOfSpace(Throwable ex) {
			if (ex instanceof MongoBulkWriteException bulk) {
				return bulk.getWriteErrors().stream().anyMatch((error) -> error.getCode() == OUT_OF_DISK_SPACE);
			}
			if (ex instanceof MongoWriteConcernException concern) {
				return concern.getWriteConcernError().getCode() == OUT_OF_DISK_SPACE;
			}
			if (ex instanceof MongoCommandException command) {
				return command.getErrorCode() == OUT_OF_DISK_SPACE
						|| "OutOfDiskSpace".equals(command.getErrorCodeName());
			}
			return ex instanceof MongoException mongo && mongo.getCode() == OUT_OF_DISK_SPACE;
		}

		static boolean unreachable(Throwable ex) {
			return ex instanceof MongoTimeoutException || ex instanceof MongoSocketException
					|| ex instanceof MongoServerUnavailableException || ex instanceof MongoNotPrimaryException
					|| ex instanceof MongoNodeIsRecoveringException;
		}

	}

	/**
	 * Spring's data access exceptions, loaded only where spring-tx is on the class path.
	 */
	private static final class Dao {

		static boolean unreachable(Throwable ex) {
			return ex instanceof DataAccessResourceFailureException
					|| ex instanceof TransientDataAccessResourceException;
		}

	}

}
