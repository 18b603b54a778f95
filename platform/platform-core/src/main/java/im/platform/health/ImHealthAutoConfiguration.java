package im.platform.health;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Health of what every service depends on, as actuator health contributors ({@code kafka}, {@code eventProcessors};
 * the database's {@code db} is Spring Boot's own), and the processors' lag as a metric. Each service's
 * application.yml puts them into its readiness group.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
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
