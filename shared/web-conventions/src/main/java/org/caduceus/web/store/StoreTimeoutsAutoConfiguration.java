package org.caduceus.web.store;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * A service whose store is down answers within seconds: the MongoDB client gives up
 * choosing a server after {@link #SERVER_SELECTION} (the driver's own 30 s held every
 * request that long, and then it became a 500) and a connection after {@link #CONNECT}. A
 * URI that names its own ({@code serverSelectionTimeoutMS}, {@code connectTimeoutMS})
 * keeps it.
 *
 * <p>
 * No socket timeout is set: writes wait, on purpose, while the embedded store copies its
 * file for a backup, which takes seconds per gigabyte.
 */
@AutoConfiguration
@ConditionalOnClass(MongoClientSettingsBuilderCustomizer.class)
public class StoreTimeoutsAutoConfiguration {

	/**
	 * Long enough to ride out a short gap (a connection being made again, the embedded
	 * store answering again after a quick restart); short enough that a client hears
	 * within seconds that the store is down. During a replica set's failover (10-12 s by
	 * default) requests are answered 503 with {@code Retry-After} rather than held.
	 */
	public static final Duration SERVER_SELECTION = Duration.ofSeconds(3);

	/** A connection to a store that answers takes milliseconds, also across a network. */
	public static final Duration CONNECT = Duration.ofSeconds(2);

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	MongoClientSettingsBuilderCustomizer storeTimeouts(Environment environment) {
		String uri = environment.getProperty("spring.mongodb.uri");
		ConnectionString named = (uri != null) ? new ConnectionString(uri) : null;
		boolean ownSelection = named != null && named.getServerSelectionTimeout() != null;
		boolean ownConnect = named != null && named.getConnectTimeout() != null;
		return (settings) -> {
			if (!ownSelection) {
				settings.applyToClusterSettings((cluster) -> cluster.serverSelectionTimeout(SERVER_SELECTION.toMillis(),
						TimeUnit.MILLISECONDS));
			}
			if (!ownConnect) {
				settings.applyToSocketSettings(
						(socket) -> socket.connectTimeout((int) CONNECT.toMillis(), TimeUnit.MILLISECONDS));
			}
		};
	}

}
