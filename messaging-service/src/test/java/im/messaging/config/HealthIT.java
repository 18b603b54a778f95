package im.messaging.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.messaging.support.MessagingIntegrationTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;

/** Readiness really checks the database, Kafka and the event processors; the processors' lag is a metric. */
class HealthIT extends MessagingIntegrationTest {

    @Test
    @SuppressWarnings("unchecked")
    void readinessNamesTheDatabaseKafkaAndEveryProcessor() {
        Map<String, Object> readiness = await().atMost(Duration.ofSeconds(30)).until(
                () -> http().get().uri("/actuator/health/readiness").retrieve()
                        .body(new ParameterizedTypeReference<Map<String, Object>>() {
                        }),
                body -> "UP".equals(body.get("status")));

        Map<String, Object> components = (Map<String, Object>) readiness.get("components");
        assertThat(components).containsKeys("db", "kafka", "eventProcessors", "readinessState");
        Map<String, Object> processors = (Map<String, Object>) ((Map<String, Object>) components.get("eventProcessors"))
                .get("details");
        assertThat(processors).containsKeys("delivery", "message-history", "kafka-publisher");
        assertThat((Map<String, Object>) processors.get("delivery")).containsEntry("running", true)
                .containsEntry("segmentsInError", 0);
        assertThat((Map<String, Object>) ((Map<String, Object>) components.get("kafka")).get("details"))
                .containsEntry("brokers", 1);
    }

    @Test
    void theProcessorLagIsExported() {
        String metrics = http().get().uri("/actuator/prometheus").retrieve().body(String.class);

        assertThat(metrics).contains("im_axon_processor_lag{").contains("processor=\"delivery\"");
    }
}
