package org.caduceus.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks tests that only mean something against a real MongoDB (secondary indexes used by
 * the planner, TTL, transactions). Without one (no Docker and no
 * {@code CADUCEUS_TEST_MONGODB_URI}) they are reported as skipped, with the reason; they
 * never pass silently.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RealMongoCondition.class)
@TestMongo
public @interface RequiresRealMongo {

}
