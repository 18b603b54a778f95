package im.media.query;

import static org.assertj.core.api.Assertions.assertThat;

import im.media.MediaServiceIntegrationTest;
import im.media.support.MediaSamples;
import im.platform.test.TestInfrastructure;
import im.proto.events.EventEnvelope;
import im.proto.events.media.FileStored;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** FileStored reaches im.media.events.v1 as an envelope keyed by the file name, without bytes. */
class MediaEventsKafkaIT extends MediaServiceIntegrationTest {

    private static final String TOPIC = "im.media.events.v1";

    @Test
    void fileStoredIsPublished() throws Exception {
        String owner = newUserUuid();
        byte[] wav = MediaSamples.wav(800);
        var response = uploadFrame(owner, wav, "wav");
        JsonNode file = parse(response.getBody());
        String name = file.get("name").asString();

        List<ConsumerRecord<String, byte[]>> records = recordsKeyed(name);

        assertThat(records).hasSize(1);
        assertThat(records.get(0).value().length).isLessThan(wav.length);
        EventEnvelope envelope = EventEnvelope.parseFrom(records.get(0).value());
        assertThat(envelope.getEventType()).isEqualTo("im.media.FileStored");
        assertThat(envelope.getAggregateId()).isEqualTo(name);
        assertThat(envelope.getAggregateSequence()).isZero();
        FileStored stored = envelope.getPayload().unpack(FileStored.class);
        assertThat(stored.getName()).isEqualTo(name);
        assertThat(stored.getOwnerUuid()).isEqualTo(owner);
        assertThat(stored.getKind()).isEqualTo("chat");
        assertThat(stored.getMimeType()).isEqualTo("audio/wav");
        assertThat(stored.getContentType()).isEqualTo(4);
        assertThat(stored.getSize()).isEqualTo(wav.length);
        assertThat(stored.getSha256()).isEqualTo(file.get("sha256").asString());
        assertThat(stored.getThumbnail()).isFalse();
        assertThat(stored.hasDurationMs()).isTrue();
        assertThat(stored.getDurationMs()).isEqualTo(800);
        // the aggregate reads the clock for storedAt just before Axon stamps the event, so they may straddle a
        // millisecond boundary (equality failed a CI run with 506 against 507)
        assertThat(stored.getStoredAtMs()).isBetween(envelope.getTimestampMs() - 100, envelope.getTimestampMs());
    }

    private static List<ConsumerRecord<String, byte[]>> recordsKeyed(String key) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "media-events-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(TOPIC, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                }
            }
            // anything else for the same key that arrived with it
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (key.equals(record.key())) {
                    found.add(record);
                }
            }
        }
        return found;
    }
}
