package im.platform.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Consumer lag per consumer group and topic, as the gauge {@code im.kafka.consumer.lag{group,topic}}: the sum over
 * the topic's partitions of (end offset - the group's committed offset), a partition the group never committed
 * counting from its first offset. Unlike the Kafka client's {@code records-lag} metrics it is known while the
 * consumer is stopped or rebalancing, and it names the group. Computed by an Admin client on one daemon thread every
 * {@code interval} (three small requests per refresh, whatever the traffic); the groups and topics are those of
 * the service's listener containers, read at each refresh.
 */
public class ConsumerGroupLag implements DisposableBean {

    public static final String METER = "im.kafka.consumer.lag";

    private static final Logger log = LoggerFactory.getLogger(ConsumerGroupLag.class);

    private final Supplier<Admin> adminFactory;
    private Admin admin;
    private final Supplier<Map<String, Collection<String>>> topicsByGroup;
    private final Duration timeout;
    private final MultiGauge gauge;
    private final ScheduledExecutorService scheduler;
    private volatile Map<String, Map<String, Long>> last = Map.of();
    private volatile boolean warned;

    /**
     * @param adminFactory  makes the Admin client, once there is a group to watch
     * @param topicsByGroup the consumer groups to watch and the topics each one reads, asked at every refresh
     */
    public ConsumerGroupLag(Supplier<Admin> adminFactory, Supplier<Map<String, Collection<String>>> topicsByGroup,
                            Duration timeout, MeterRegistry registry) {
        this.adminFactory = adminFactory;
        this.topicsByGroup = topicsByGroup;
        this.timeout = timeout;
        this.gauge = MultiGauge.builder(METER)
                .description("records the consumer group has not committed yet, per topic (end offset - committed)")
                .register(registry);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "im-kafka-lag");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Refreshes now and then every {@code interval}. */
    public void start(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The last computed lag of {@code group} on {@code topic}, or {@code null} when not known. */
    public Long lag(String group, String topic) {
        return last.getOrDefault(group, Map.of()).get(topic);
    }

    private void refreshQuietly() {
        try {
            refresh();
            warned = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!warned) {
                warned = true;
                log.warn("consumer lag not computed (will retry): {}", e.toString());
            }
        }
    }

    /** Computes every watched group's lag and publishes it to the gauge. */
    public synchronized void refresh() throws Exception {
        Map<String, Collection<String>> watched = topicsByGroup.get();
        if (watched.isEmpty()) {
            return;
        }
        if (admin == null) {
            admin = adminFactory.get();
        }
        Set<String> topics = new TreeSet<>();
        watched.values().forEach(topics::addAll);
        Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<TopicPartition> partitions = new ArrayList<>();
        descriptions.values().forEach(description -> description.partitions()
                .forEach(p -> partitions.add(new TopicPartition(description.name(), p.partition()))));

        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        watched.keySet().forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec()));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = admin.listConsumerGroupOffsets(specs).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> start = null;

        Map<String, Map<String, Long>> lag = new HashMap<>();
        for (Map.Entry<String, Collection<String>> entry : watched.entrySet()) {
            String group = entry.getKey();
            Map<TopicPartition, OffsetAndMetadata> groupOffsets = committed.getOrDefault(group, Map.of());
            Map<String, Long> byTopic = new HashMap<>();
            for (TopicPartition partition : partitions) {
                if (!entry.getValue().contains(partition.topic())) {
                    continue;
                }
                OffsetAndMetadata offset = groupOffsets.get(partition);
                long from;
                if (offset != null) {
                    from = offset.offset();
                } else {
                    if (start == null) {
                        start = offsets(partitions, OffsetSpec.earliest());
                    }
                    from = start.getOrDefault(partition, 0L);
                }
                long partitionLag = Math.max(0, end.getOrDefault(partition, 0L) - from);
                byTopic.merge(partition.topic(), partitionLag, Long::sum);
            }
            lag.put(group, byTopic);
        }
        last = lag;
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        lag.forEach((group, byTopic) -> byTopic.forEach((topic, value) ->
                rows.add(MultiGauge.Row.of(Tags.of("group", group, "topic", topic), value))));
        gauge.register(rows, true);
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin.listOffsets(request).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    @Override
    public synchronized void destroy() {
        scheduler.shutdownNow();
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
