package im.user.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.platform.kafka.ConsumerGroupLag;
import im.proto.events.group.GroupCreated;
import im.user.UserServiceIntegrationTest;
import im.user.query.groups.GroupEventsProjection;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The metrics an operator scrapes from user-service: event-store appends and Kafka consumer lag. */
class ObservabilityIT extends UserServiceIntegrationTest {

    @Autowired
    MeterRegistry meters;
    @Autowired
    ConsumerGroupLag consumerGroupLag;

    @Test
    void registeringAUserCountsItsEventAppendedToTheEventStore() {
        double before = appended();
        long appendsBefore = meters.get("im.eventstore.append").tag("outcome", "success").timer().count();

        register(uniqueName("metered"), "secret-pw");

        assertThat(appended() - before).isGreaterThanOrEqualTo(1);
        assertThat(meters.get("im.eventstore.append").tag("outcome", "success").timer().count())
                .isGreaterThan(appendsBefore);
        assertThat(prometheus()).anyMatch(line -> line.startsWith("im_eventstore_appended_events_total{")
                && line.contains("application=\"user-service\""));
        assertThat(prometheus()).anyMatch(line -> line.startsWith("im_eventstore_append_seconds_count{")
                && line.contains("outcome=\"success\""));
    }

    @Test
    void theGroupEventsConsumerExportsItsLagPerGroupAndTopic() throws Exception {
        String group = newGroupUuid();
        publishGroupEvent(group, 0, GroupCreated.newBuilder().setGroupUuid(group).setCreatorUuid("[usr]" + group)
                .setName("lag").setNotice("").setCreatedAtMs(System.currentTimeMillis()).setRole("owner").build());
        awaitGroupSequence(group, 0);

        // the consumer group's committed offsets reach the end of im.group.events.v1 (refreshed here, not in 10 s)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            consumerGroupLag.refresh();
            assertThat(consumerGroupLag.lag(GroupEventsProjection.CONSUMER_GROUP, topics.groupEvents())).isZero();
        });
        assertThat(prometheus()).anyMatch(line -> line.startsWith("im_kafka_consumer_lag{")
                && line.contains("group=\"user-groups\"") && line.contains("topic=\"im.group.events.v1\"")
                && line.endsWith(" 0.0"));
        // and the Kafka client's own metrics (Spring Boot's MicrometerConsumerListener / MicrometerProducerListener)
        assertThat(prometheus()).anyMatch(line -> line.startsWith("kafka_consumer_fetch_manager_records_lag_max{")
                && line.contains("client_id=\"consumer-user-groups-"));
        assertThat(prometheus()).anyMatch(line -> line.startsWith("kafka_producer_record_send_total{"));
    }

    @Test
    void aRequestsCorrelationIdIsKeptAndEchoed() {
        var response = client().get().uri("/actuator/health/liveness").header("X-Correlation-Id", "frame-77")
                .retrieve().toBodilessEntity();
        assertThat(response.getHeaders().getFirst("X-Correlation-Id")).isEqualTo("frame-77");
    }

    private double appended() {
        return meters.get("im.eventstore.appended.events").counter().count();
    }

    private List<String> prometheus() {
        String body = client().get().uri("/actuator/prometheus").retrieve().body(String.class);
        return Arrays.asList(body.split("\n"));
    }
}
