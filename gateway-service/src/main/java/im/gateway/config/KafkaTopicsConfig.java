package im.gateway.config;

import im.platform.kafka.ImTopics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The topics the gateway writes, created at start-up if missing (messaging declares the delivery topic). */
@Configuration(proxyBeanMethods = false)
public class KafkaTopicsConfig {

    @Bean
    NewTopic framesInboundTopic(ImTopics topics) {
        return topics.declare(topics.framesInbound());
    }

    @Bean
    NewTopic framesReceiptsTopic(ImTopics topics) {
        return topics.declare(topics.framesReceipts());
    }

    @Bean
    NewTopic framesDeliveryTopic(ImTopics topics) {
        return topics.declare(topics.framesDelivery());
    }
}
