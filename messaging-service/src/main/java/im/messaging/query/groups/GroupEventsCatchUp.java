package im.messaging.query.groups;

import im.messaging.config.MessagingProperties;
import im.platform.kafka.ImTopics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Makes "who is a member now" true in messaging-service, whose groups projection ({@link GroupEventsProjection},
 * consumer group {@value #CONSUMER_GROUP}) trails group-service by a Kafka hop. group-service answers a leave (join,
 * removal) only once the event is on {@code im.group.events.v1}; so every group event published before a moment T
 * is in the projection once the consumer group's committed offsets reach the topic's end offsets as read at T.
 * {@link #awaitEventsPublishedBefore} waits for that before a group frame is accepted or fanned out, so a member
 * who left stops receiving (and sending) at once, and one who joined receives at once.
 *
 * <p>Cost: two admin requests per check (end offsets, committed offsets), polled every {@value #POLL_MS} ms while
 * behind. A check that started at T and found the projection caught up covers every later call about a moment
 * before T ({@code caughtUpAsOf}), so under steady traffic most calls return at once. If the projection does not
 * catch up within {@code im.messaging.group-events-wait}, or Kafka does not answer, the caller goes on with the
 * projection as it is (logged) and the waits are skipped for {@value #DEGRADED_MS} ms, so a stuck consumer slows
 * nothing down for long.
 */
@Component
public class GroupEventsCatchUp implements DisposableBean {

    /** The consumer group of {@link GroupEventsProjection}. */
    public static final String CONSUMER_GROUP = "messaging-groups";

    private static final Logger log = LoggerFactory.getLogger(GroupEventsCatchUp.class);
    private static final long POLL_MS = 3;
    private static final long DEGRADED_MS = 5_000;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    private final Admin admin;
    private final String topic;
    private final Duration maxWait;
    private final LongSupplier clock;
    private volatile long caughtUpAsOf;
    private volatile long degradedUntil;

    @Autowired
    public GroupEventsCatchUp(KafkaAdmin kafkaAdmin, ImTopics topics, MessagingProperties properties) {
        this(Admin.create(kafkaAdmin.getConfigurationProperties()), topics.groupEvents(),
                properties.groupEventsWait(), System::currentTimeMillis);
    }

    GroupEventsCatchUp(Admin admin, String topic, Duration maxWait, LongSupplier clock) {
        this.admin = admin;
        this.topic = topic;
        this.maxWait = maxWait;
        this.clock = clock;
    }

    /**
     * Waits (up to {@code im.messaging.group-events-wait}) until the groups projection has applied every group
     * event published before {@code epochMillis}.
     *
     * @return false when it gave up waiting (the projection may miss a recent change)
     */
    public boolean awaitEventsPublishedBefore(long epochMillis) {
        if (epochMillis < caughtUpAsOf || maxWait.isZero()) {
            return true;
        }
        long start = clock.getAsLong();
        if (start < degradedUntil) {
            return false;
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        try {
            Map<TopicPartition, Long> ends = endOffsets();
            while (!caughtUp(ends)) {
                if (System.nanoTime() > deadline) {
                    giveUp("the groups projection did not catch up within " + maxWait);
                    return false;
                }
                Thread.sleep(POLL_MS);
            }
            caughtUpAsOf = Math.max(caughtUpAsOf, start);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            giveUp("Kafka did not answer: " + e.getClass().getSimpleName());
            return false;
        }
    }

    private void giveUp(String reason) {
        degradedUntil = clock.getAsLong() + DEGRADED_MS;
        log.warn("group membership may be stale for up to {} ms: {}", DEGRADED_MS, reason);
    }

    private Map<TopicPartition, Long> endOffsets() throws ExecutionException, InterruptedException,
            TimeoutException {
        TopicDescription description = admin.describeTopics(java.util.List.of(topic)).allTopicNames()
                .get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
        Map<TopicPartition, OffsetSpec> latest = description.partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResultInfo> answer = admin.listOffsets(latest).all()
                .get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return answer.entrySet().stream()
                .filter(entry -> entry.getValue().offset() > 0)
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
    }

    private boolean caughtUp(Map<TopicPartition, Long> ends) throws ExecutionException, InterruptedException,
            TimeoutException {
        if (ends.isEmpty()) {
            return true;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(CONSUMER_GROUP)
                .partitionsToOffsetAndMetadata().get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            OffsetAndMetadata position = committed.get(end.getKey());
            if (position == null || position.offset() < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void destroy() {
        admin.close(Duration.ofSeconds(2));
    }
}
