package im.platform.kafka;

import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Topic names for every Kafka user; declares every topic of {@link ImTopics} (created at start-up by whichever
 * service comes first, so no producer or consumer waits for auto-creation); and the envelope publisher for the
 * Axon services.
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(KafkaTemplate.class)
@EnableConfigurationProperties(ImTopics.class)
public class ImKafkaAutoConfiguration {

    @Bean
    KafkaAdmin.NewTopics imTopicDeclarations(ImTopics topics) {
        return new KafkaAdmin.NewTopics(Stream.of(topics.userEvents(), topics.groupEvents(), topics.messageEvents(),
                        topics.mediaEvents(), topics.framesInbound(), topics.framesDelivery(), topics.framesReceipts(),
                        topics.framesRelay(), topics.framesRelayAcks())
                .map(topics::declare)
                .toArray(NewTopic[]::new));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnClass(name = "org.axonframework.eventhandling.EventMessage")
    @ConditionalOnBean(KafkaTemplate.class)
    EventEnvelopePublisher eventEnvelopePublisher(KafkaTemplate<String, byte[]> kafka) {
        return new EventEnvelopePublisher(kafka);
    }
}
