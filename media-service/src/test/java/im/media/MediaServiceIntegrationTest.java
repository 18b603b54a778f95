package im.media;

import static org.assertj.core.api.Assertions.assertThat;

import im.media.support.UserServiceStandIn;
import im.platform.test.TestInfrastructure;
import im.platform.web.CallerHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shared set-up of the integration tests with local storage: one Spring context (cached across the test classes
 * that extend this), real PostgreSQL and Kafka, the media directory in a fresh temporary directory, user-service
 * played by {@link UserServiceStandIn}, and plain HTTP calls with the caller header set as the gateway sets it.
 * Limits here: pictures and sounds {@value #MAX_IMAGE} bytes, other files {@value #MAX_FILE}, videos the default
 * 15 MB, avatars {@value #MAX_AVATAR}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class MediaServiceIntegrationTest {

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final long MAX_IMAGE = 3L * 1024 * 1024;
    protected static final long MAX_FILE = 4L * 1024 * 1024;
    protected static final long MAX_VIDEO = 15L * 1024 * 1024;
    protected static final long MAX_AVATAR = 512L * 1024;
    protected static final Path MEDIA_DIR = temporaryDirectory();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "media_it");
        registry.add("im.media.dir", MEDIA_DIR::toString);
        registry.add("im.media.user-service-url", () -> UserServiceStandIn.get().url());
        registry.add("im.media.limits.image", () -> MAX_IMAGE + "B");
        registry.add("im.media.limits.audio", () -> MAX_IMAGE + "B");
        registry.add("im.media.limits.file", () -> MAX_FILE + "B");
        registry.add("im.media.limits.avatar", () -> MAX_AVATAR + "B");
    }

    @LocalServerPort
    protected int port;
    @Autowired
    protected JdbcClient jdbc;

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("media-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected RestClient client() {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { })
                .build();
    }

    protected static String newUserUuid() {
        return "[usr]" + UUID.randomUUID();
    }

    protected static JsonNode parse(String body) {
        return JSON.readTree(body);
    }

    // ---- the gateway's calls ----

    /** {@code POST /internal/v1/chat-files?source=frame[&suffix=]} with the raw bytes. */
    protected ResponseEntity<String> uploadFrame(String caller, byte[] bytes, String suffix) {
        return client().post()
                .uri(uri -> {
                    uri.path("/internal/v1/chat-files").queryParam("source", "frame");
                    if (suffix != null) {
                        uri.queryParam("suffix", suffix);
                    }
                    return uri.build();
                })
                .header(CallerHeaders.USER_ID, caller)
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(bytes)
                .retrieve().toEntity(String.class);
    }

    /** {@code POST /internal/v1/chat-files?source=data-url} with the data URL as text. */
    protected ResponseEntity<String> uploadDataUrl(String caller, String dataUrl) {
        return client().post().uri("/internal/v1/chat-files?source=data-url")
                .header(CallerHeaders.USER_ID, caller)
                .contentType(MediaType.TEXT_PLAIN)
                .body(dataUrl)
                .retrieve().toEntity(String.class);
    }

    /** Uploads a frame file that must be stored; answers the 201 body. */
    protected JsonNode stored(byte[] bytes, String suffix) {
        ResponseEntity<String> response = uploadFrame(newUserUuid(), bytes, suffix);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
        return parse(response.getBody());
    }

    protected ResponseEntity<byte[]> get(String path, String... headers) {
        return client().get().uri(path).headers(h -> {
            for (int i = 0; i + 1 < headers.length; i += 2) {
                h.add(headers[i], headers[i + 1]);
            }
        }).retrieve().toEntity(byte[].class);
    }

    // ---- what is left behind ----

    /** Every regular file below the media directory (objects and temporary files). */
    protected static List<Path> filesOnDisk() {
        try (Stream<Path> files = Files.walk(MEDIA_DIR)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected long readModelRows() {
        return jdbc.sql("SELECT count(*) FROM files").query(Long.class).single();
    }
}
