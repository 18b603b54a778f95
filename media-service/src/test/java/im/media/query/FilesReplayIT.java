package im.media.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.media.MediaServiceIntegrationTest;
import im.media.support.MediaSamples;
import im.media.support.UserServiceStandIn;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** The files read model is disposable: reset the processor's tokens and the replay rebuilds the same table. */
class FilesReplayIT extends MediaServiceIntegrationTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void theFilesReadModelIsRebuiltByReplay() {
        String picture = stored(MediaSamples.png(40, 40), null).get("name").asString();
        String sound = stored(MediaSamples.wav(700), "wav").get("name").asString();
        // a discarded avatar: stored, then given up (no row after the replay either)
        UserServiceStandIn.get().respond(request -> new UserServiceStandIn.Response(404, "{}"));
        String user = newUserUuid();
        client().post().uri("/file").header("X-IM-User-Id", user)
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(form(user)).retrieve().toBodilessEntity();
        UserServiceStandIn.get().respond(UserServiceStandIn::accept);
        List<Map<String, Object>> before = rows();
        assertThat(before).extracting(row -> row.get("name")).contains(picture, sound);

        StreamingEventProcessor processor = processing.eventProcessor("files", StreamingEventProcessor.class)
                .orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        assertThat(rows()).as("the reset handler cleared the table").isEmpty();
        processor.start();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(rows()).isEqualTo(before));
        assertThat(get("/file/" + picture).getStatusCode().value()).isEqualTo(200);
        assertThat(get("/file/" + sound + "/info").getStatusCode().value()).isEqualTo(200);
    }

    private static MultiValueMap<String, Object> form(String user) {
        LinkedMultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("uuid", user);
        form.add("file", new ByteArrayResource(MediaSamples.png(20, 20)) {
            @Override
            public String getFilename() {
                return "a.png";
            }
        });
        return form;
    }

    private List<Map<String, Object>> rows() {
        return jdbc.sql("SELECT * FROM files ORDER BY name").query().listOfRows();
    }
}
