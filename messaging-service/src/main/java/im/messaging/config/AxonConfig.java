package im.messaging.config;

import im.messaging.command.ConversationTargetResolver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon wiring of messaging-service:
 * <ul>
 *   <li>the Conversation aggregate's bounded cache, snapshot trigger and command target resolver;</li>
 *   <li>a command that lost an append race to another instance is retried on fresh state;</li>
 *   <li>every event handler failure propagates, so a streaming processor retries the event (with Axon's
 *       back-off) instead of logging and skipping it: a delivery or projection row is never silently lost;</li>
 *   <li>the metadata keys {@link #SENDER_CONNECTION_ID}, {@link #SENDER_GATEWAY_ID}, {@link #FRAME_ID} and
 *       {@link #FRAME_RECEIVED_AT_MS} are copied from the SendMessage command to the MessageSent event, so the
 *       delivery processor can address the sender's socket with the ack frame and stamp live deliveries with the
 *       correlation id and the latency start. They are transport details, so they live in metadata, not in the
 *       event.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
public class AxonConfig {

    /** Event metadata: the socket that sent the message (for its ack). */
    public static final String SENDER_CONNECTION_ID = "senderConnectionId";
    /** Event metadata: the gateway instance holding that socket. */
    public static final String SENDER_GATEWAY_ID = "senderGatewayId";
    /** Event metadata: the id the gateway gave the socket frame (the correlation id in every service's logs). */
    public static final String FRAME_ID = "frameId";
    /** Event metadata: when the gateway received that frame (epoch ms; the start of the delivery latency). */
    public static final String FRAME_RECEIVED_AT_MS = "frameReceivedAtMs";

    /**
     * Conversations live long and are many: without a cache every command replays the conversation from its last
     * snapshot; Axon's own {@code WeakReferenceCache} loses entries at every GC. A size-bounded Caffeine cache,
     * called directly ({@link CaffeineAggregateCache}).
     */
    @Bean
    Cache conversationCache(MessagingProperties properties) {
        return new CaffeineAggregateCache(properties.conversationCacheSize());
    }

    /** Routes Conversation commands by {@code conversationId()} instead of by reflection. */
    @Bean
    CommandTargetResolver conversationTargetResolver() {
        return new ConversationTargetResolver();
    }

    /**
     * Commands that lost an append race are sent again on fresh state. Each messaging instance caches Conversation
     * aggregates; when another instance appended to a conversation meanwhile (frames and HTTP commands of one
     * conversation may run on different instances, docs/design.md "Scale-out"), the cached aggregate is stale and its
     * append hits the event store's unique (aggregate, sequence): a {@link ConcurrencyException}. Axon's caching
     * repository evicts the entry on that rollback, so a retry loads the conversation from the store and succeeds.
     * Only such conflicts are retried ({@link #isAppendConflict}); a refusal or any other failure answers at once.
     */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService commandRetryExecutor() {
        return Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "command-retry");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus, ScheduledExecutorService commandRetryExecutor,
                                  @Value("${im.messaging.command-conflict-retries:2}") int retries,
                                  @Value("${im.messaging.command-conflict-retry-interval:10ms}") Duration interval) {
        DefaultCommandGateway.Builder gateway = DefaultCommandGateway.builder().commandBus(commandBus);
        if (retries > 0) { // 0 turns the retry off
            gateway.retryScheduler(retryOnConflict(commandRetryExecutor, retries, interval));
        }
        return gateway.build();
    }

    static RetryScheduler retryOnConflict(ScheduledExecutorService executor, int retries, Duration interval) {
        return IntervalRetryScheduler.builder()
                .retryExecutor(executor)
                .maxRetryCount(retries)
                .retryInterval((int) interval.toMillis())
                .nonTransientFailurePredicate(failure -> !isAppendConflict(failure))
                .build();
    }

    /**
     * Whether one link of a failure's cause chain belongs to a lost append race: the conflict itself or the
     * database's unique violation under it. Axon's retry scheduler treats a failure as final when any link is
     * not, so anything else in the chain (a refusal, a handler's error, a wrapper) is never retried.
     */
    static boolean isAppendConflict(Throwable link) {
        return link instanceof ConcurrencyException
                || link instanceof AggregateStreamCreationException
                || link instanceof SQLException;
    }

    @Bean
    SnapshotTriggerDefinition conversationSnapshotTrigger(Snapshotter snapshotter, MessagingProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.snapshotThreshold());
    }

    @Bean
    CorrelationDataProvider senderConnectionCorrelation() {
        return new SimpleCorrelationDataProvider(SENDER_CONNECTION_ID, SENDER_GATEWAY_ID, FRAME_ID, FRAME_RECEIVED_AT_MS);
    }

    @Bean
    ConfigurerModule propagateEventHandlerErrors() {
        return configurer -> configurer.eventProcessing()
                .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
    }
}
