package im.platform.axon;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param fetchDelay       how long the event store waits before polling PostgreSQL again when a streaming processor
 *                         is caught up. Axon's default (1 s) puts up to a second between a commit in another JVM
 *                         and its processing; commits in the same JVM wake the poller at once regardless.
 * @param readYourWritesTimeout how long a command endpoint waits for its own projections before answering anyway
 */
@ConfigurationProperties("im.axon")
public record AxonEventStoreProperties(
        @DefaultValue("20ms") Duration fetchDelay,
        @DefaultValue("5s") Duration readYourWritesTimeout) {
}
