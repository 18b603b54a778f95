package im.media.observability;

import static org.assertj.core.api.Assertions.assertThat;

import im.media.MediaServiceIntegrationTest;
import im.media.support.MediaSamples;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;

/** What media-service counts for an operator: bytes and files stored by kind and type, and its event-store appends. */
class MediaMetricsIT extends MediaServiceIntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void aStoredChatImageCountsItsBytesAndOneFile() {
        byte[] png = MediaSamples.png(64, 32);
        double bytesBefore = count("im.media.stored.bytes");
        double filesBefore = count("im.media.stored.files");
        double appendedBefore = meters.find("im.eventstore.appended.events").counters().stream()
                .mapToDouble(Counter::count).sum();

        ResponseEntity<String> response = uploadFrame(newUserUuid(), png, null);

        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
        assertThat(count("im.media.stored.bytes") - bytesBefore).isEqualTo(png.length);
        assertThat(count("im.media.stored.files") - filesBefore).isEqualTo(1);
        assertThat(meters.get("im.eventstore.appended.events").counter().count() - appendedBefore)
                .isGreaterThanOrEqualTo(1);
        // the tags stay bounded: kind (chat, avatar) x type (image, audio, video, file)
        assertThat(meters.find("im.media.stored.files").counters()).allSatisfy(counter -> {
            assertThat(counter.getId().getTag("kind")).isIn("chat", "avatar");
            assertThat(counter.getId().getTag("type")).isIn("image", "audio", "video", "file");
        });
    }

    private double count(String name) {
        Counter counter = meters.find(name).tag("kind", "chat").tag("type", "image").counter();
        return counter == null ? 0 : counter.count();
    }
}
