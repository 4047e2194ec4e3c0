package org.caduceus.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.TestPropertySource;

/**
 * A whole service on a random port, on the test store, trusting {@link TestIdentity}'s
 * gateway key. All service integration tests use this one configuration, so that they
 * share one Spring context per module.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
@TestMongo
@TestPropertySource(properties = { "caduceus.node.id=" + TestIdentity.NODE, "server.address=127.0.0.1" })
public @interface ServiceTest {

}
