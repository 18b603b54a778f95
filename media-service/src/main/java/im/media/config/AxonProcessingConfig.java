package im.media.config;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * Failures in event handlers propagate instead of being logged and skipped (Axon's default), so a read-model or
 * Kafka failure in a tracking processor is retried (with back-off) and no event is silently lost from the
 * {@code files} read model or the public topic.
 */
@Configuration
public class AxonProcessingConfig {

    @Autowired
    void configure(EventProcessingConfigurer processing) {
        processing.registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance());
    }
}
