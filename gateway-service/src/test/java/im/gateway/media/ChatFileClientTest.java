package im.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import im.gateway.ws.FrameError;
import im.gateway.ws.FrameRules;
import im.proto.Message;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatusCode;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

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

    /** What the media stand-in got: the Content-Type and the body. */
    private record Received(String contentType, byte[] body) {
    }

    /** A media-service stand-in that stores every upload once {@code release} completes. */
    private static DisposableServer media(List<Received> received, Sinks.Empty<Void> release) {
        return HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> request.receive().aggregate().asByteArray()
                        .doOnNext(body -> received.add(new Received(request.requestHeaders().get("Content-Type"),
                                body)))
                        .then(release.asMono())
                        .then(response.status(201).header("Content-Type", "application/json")
                                .sendString(Mono.just("{\"name\":\"" + NAME + "\",\"contentType\":2}")).then()))
                .bindNow();
    }

    private static FrameRules.Upload upload(Message.Builder frame) {
        return (FrameRules.Upload) new FrameRules(5000).evaluate(frame.setTo("[usr]" + NAME.substring(0, 36))
                .setMessageType(1).build(), "[usr]me", "me");
    }

    @Test
    void aDataUrlGoesAsItsBytesAndTheBytesInFlightAreBoundedForTheWholeGateway() {
        List<Received> received = new CopyOnWriteArrayList<>();
        Sinks.Empty<Void> release = Sinks.empty();
        DisposableServer server = media(received, release);
        try {
            ChatFileClient client = new ChatFileClient(URI.create("http://127.0.0.1:" + server.port()),
                    Duration.ofSeconds(10), 1000);
            String dataUrl = "data:text/plain;base64," + "QUFB".repeat(150); // 623 bytes
            FrameRules.Upload first = upload(Message.newBuilder().setContentType(2).setContent(dataUrl));
            FrameRules.Upload second = upload(Message.newBuilder().setContentType(3)
                    .setFile(ByteString.copyFrom(new byte[600])));
            List<ChatFileClient.StoredFile> stored = new CopyOnWriteArrayList<>();
            Disposable running = client.store("[usr]me", first).subscribe(stored::add);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
            assertThat(client.bytesInFlight()).isEqualTo(dataUrl.length());
            assertThat(received.get(0).contentType()).isEqualTo("text/plain;charset=UTF-8");
            assertThat(new String(received.get(0).body(), StandardCharsets.UTF_8)).isEqualTo(dataUrl);
            assertThatThrownBy(() -> client.store("[usr]you", second).block(Duration.ofSeconds(1)))
                    .as("623 + 600 bytes > 1000: refused at once, not queued")
                    .isInstanceOf(ChatFileClient.UploadsBusy.class);
            assertThat(received).hasSize(1);
            release.tryEmitEmpty();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> stored.size() == 1);
            assertThat(client.bytesInFlight()).isZero();
            assertThat(client.store("[usr]you", second).block(Duration.ofSeconds(5)))
                    .isEqualTo(new ChatFileClient.StoredFile(NAME, 2));
            assertThat(received.get(1).contentType()).isEqualTo("application/octet-stream");
            running.dispose();
        } finally {
            server.disposeNow();
        }
    }

    @Test
    void aCancelledUploadGivesItsBytesBack() {
        List<Received> received = new CopyOnWriteArrayList<>();
        DisposableServer server = media(received, Sinks.empty()); // never answers
        try {
            ChatFileClient client = new ChatFileClient(URI.create("http://127.0.0.1:" + server.port()),
                    Duration.ofSeconds(10), 1000);
            Disposable upload = client.store("[usr]me", upload(Message.newBuilder().setContentType(3)
                    .setFile(ByteString.copyFrom(new byte[800])))).subscribe();
            assertThat(client.bytesInFlight()).isEqualTo(800);
            upload.dispose(); // the socket closed
            assertThat(client.bytesInFlight()).isZero();
        } finally {
            server.disposeNow();
        }
    }
}
