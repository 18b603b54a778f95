package im.media.web;

import static org.assertj.core.api.Assertions.assertThat;

import im.media.storage.FileStore;
import im.media.storage.S3FileStore;
import im.media.storage.StorageKeys;
import im.media.support.MediaSamples;
import im.media.support.S3ProxyServer;
import im.platform.test.TestInfrastructure;
import im.platform.web.CallerHeaders;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The service with {@code IM_MEDIA_STORAGE=s3} against S3Proxy: upload, download, a range, a thumbnail. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class S3UploadIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "media_s3_it");
        registry.add("im.media.storage", () -> "s3");
        registry.add("im.media.s3.endpoint", () -> S3ProxyServer.get().endpoint());
        registry.add("im.media.s3.bucket", () -> "media-s3-it");
        registry.add("im.media.s3.region", () -> S3ProxyServer.REGION);
        registry.add("im.media.s3.access-key", () -> S3ProxyServer.ACCESS_KEY);
        registry.add("im.media.s3.secret-key", () -> S3ProxyServer.SECRET_KEY);
    }

    @LocalServerPort
    int port;
    @Autowired
    FileStore store;

    private RestClient client() {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { })
                .build();
    }

    @Test
    void aFileGoesToTheBucketAndComesBackWholeAndInRanges() {
        assertThat(store).isInstanceOf(S3FileStore.class);
        byte[] video = MediaSamples.webm(true, true, 3000L, false, 400_000);

        ResponseEntity<String> response = client().post().uri("/internal/v1/chat-files?source=frame&suffix=webm")
                .header(CallerHeaders.USER_ID, "[usr]" + java.util.UUID.randomUUID())
                .contentType(MediaType.APPLICATION_OCTET_STREAM).body(video)
                .retrieve().toEntity(String.class);

        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
        JsonNode file = JSON.readTree(response.getBody());
        String name = file.get("name").asString();
        assertThat(file.get("mimeType").asString()).isEqualTo("video/webm");
        assertThat(file.get("durationMs").asLong()).isEqualTo(3000);

        ResponseEntity<byte[]> whole = client().get().uri("/file/" + name).retrieve().toEntity(byte[].class);
        assertThat(whole.getStatusCode().value()).isEqualTo(200);
        assertThat(whole.getBody()).isEqualTo(video);
        ResponseEntity<byte[]> middle = client().get().uri("/file/" + name).header("Range", "bytes=200000-200999")
                .retrieve().toEntity(byte[].class);
        assertThat(middle.getStatusCode().value()).isEqualTo(206);
        assertThat(middle.getBody()).isEqualTo(Arrays.copyOfRange(video, 200_000, 201_000));
        assertThat(middle.getHeaders().getFirst("Content-Range")).isEqualTo("bytes 200000-200999/" + video.length);
        ResponseEntity<byte[]> unsatisfiable = client().get().uri("/file/" + name)
                .header("Range", "bytes=" + video.length + "-").retrieve().toEntity(byte[].class);
        assertThat(unsatisfiable.getStatusCode().value()).isEqualTo(416);
    }

    @Test
    void aPicturesThumbnailIsInTheBucketToo() throws Exception {
        ResponseEntity<String> response = client().post().uri("/internal/v1/chat-files")
                .header(CallerHeaders.USER_ID, "[usr]" + java.util.UUID.randomUUID())
                .contentType(MediaType.APPLICATION_OCTET_STREAM).body(MediaSamples.jpeg(1000, 500))
                .retrieve().toEntity(String.class);
        String name = JSON.readTree(response.getBody()).get("name").asString();

        assertThat(store.exists(StorageKeys.file(name))).isTrue();
        assertThat(store.exists(StorageKeys.thumbnail(name))).isTrue();
        ResponseEntity<byte[]> thumbnail = client().get().uri("/file/" + name + "/thumbnail")
                .retrieve().toEntity(byte[].class);
        assertThat(thumbnail.getStatusCode().value()).isEqualTo(200);
        assertThat(MediaSamples.read(thumbnail.getBody()).getWidth()).isEqualTo(320);
        assertThat(Files.exists(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "im-media"))).isTrue();
    }
}
