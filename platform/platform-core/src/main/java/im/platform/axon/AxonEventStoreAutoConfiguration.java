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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;

/**
 * The event store with a short fetch delay (see {@link AxonEventStoreProperties}), and {@link ReadYourWrites}.
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
                                  AxonEventStoreProperties properties) {
        org.axonframework.config.Configuration configuration = axonConfiguration.getObject();
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .fetchDelay(properties.fetchDelay().toMillis())
                .build();
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
