package im.group.config;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * Failures in event handlers propagate instead of being logged and skipped (Axon's default), so a projection or
 * Kafka failure in a tracking processor is retried (with back-off) and no event is silently lost from a read
 * model or the public topic.
 */
@Configuration
public class AxonProcessingConfig {

    @Autowired
    void configure(EventProcessingConfigurer processing) {
        processing.registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance());
    }
}
