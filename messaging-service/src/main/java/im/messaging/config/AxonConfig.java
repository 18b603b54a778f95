package im.messaging.config;

import org.axonframework.common.caching.Cache;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon wiring of messaging-service:
 * <ul>
 *   <li>the Conversation aggregate's bounded cache and snapshot trigger;</li>
 *   <li>every event handler failure propagates, so a streaming processor retries the event (with Axon's
 *       back-off) instead of logging and skipping it: a delivery or projection row is never silently lost;</li>
 *   <li>the metadata keys {@link #SENDER_CONNECTION_ID} and {@link #SENDER_GATEWAY_ID} are copied from the
 *       SendMessage command to the MessageSent event, so the delivery processor can address the sender's
 *       socket with the ack frame. They are transport details, so they live in metadata, not in the event.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
public class AxonConfig {

    /** Event metadata: the socket that sent the message (for its ack). */
    public static final String SENDER_CONNECTION_ID = "senderConnectionId";
    /** Event metadata: the gateway instance holding that socket. */
    public static final String SENDER_GATEWAY_ID = "senderGatewayId";

    @Bean
    Cache conversationCache(MessagingProperties properties) {
        return new BoundedLruCache(properties.conversationCacheSize());
    }

    @Bean
    SnapshotTriggerDefinition conversationSnapshotTrigger(Snapshotter snapshotter, MessagingProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.snapshotThreshold());
    }

    @Bean
    CorrelationDataProvider senderConnectionCorrelation() {
        return new SimpleCorrelationDataProvider(SENDER_CONNECTION_ID, SENDER_GATEWAY_ID);
    }

    @Bean
    ConfigurerModule propagateEventHandlerErrors() {
        return configurer -> configurer.eventProcessing()
                .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
    }
}
