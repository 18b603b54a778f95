package im.messaging.config;

import im.messaging.command.ConversationTargetResolver;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon wiring of messaging-service:
 * <ul>
 *   <li>the Conversation aggregate's bounded cache, snapshot trigger and command target resolver;</li>
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
