package im.media.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.media.MediaServiceIntegrationTest;
import im.media.storage.FileStore;
import im.media.storage.StorageKeys;
import im.media.support.MediaSamples;
import im.media.support.UserServiceStandIn;
import im.platform.web.CallerHeaders;
import jakarta.servlet.MultipartConfigElement;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import tools.jackson.databind.JsonNode;

/**
 * POST /file, end to end within the service: the picture is stored, user-service (a stand-in HTTP server) is asked
 * to change the avatar, and when it refuses or is down the stored file is given up again.
 */
class AvatarUploadIT extends MediaServiceIntegrationTest {

    @Autowired
    FileStore store;
    @Autowired
    MultipartConfigElement multipart;

    @AfterEach
    void userServiceAcceptsAgain() {
        UserServiceStandIn.get().respond(UserServiceStandIn::accept);
    }

    private ResponseEntity<String> upload(String caller, String uuid, byte[] bytes, String filename) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        if (bytes != null) {
            form.add("file", new ByteArrayResource(bytes) {
                @Override
                public String getFilename() {
                    return filename;
                }
            });
        }
        form.add("uuid", uuid);
        var request = client().post().uri("/file").contentType(MediaType.MULTIPART_FORM_DATA);
        if (caller != null) {
            request = request.header(CallerHeaders.USER_ID, caller);
        }
        return request.body(form).retrieve().toEntity(String.class);
    }

    @Test
    void anAvatarIsStoredAndUserServiceChangesIt() {
        String user = newUserUuid();
        byte[] png = MediaSamples.png(300, 300);
        UserServiceStandIn.get().respond(UserServiceStandIn::accept);

        ResponseEntity<String> response = upload(user, user, png, "me.png");

        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        JsonNode envelope = parse(response.getBody());
        assertThat(envelope.get("code").asInt()).isZero();
        assertThat(envelope.get("msg").asString()).isEqualTo("SUCCESS");
        String name = envelope.get("data").asString();
        assertThat(name).matches("[0-9a-f-]{36}\\.png");
        List<UserServiceStandIn.Request> calls = UserServiceStandIn.get().requests();
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).method()).isEqualTo("PUT");
        assertThat(calls.get(0).path()).isEqualTo("/internal/v1/users/" + user + "/avatar");
        assertThat(calls.get(0).contentType()).startsWith("application/json");
        assertThat(parse(calls.get(0).body()).get("avatar").asString()).isEqualTo(name);
        assertThat(get("/file/" + name).getBody()).isEqualTo(png);
        assertThat(jdbc.sql("SELECT kind FROM files WHERE name = :n").param("n", name).query(String.class).single())
                .isEqualTo("avatar");
        assertThat(get("/file/" + name + "/thumbnail").getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void aJpegGifAndWebpAreAvatarsToo() {
        String user = newUserUuid();
        for (byte[] picture : List.of(MediaSamples.jpeg(40, 40), MediaSamples.gif(40, 40), MediaSamples.webpHeader())) {
            JsonNode envelope = parse(upload(user, user, picture, "x.bin").getBody());
            assertThat(envelope.get("code").asInt()).as(envelope.toString()).isZero();
        }
    }

    @Test
    void onlyTheUserThemselfMayChangeTheirAvatar() {
        String user = newUserUuid();
        long rows = readModelRows();

        ResponseEntity<String> response = upload(newUserUuid(), user, MediaSamples.png(10, 10), "x.png");

        assertThat(response.getStatusCode().value()).isEqualTo(403);
        assertThat(response.getBody()).isEqualTo("{\"code\":-1,\"msg\":\"forbidden\",\"data\":null}");
        assertThat(upload(null, user, MediaSamples.png(10, 10), "x.png").getStatusCode().value()).isEqualTo(401);
        assertThat(UserServiceStandIn.get().requests()).isEmpty();
        assertThat(readModelRows()).isEqualTo(rows);
    }

    @Test
    void anythingButAPictureIsRefused() {
        String user = newUserUuid();
        long rows = readModelRows();
        UserServiceStandIn.get().respond(UserServiceStandIn::accept);
        byte[] html = "<html><body>hi</body></html>".getBytes();
        byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes();

        for (byte[] bytes : List.of(html, svg, MediaSamples.wav(100), MediaSamples.bmp(10, 10))) {
            JsonNode envelope = parse(upload(user, user, bytes, "me.png").getBody());
            assertThat(envelope.get("code").asInt()).isEqualTo(-1);
            assertThat(envelope.get("msg").asString()).isEqualTo("the avatar must be a JPEG, PNG, GIF or WebP image");
        }
        JsonNode missing = parse(upload(user, user, null, null).getBody());
        assertThat(missing.get("msg").asString()).isEqualTo("file is required");
        assertThat(UserServiceStandIn.get().requests()).isEmpty();
        assertThat(readModelRows()).isEqualTo(rows);
    }

    @Test
    void aTooLargeAvatarIs413() {
        String user = newUserUuid();
        byte[] png = MediaSamples.png(10, 10);
        byte[] large = MediaSamples.concat(png, new byte[(int) MAX_AVATAR]);

        ResponseEntity<String> response = upload(user, user, large, "big.png");

        assertThat(response.getStatusCode().value()).isEqualTo(413);
        assertThat(parse(response.getBody()).get("code").asInt()).isEqualTo(-1);
        ResponseEntity<String> huge = upload(user, user, new byte[(int) MAX_AVATAR * 2], "huge.png");
        assertThat(huge.getStatusCode().value()).isEqualTo(413);
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** A multipart upload sent chunked (no {@code Content-Length}), as a client streaming a file would. */
    private HttpResponse<String> uploadChunked(String user, byte[] bytes, int extraField)
            throws IOException, InterruptedException {
        String boundary = "----im-test-" + UUID.randomUUID();
        byte[] body = MediaSamples.concat(
                ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n" + "n".repeat(extraField)
                        + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"uuid\"\r\n\r\n" + user
                        + "\r\n--"
                        + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"me.png\"\r\n"
                        + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8),
                bytes,
                ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/file"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header(CallerHeaders.USER_ID, user)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aChunkedAvatarIsBoundedByTheAvatarLimitToo() throws Exception {
        String user = newUserUuid();
        UserServiceStandIn.get().respond(UserServiceStandIn::accept);
        HttpResponse<String> small = uploadChunked(user, MediaSamples.png(32, 32), 10);
        assertThat(small.statusCode()).as(small.body()).isEqualTo(200);
        assertThat(small.headers().firstValue("Content-Length")).as("the request was chunked, not the answer")
                .isPresent();
        assertThat(parse(small.body()).get("code").asInt()).isZero();
        UserServiceStandIn.get().respond(UserServiceStandIn::accept);
        long rows = readModelRows();

        // over the avatar limit + 64 KiB of framing, without a length to refuse up front
        byte[] large = MediaSamples.concat(MediaSamples.png(10, 10), new byte[(int) MAX_AVATAR + 128 * 1024]);
        HttpResponse<String> refused = uploadChunked(user, large, 10);
        // a small picture in a body that is too large all the same: the multipart parser itself stops
        HttpResponse<String> padded = uploadChunked(user, MediaSamples.png(10, 10), (int) MAX_AVATAR + 128 * 1024);

        for (HttpResponse<String> response : List.of(refused, padded)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
            assertThat(response.body()).isEqualTo("{\"code\":-1,\"msg\":\"the file is too large (at most "
                    + MAX_AVATAR + " bytes)\",\"data\":null}");
        }
        assertThat(UserServiceStandIn.get().requests()).isEmpty();
        assertThat(readModelRows()).isEqualTo(rows);
        assertThat(multipart.getMaxRequestSize()).isEqualTo(MAX_AVATAR + 64 * 1024);
        assertThat(multipart.getMaxFileSize()).isEqualTo(MAX_AVATAR + 64 * 1024);
    }

    @Test
    void whenUserServiceRefusesTheFileIsGivenUp() {
        String user = newUserUuid();
        UserServiceStandIn.get().respond(request ->
                new UserServiceStandIn.Response(404, "{\"code\":\"user_not_found\"}"));

        ResponseEntity<String> response = upload(user, user, MediaSamples.png(64, 64), "me.png");

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        JsonNode envelope = parse(response.getBody());
        assertThat(envelope.get("code").asInt()).isEqualTo(-1);
        assertThat(envelope.get("msg").asString()).isEqualTo("user doesn't exist");
        assertGivenUp(UserServiceStandIn.get().requests());
    }

    @Test
    void whenUserServiceIsDownTheFileIsGivenUpAnd503() {
        String user = newUserUuid();
        UserServiceStandIn.get().respond(request -> UserServiceStandIn.Response.DROP);

        ResponseEntity<String> dropped = upload(user, user, MediaSamples.png(64, 64), "me.png");

        assertThat(dropped.getStatusCode().value()).isEqualTo(503);
        assertThat(parse(dropped.getBody()).get("msg").asString()).isEqualTo("user service unavailable");
        assertGivenUp(UserServiceStandIn.get().requests());

        UserServiceStandIn.get().respond(request -> new UserServiceStandIn.Response(500, "{}"));
        ResponseEntity<String> failing = upload(user, user, MediaSamples.png(64, 64), "me.png");
        assertThat(failing.getStatusCode().value()).isEqualTo(503);
        assertGivenUp(UserServiceStandIn.get().requests());
    }

    /** The name user-service was asked about is no longer served, and its bytes are gone. */
    private void assertGivenUp(List<UserServiceStandIn.Request> calls) {
        assertThat(calls).isNotEmpty();
        String name = parse(calls.get(calls.size() - 1).body()).get("avatar").asString();
        assertThat(get("/file/" + name).getStatusCode().value()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT count(*) FROM files WHERE name = :n").param("n", name).query(Long.class).single())
                .isZero();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(store.exists(StorageKeys.file(name))).isFalse();
            assertThat(store.exists(StorageKeys.thumbnail(name))).isFalse();
        });
    }
}
