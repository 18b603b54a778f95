package im.messaging.support;

import im.platform.kafka.ImTopics;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;

/**
 * The topic recorders live in the test context, so they stop with it, before the shared Kafka stops. Lazy: created
 * on first use, after the service declared its topics.
 */
@TestConfiguration(proxyBeanMethods = false)
class RecorderConfig {

    @Bean(destroyMethod = "close")
    @Lazy
    TopicRecorder deliveryRecorder(ImTopics topics, @Value("${spring.kafka.bootstrap-servers}") String bootstrap) {
        return new TopicRecorder(bootstrap, topics.framesDelivery());
    }

    @Bean(destroyMethod = "close")
    @Lazy
    TopicRecorder messageEventRecorder(ImTopics topics, @Value("${spring.kafka.bootstrap-servers}") String bootstrap) {
        return new TopicRecorder(bootstrap, topics.messageEvents());
    }
}
