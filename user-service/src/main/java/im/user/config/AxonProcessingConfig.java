package im.user.config;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * Failures in event handlers propagate instead of being logged and skipped (Axon's default):
 * <ul>
 *   <li>in the subscribing {@code username-claims} processor, so a taken username rolls the command back;</li>
 *   <li>in the tracking processors, so a projection or Kafka failure is retried (with back-off) and no event is
 *       silently lost from a read model or the public topic.</li>
 * </ul>
 */
@Configuration
public class AxonProcessingConfig {

    @Autowired
    void configure(EventProcessingConfigurer processing) {
        processing.registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance());
    }
}
