package im.platform.axon;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.spring.config.SpringAxonConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.ObjectProvider;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * The event store with a short fetch delay (see {@link AxonEventStoreProperties}), its append metrics
 * ({@link MeteredEventStorageEngine}), and {@link ReadYourWrites}.
 * Ordered after Axon's JDBC configuration, whose storage engine backs off when any event bus exists already.
 */
@AutoConfiguration(
        afterName = "org.axonframework.springboot.autoconfig.JdbcAutoConfiguration",
        beforeName = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
@ConditionalOnClass(EmbeddedEventStore.class)
@EnableConfigurationProperties(AxonEventStoreProperties.class)
public class AxonEventStoreAutoConfiguration {

    @Bean(destroyMethod = "shutDown")
    @ConditionalOnBean(EventStorageEngine.class)
    @ConditionalOnMissingBean(EventStore.class)
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, SpringAxonConfiguration axonConfiguration,
                                  AxonEventStoreProperties properties,
                                  ObjectProvider<EventStorageEngineDecorator> decorators) {
        org.axonframework.config.Configuration configuration = axonConfiguration.getObject();
        EventStorageEngine engine = storageEngine;
        for (EventStorageEngineDecorator decorator : decorators.orderedStream().toList()) {
            engine = decorator.decorate(engine);
        }
        return EmbeddedEventStore.builder()
                .storageEngine(engine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .fetchDelay(properties.fetchDelay().toMillis())
                .build();
    }

    /** {@link MeteredEventStorageEngine}: the append counter and timer, when the service has Micrometer. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class EventStoreMetrics {

        @Bean
        @ConditionalOnProperty(name = "im.axon.metrics.enabled", matchIfMissing = true)
        EventStorageEngineDecorator eventStoreMetrics(ObjectProvider<MeterRegistry> registry) {
            MeterRegistry meters = registry.getIfAvailable();
            return meters == null ? engine -> engine : MeteredEventStorageEngine.decorator(meters);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    ReadYourWrites readYourWrites(@Lazy EventStore eventStore, @Lazy EventProcessingConfiguration processing,
                                  AxonEventStoreProperties properties,
                                  ObjectProvider<CommittedEvents> committedEvents) {
        return new ReadYourWrites(eventStore, processing, properties.readYourWritesTimeout(),
                committedEvents.getIfAvailable());
    }
}
