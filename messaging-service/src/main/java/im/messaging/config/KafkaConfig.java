package im.messaging.config;

import im.messaging.inbound.InboundFrameListener;
import org.slf4j.Logger;
import org.springframework.beans.factory.ObjectProvider;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * The listeners' error policy (topics are declared by platform-core's {@code ImKafkaAutoConfiguration}). Listeners
 * commit offsets only after the records of a poll were handled ({@code ack-mode: batch} in application.yml), so a
 * crash re-delivers them (at-least-once; the Conversation aggregate deduplicates). Undecodable
 * records are skipped by the listeners themselves; a failure that may pass (database down) is retried with back-off
 * for about 15 s and then logged (no content) and skipped, so one partition never stalls for good.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaConfig {

    private static final Logger log = LoggerFactory.getLogger(KafkaConfig.class);

    /**
     * Retries a failing record about 15 s, then logs it (no content) and skips it. An inbound frame given up on
     * is answered with an "unavailable" error frame to its sender, so the client knows it was not stored.
     */
    @Bean
    CommonErrorHandler kafkaListenerErrorHandler(ObjectProvider<InboundFrameListener> inboundFrames) {
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(6);
        backOff.setInitialInterval(200);
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(5_000);
        return new DefaultErrorHandler((record, failure) -> {
            log.error("giving up on record {}-{}@{} after retries: {}", record.topic(), record.partition(),
                    record.offset(), failure.getClass().getName());
            InboundFrameListener listener = inboundFrames.getIfAvailable();
            if (listener != null && listener.topicName().equals(record.topic())
                    && record.value() instanceof byte[] value) {
                listener.gaveUp(value);
            }
        }, backOff);
    }
}
