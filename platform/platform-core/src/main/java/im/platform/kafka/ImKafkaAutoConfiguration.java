package im.platform.kafka;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;

/** Topic names for every Kafka user, and the envelope publisher for the Axon services. */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(KafkaTemplate.class)
@EnableConfigurationProperties(ImTopics.class)
public class ImKafkaAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnClass(name = "org.axonframework.eventhandling.EventMessage")
    @ConditionalOnBean(KafkaTemplate.class)
    EventEnvelopePublisher eventEnvelopePublisher(KafkaTemplate<String, byte[]> kafka) {
        return new EventEnvelopePublisher(kafka);
    }
}
