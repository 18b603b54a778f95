package im.media.web;

import static org.assertj.core.api.Assertions.assertThat;

import im.media.MediaServiceIntegrationTest;
import im.media.api.FileNames;
import im.media.storage.FileStore;
import im.media.storage.StorageKeys;
import im.media.support.MediaSamples;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/** GET /file/{name} (headers, ranges, conditional requests), /thumbnail, /info, and the names that are refused. */
class FileDownloadIT extends MediaServiceIntegrationTest {

    private static byte[] video;
    private static String videoName;

    @Autowired
    FileStore store;

    @BeforeAll
    static void makeTheVideo() {
        video = MediaSamples.webm(true, true, 9000L, false, 200_000);
    }

    private String video() {
        if (videoName == null) {
            videoName = stored(video, "webm").get("name").asString();
        }
        return videoName;
    }

    @Test
    void theWholeFileHasEveryHeader() {
        ResponseEntity<byte[]> response = get("/file/" + video());

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getBody()).isEqualTo(video);
        assertThat(response.getHeaders().getContentType()).hasToString("video/webm");
        assertThat(response.getHeaders().getContentLength()).isEqualTo(video.length);
        assertThat(response.getHeaders().getFirst("Accept-Ranges")).isEqualTo("bytes");
        assertThat(response.getHeaders().getCacheControl()).isEqualTo("public, max-age=31536000, immutable");
        assertThat(response.getHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.getHeaders().getETag()).matches("\"[0-9a-f]{64}\"");
        assertThat(response.getHeaders().getFirst("Content-Disposition")).as("media plays inline").isNull();
        assertThat(response.getHeaders().getFirst("Content-Security-Policy")).isNull();
    }

    @Test
    void theFirstBytes() {
        ResponseEntity<byte[]> response = get("/file/" + video(), "Range", "bytes=0-99");

        assertThat(response.getStatusCode().value()).isEqualTo(206);
        assertThat(response.getBody()).isEqualTo(Arrays.copyOfRange(video, 0, 100));
        assertThat(response.getHeaders().getFirst("Content-Range")).isEqualTo("bytes 0-99/" + video.length);
        assertThat(response.getHeaders().getContentLength()).isEqualTo(100);
    }

    @Test
    void aRangeInTheMiddle() {
        ResponseEntity<byte[]> response = get("/file/" + video(), "Range", "bytes=100000-149999");

        assertThat(response.getStatusCode().value()).isEqualTo(206);
        assertThat(response.getBody()).isEqualTo(Arrays.copyOfRange(video, 100_000, 150_000));
        assertThat(response.getHeaders().getFirst("Content-Range")).isEqualTo("bytes 100000-149999/" + video.length);
    }

    @Test
    void theLastBytesAndTheRestFromAPosition() {
        ResponseEntity<byte[]> suffix = get("/file/" + video(), "Range", "bytes=-500");
        assertThat(suffix.getStatusCode().value()).isEqualTo(206);
        assertThat(suffix.getBody()).isEqualTo(Arrays.copyOfRange(video, video.length - 500, video.length));
        assertThat(suffix.getHeaders().getFirst("Content-Range"))
                .isEqualTo("bytes " + (video.length - 500) + "-" + (video.length - 1) + "/" + video.length);

        ResponseEntity<byte[]> open = get("/file/" + video(), "Range", "bytes=" + (video.length - 10) + "-");
        assertThat(open.getStatusCode().value()).isEqualTo(206);
        assertThat(open.getBody()).isEqualTo(Arrays.copyOfRange(video, video.length - 10, video.length));

        ResponseEntity<byte[]> beyond = get("/file/" + video(), "Range", "bytes=10-99999999");
        assertThat(beyond.getStatusCode().value()).isEqualTo(206);
        assertThat(beyond.getBody()).isEqualTo(Arrays.copyOfRange(video, 10, video.length));
    }

    @Test
    void aRangeBeyondTheEndIsNotSatisfiable() {
        for (String range : new String[]{"bytes=" + video.length + "-", "bytes=" + (video.length + 5) + "-"
                + (video.length + 10), "bytes=-0"}) {
            ResponseEntity<byte[]> response = get("/file/" + video(), "Range", range);
            assertThat(response.getStatusCode().value()).as(range).isEqualTo(416);
            assertThat(response.getHeaders().getFirst("Content-Range")).isEqualTo("bytes */" + video.length);
            assertThat(response.getHeaders().getCacheControl()).isNull();
        }
    }

    @Test
    void severalRangesOrAMalformedOneGetTheWholeFile() {
        for (String range : new String[]{"bytes=0-1,5-6", "bytes=abc", "items=0-5", "bytes=9-3"}) {
            ResponseEntity<byte[]> response = get("/file/" + video(), "Range", range);
            assertThat(response.getStatusCode().value()).as(range).isEqualTo(200);
            assertThat(response.getBody()).hasSize(video.length);
        }
        ResponseEntity<byte[]> staleIfRange = get("/file/" + video(), "Range", "bytes=0-9", "If-Range", "\"other\"");
        assertThat(staleIfRange.getStatusCode().value()).isEqualTo(200);
        String etag = get("/file/" + video()).getHeaders().getETag();
        assertThat(get("/file/" + video(), "Range", "bytes=0-9", "If-Range", etag).getStatusCode().value())
                .isEqualTo(206);
    }

    @Test
    void aKnownEtagIsNotModified() {
        String etag = get("/file/" + video()).getHeaders().getETag();

        ResponseEntity<byte[]> response = get("/file/" + video(), "If-None-Match", etag);

        assertThat(response.getStatusCode().value()).isEqualTo(304);
        assertThat(response.getBody()).isNull();
        assertThat(response.getHeaders().getETag()).isEqualTo(etag);
        assertThat(get("/file/" + video(), "If-None-Match", "\"other\"").getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void headAnswersTheHeadersOnly() throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/file/" + video()))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(video.length);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void namesThatAreNotStoredNamesAre400() throws Exception {
        String[] paths = {
                "/file/..%2F..%2Fetc%2Fpasswd",
                "/file/..%5C..%5Cwindows",
                "/file/x%2F" + video(),
                "/file/" + video().toUpperCase(),
                "/file/" + video().replace(".webm", ""),
                "/file/" + video() + ".html",
                "/file/..%2Fx/info",
                "/file/abc/thumbnail",
                "/file/a..b",
                "/file/%2e%2e%2fsecret"};
        for (String path : paths) {
            HttpResponse<String> response = raw(path);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.body()).as(path).isEqualTo("{\"code\":-1,\"msg\":\"invalid file name\",\"data\":null}");
        }
    }

    @Test
    void whatTomcatRefusesIs400Too() throws Exception {
        for (String path : new String[]{"/file/" + video() + "%00", "/file/%00"}) {
            assertThat(raw(path).statusCode()).as(path).isEqualTo(400);
        }
    }

    @Test
    void dotSegmentsNeverReachAFile() throws Exception {
        for (String path : new String[]{"/file/..", "/file/../application.yml", "/file/%2e%2e", "/file/./x/..",
                "/file/%2e%2e/application.yml"}) {
            HttpResponse<String> response = raw(path);
            assertThat(response.statusCode()).as(path).isIn(400, 404);
            assertThat(response.body()).as(path).startsWith("{\"code\":-1");
        }
    }

    @Test
    void anUnknownNameIs404EvenWhenItsBytesExist() throws Exception {
        String name = FileNames.newName("png");
        assertThat(raw("/file/" + name).statusCode()).isEqualTo(404);
        assertThat(raw("/file/" + name).body()).isEqualTo("{\"code\":-1,\"msg\":\"file not found\",\"data\":null}");

        Path loose = Files.write(Files.createTempFile("loose", ".png"), MediaSamples.png(4, 4));
        store.put(StorageKeys.file(name), loose, "image/png");
        try {
            assertThat(store.exists(StorageKeys.file(name))).isTrue();
            assertThat(raw("/file/" + name).statusCode()).as("not in the read model").isEqualTo(404);
            assertThat(raw("/file/" + name + "/info").statusCode()).isEqualTo(404);
        } finally {
            store.delete(StorageKeys.file(name));
        }
    }

    @Test
    void aPictureHasAThumbnailOfAtMost320() throws Exception {
        JsonNode file = stored(MediaSamples.jpeg(1600, 1200), "jpg");
        assertThat(file.get("thumbnail").asBoolean()).isTrue();

        ResponseEntity<byte[]> response = get("/file/" + file.get("name").asString() + "/thumbnail");

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getHeaders().getContentType()).hasToString("image/jpeg");
        assertThat(response.getHeaders().getCacheControl()).isEqualTo("public, max-age=31536000, immutable");
        java.awt.image.BufferedImage thumbnail = MediaSamples.read(response.getBody());
        assertThat(thumbnail.getWidth()).isEqualTo(320);
        assertThat(thumbnail.getHeight()).isEqualTo(240);
        String etag = response.getHeaders().getETag();
        assertThat(get("/file/" + file.get("name").asString() + "/thumbnail", "If-None-Match", etag)
                .getStatusCode().value()).isEqualTo(304);
    }

    @Test
    void aFileWithoutThumbnailAnswers404ForIt() throws Exception {
        assertThat(raw("/file/" + video() + "/thumbnail").statusCode()).isEqualTo(404);
        JsonNode webp = stored(MediaSamples.webpHeader(), null);
        assertThat(webp.get("contentType").asInt()).isEqualTo(3);
        assertThat(webp.get("thumbnail").asBoolean()).as("ImageIO reads no WebP").isFalse();
        assertThat(raw("/file/" + webp.get("name").asString() + "/thumbnail").statusCode()).isEqualTo(404);
    }

    @Test
    void infoTellsTheFactsButNotTheOwner() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        JsonNode file = stored(MediaSamples.wav(1200), "wav");

        JsonNode info = parse(raw("/file/" + file.get("name").asString() + "/info").body());

        assertThat(info.get("code").asInt()).isZero();
        JsonNode data = info.get("data");
        assertThat(data.get("name").asString()).isEqualTo(file.get("name").asString());
        assertThat(data.get("mimeType").asString()).isEqualTo("audio/wav");
        assertThat(data.get("contentType").asInt()).isEqualTo(4);
        assertThat(data.get("size").asLong()).isEqualTo(file.get("size").asLong());
        assertThat(data.get("thumbnail").asBoolean()).isFalse();
        assertThat(data.get("durationMs").asLong()).isEqualTo(1200);
        assertThat(Instant.parse(data.get("createdAt").asString())).isAfter(before);
        assertThat(data.has("owner")).isFalse();
        assertThat(data.has("ownerUuid")).isFalse();
    }

    private HttpResponse<String> raw(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
