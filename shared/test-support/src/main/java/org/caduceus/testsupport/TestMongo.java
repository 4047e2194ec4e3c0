package org.caduceus.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Points a Spring test context's {@code spring.mongodb.uri} at the store chosen by
 * {@link TestStore#get()}: {@code CADUCEUS_TEST_MONGODB_URI} when set, a Testcontainers
 * MongoDB replica set when Docker runs, the embedded file-backed store otherwise.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface TestMongo {

}
