package im.platform.health;

import io.micrometer.core.instrument.MeterRegistry;
import im.platform.kafka.ConsumerGroupLag;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationListener;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Health of what every service depends on, as actuator health contributors ({@code kafka}, {@code eventProcessors};
 * the database's {@code db} is Spring Boot's own), the processors' lag and the Kafka consumer groups' lag as metrics. Each service's
 * application.yml puts them into its readiness group.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.axonframework.springboot.autoconfig.AxonAutoConfiguration",
        "org.axonframework.springboot.autoconfig.JdbcAutoConfiguration",
        "org.axonframework.springboot.autoconfig.EventProcessingAutoConfiguration",
        "im.platform.axon.AxonJdbcAutoConfiguration",
        "im.platform.axon.AxonEventStoreAutoConfiguration",
        "im.platform.kafka.ImKafkaAutoConfiguration"})
@ConditionalOnClass(HealthIndicator.class)
public class ImHealthAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(KafkaAdmin.class)
    static class KafkaHealth {

        @Bean("kafkaHealthIndicator")
        @ConditionalOnBean(KafkaAdmin.class)
        KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
            return new KafkaHealthIndicator(Admin.create(kafkaAdmin.getConfigurationProperties()),
                    Duration.ofSeconds(3));
        }
    }

    /**
     * {@link ConsumerGroupLag}: {@code im.kafka.consumer.lag{group,topic}} for the groups of this service's listener
     * containers ({@code @KafkaListener}s and container beans), every {@code im.kafka.lag-metrics.interval}.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({KafkaListenerEndpointRegistry.class, MeterRegistry.class})
    @ConditionalOnProperty(name = "im.kafka.lag-metrics.enabled", matchIfMissing = true)
    static class KafkaLag {

        @Bean
        @ConditionalOnBean({KafkaAdmin.class, MeterRegistry.class})
        ConsumerGroupLag consumerGroupLag(KafkaAdmin kafkaAdmin, ObjectProvider<KafkaListenerEndpointRegistry> listeners,
                                          MeterRegistry registry) {
            return new ConsumerGroupLag(() -> Admin.create(kafkaAdmin.getConfigurationProperties()),
                    () -> topicsByGroup(listeners.getIfAvailable()), Duration.ofSeconds(5), registry);
        }

        @Bean
        @ConditionalOnBean(ConsumerGroupLag.class)
        ApplicationListener<ApplicationReadyEvent> consumerGroupLagStart(
                ConsumerGroupLag lag, @Value("${im.kafka.lag-metrics.interval:10s}") Duration interval) {
            return event -> lag.start(interval);
        }

        private static Map<String, Collection<String>> topicsByGroup(KafkaListenerEndpointRegistry listeners) {
            Map<String, Collection<String>> topics = new TreeMap<>();
            if (listeners == null) {
                return topics;
            }
            for (MessageListenerContainer container : listeners.getAllListenerContainers()) {
                String group = container.getGroupId();
                String[] containerTopics = container.getContainerProperties().getTopics();
                if (group != null && containerTopics != null) {
                    topics.computeIfAbsent(group, g -> new TreeSet<>()).addAll(List.of(containerTopics));
                }
            }
            return topics;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(EventProcessingConfiguration.class)
    static class AxonHealth {

        @Bean
        @ConditionalOnBean(EventStore.class)
        ProcessorLag processorLag(@Lazy EventStore eventStore, @Lazy EventProcessingConfiguration processing) {
            return new ProcessorLag(eventStore, processing);
        }

        @Bean("eventProcessorsHealthIndicator")
        @ConditionalOnBean(ProcessorLag.class)
        EventProcessorsHealthIndicator eventProcessorsHealthIndicator(@Lazy EventProcessingConfiguration processing,
                                                                      ProcessorLag lag) {
            return new EventProcessorsHealthIndicator(processing, lag);
        }

        /** The lag gauges, once every processor is registered. */
        @Bean
        @ConditionalOnBean(ProcessorLag.class)
        ApplicationListener<ApplicationReadyEvent> processorLagMetrics(ProcessorLag lag,
                                                                       ObjectProvider<MeterRegistry> registry) {
            return event -> registry.ifAvailable(lag::bindTo);
        }
    }
}
