package im.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.gateway.ws.FrameError;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatusCode;

class ChatFileClientTest {

    private static final String NAME = "0b5e3f3a-7c1d-4e2f-9a8b-1c2d3e4f5a6b.png";

    private static ChatFileClient.StoredFile answer(int status, String body) {
        return ChatFileClient.answer(HttpStatusCode.valueOf(status), body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aStoredFileGivesItsNameAndKind() {
        assertThat(answer(201, "{\"name\":\"" + NAME + "\",\"contentType\":3,\"mimeType\":\"image/png\","
                + "\"size\":4,\"sha256\":\"ab\",\"thumbnail\":true,\"durationMs\":null}"))
                .isEqualTo(new ChatFileClient.StoredFile(NAME, 3));
        assertThat(answer(201, "{\"name\":\"0b5e3f3a-7c1d-4e2f-9a8b-1c2d3e4f5a6b\",\"contentType\":2}").name())
                .as("no extension").isEqualTo("0b5e3f3a-7c1d-4e2f-9a8b-1c2d3e4f5a6b");
    }

    @Test
    void refusalsBecomeTheSendersErrorWithMediasDetail() {
        assertThatThrownBy(() -> answer(413, "{\"code\":\"file_too_large\",\"detail\":\"at most 25 MB\","
                + "\"maxBytes\":1}"))
                .isInstanceOfSatisfying(ChatFileClient.FileRefused.class, refused -> {
                    assertThat(refused.error()).isEqualTo(FrameError.FILE_TOO_LARGE);
                    assertThat(refused.getMessage()).isEqualTo("at most 25 MB");
                });
        for (String code : new String[]{"empty_file", "bad_data_url", "bad_suffix"}) {
            assertThatThrownBy(() -> answer(400, "{\"code\":\"" + code + "\"}"))
                    .isInstanceOfSatisfying(ChatFileClient.FileRefused.class, refused -> {
                        assertThat(refused.error()).isEqualTo(FrameError.BAD_FILE);
                        assertThat(refused.getMessage()).isEqualTo(FrameError.BAD_FILE.reason());
                    });
        }
        assertThatThrownBy(() -> answer(413, "not json")).isInstanceOf(ChatFileClient.FileRefused.class);
    }

    @Test
    void anythingElseIsAFailure() {
        for (String body : new String[]{"{\"name\":\"../../etc/passwd\",\"contentType\":3}",
                "{\"name\":\"" + NAME + "\",\"contentType\":1}", "{\"name\":\"" + NAME + "\",\"contentType\":9}",
                "{\"name\":\"" + NAME + "\"}", "{}", "no json"}) {
            assertThatThrownBy(() -> answer(201, body)).as(body).isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> answer(503, "{}")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> answer(500, "")).isInstanceOf(IllegalStateException.class);
    }
}
