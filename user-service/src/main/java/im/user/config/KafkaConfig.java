package im.user.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * The error policy of user-service's Kafka listeners (the known-groups projection). A record's offset is committed
 * only after it was handled ({@code ack-mode: record}); undecodable records are skipped by the listener itself; a
 * failure that may pass (database down) is retried with back-off for about 15 s and then logged (no content) and
 * skipped, so one partition never stalls for good.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaConfig {

    private static final Logger log = LoggerFactory.getLogger(KafkaConfig.class);

    @Bean
    CommonErrorHandler kafkaListenerErrorHandler() {
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(6);
        backOff.setInitialInterval(200);
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(5_000);
        return new DefaultErrorHandler((record, failure) -> log.error("giving up on record {}-{}@{} after retries: {}",
                record.topic(), record.partition(), record.offset(), failure.getClass().getName()), backOff);
    }
}
