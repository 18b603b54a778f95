package im.media.web;

import static org.assertj.core.api.Assertions.assertThat;

import im.media.MediaServiceIntegrationTest;
import im.media.support.MediaSamples;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/** POST /internal/v1/chat-files: what the gateway gets back for each kind of file, and what it cannot store. */
class ChatFileUploadIT extends MediaServiceIntegrationTest {

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Stores the file and checks the answer, the read model and the download. */
    private JsonNode storesAs(byte[] bytes, String suffix, String mimeType, String extension, int contentType,
                              Long durationMs) throws Exception {
        String owner = newUserUuid();
        ResponseEntity<String> response = uploadFrame(owner, bytes, suffix);

        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
        JsonNode file = parse(response.getBody());
        String name = file.get("name").asString();
        assertThat(name).matches("[0-9a-f-]{36}\\." + extension);
        assertThat(response.getHeaders().getLocation()).hasToString("/file/" + name);
        assertThat(file.get("contentType").asInt()).isEqualTo(contentType);
        assertThat(file.get("mimeType").asString()).isEqualTo(mimeType);
        assertThat(file.get("size").asLong()).isEqualTo(bytes.length);
        assertThat(file.get("sha256").asString()).isEqualTo(sha256(bytes));
        assertThat(file.has("durationMs")).isTrue();
        if (durationMs == null) {
            assertThat(file.get("durationMs").isNull()).isTrue();
        } else {
            assertThat(file.get("durationMs").asLong()).isEqualTo(durationMs);
        }
        assertThat(jdbc.sql("SELECT owner_uuid FROM files WHERE name = :n").param("n", name).query(String.class)
                .single()).isEqualTo(owner);

        ResponseEntity<byte[]> download = get("/file/" + name);
        assertThat(download.getStatusCode().value()).isEqualTo(200);
        assertThat(download.getBody()).isEqualTo(bytes);
        assertThat(download.getHeaders().getContentType()).hasToString(mimeType);
        assertThat(download.getHeaders().getContentLength()).isEqualTo(bytes.length);
        assertThat(download.getHeaders().getETag()).isEqualTo("\"" + sha256(bytes) + "\"");
        return file;
    }

    @Test
    void aPngIsAnImageWithAThumbnail() throws Exception {
        JsonNode file = storesAs(MediaSamples.png(800, 400), null, "image/png", "png", 3, null);
        assertThat(file.get("thumbnail").asBoolean()).isTrue();
    }

    @Test
    void aJpegIsAnImage() throws Exception {
        JsonNode file = storesAs(MediaSamples.jpeg(120, 90), "jpeg", "image/jpeg", "jpg", 3, null);
        assertThat(file.get("thumbnail").asBoolean()).isTrue();
    }

    @Test
    void aGifIsAnImage() throws Exception {
        storesAs(MediaSamples.gif(64, 64), "gif", "image/gif", "gif", 3, null);
    }

    @Test
    void aWavVoiceNoteIsAudioWithItsLength() throws Exception {
        JsonNode file = storesAs(MediaSamples.wav(2300), "wav", "audio/wav", "wav", 4, 2300L);
        assertThat(file.get("thumbnail").asBoolean()).isFalse();
    }

    @Test
    void aWebmVideoNoteIsVideo() throws Exception {
        storesAs(MediaSamples.webm(true, true, null, true, 50_000), "webm", "video/webm", "webm", 5, null);
        storesAs(MediaSamples.webm(true, false, 6100L, false, 50_000), "webm", "video/webm", "webm", 5, 6100L);
    }

    @Test
    void realRecordingsAreDetected() throws Exception {
        storesAs(MediaSamples.recording("video-note-live.webm"), "webm", "video/webm", "webm", 5, null);
        storesAs(MediaSamples.recording("voice.webm"), "webm", "audio/webm", "webm", 4, 1508L);
        storesAs(MediaSamples.recording("video.mp4"), "mp4", "video/mp4", "mp4", 5, 2000L);
    }

    @Test
    void anAudioOnlyWebmIsAudio() throws Exception {
        storesAs(MediaSamples.webm(false, true, null, true, 20_000), "webm", "audio/webm", "webm", 4, null);
    }

    @Test
    void anMp4IsVideoWithItsLength() throws Exception {
        storesAs(MediaSamples.mp4("isom", 1000, 4200, 30_000, "vide", "soun"), "mp4", "video/mp4", "mp4", 5, 4200L);
    }

    @Test
    void aFileOfAnyOtherKindIsAPlainFile() throws Exception {
        byte[] pdf = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
        storesAs(pdf, "pdf", "application/pdf", "pdf", 2, null);
        byte[] unknown = MediaSamples.concat(new byte[]{0, 1, 2, 3, 4, 5, 6, 7}, MediaSamples.random(3000, 11));
        storesAs(unknown, "dat", "application/octet-stream", "dat", 2, null);
        storesAs(unknown, null, "application/octet-stream", "bin", 2, null);
    }

    @Test
    void theBytesDecideNotTheSuffix() throws Exception {
        storesAs(MediaSamples.png(16, 16), "html", "image/png", "png", 3, null);
        byte[] html = "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
                .getBytes(StandardCharsets.UTF_8);
        JsonNode page = storesAs(html, "png", "text/html", "html", 2, null);
        ResponseEntity<byte[]> download = get("/file/" + page.get("name").asString());
        assertThat(download.getHeaders().getFirst("Content-Disposition")).startsWith("attachment");
        assertThat(download.getHeaders().getFirst("Content-Security-Policy")).isEqualTo("sandbox");
        assertThat(download.getHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void aDataUrlIsDecodedAndDetectedLikeAnyFile() throws Exception {
        byte[] png = MediaSamples.png(50, 50);
        String owner = newUserUuid();

        ResponseEntity<String> response = uploadDataUrl(owner, "data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png));

        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(201);
        JsonNode file = parse(response.getBody());
        assertThat(file.get("contentType").asInt()).isEqualTo(3);
        assertThat(file.get("mimeType").asString()).isEqualTo("image/png");
        assertThat(file.get("size").asLong()).isEqualTo(png.length);
        assertThat(file.get("sha256").asString()).isEqualTo(sha256(png));
        assertThat(get("/file/" + file.get("name").asString()).getBody()).isEqualTo(png);

        byte[] wav = MediaSamples.wav(500);
        JsonNode sound = parse(uploadDataUrl(owner, "data:application/octet-stream;base64,"
                + Base64.getEncoder().encodeToString(wav)).getBody());
        assertThat(sound.get("mimeType").asString()).as("the header's type is ignored").isEqualTo("audio/wav");
        assertThat(sound.get("contentType").asInt()).isEqualTo(4);
    }

    @Test
    void aBadDataUrlIsRefused() {
        for (String text : new String[]{"hello", "data:image/png,AAAA", "data:image/png;base64,AA*A"}) {
            ResponseEntity<String> response = uploadDataUrl(newUserUuid(), text);
            assertThat(response.getStatusCode().value()).as(text).isEqualTo(400);
            assertThat(parse(response.getBody()).get("code").asString()).isEqualTo("bad_data_url");
        }
    }

    @Test
    void aVideoNoteOf5MbIsStored() throws Exception {
        byte[] note = MediaSamples.webm(true, true, null, true, 5 * 1024 * 1024);
        JsonNode file = storesAs(note, "webm", "video/webm", "webm", 5, null);
        assertThat(file.get("size").asLong()).isGreaterThan(5L * 1024 * 1024);
    }

    @Test
    void overTheLimitOfItsKindNothingIsStored() {
        List<Path> before = filesOnDisk();
        long rows = readModelRows();
        byte[] picture = MediaSamples.png(64, 64);
        byte[] tooLargePicture = MediaSamples.concat(picture, new byte[(int) (MAX_IMAGE - picture.length + 1)]);

        ResponseEntity<String> response = uploadFrame(newUserUuid(), tooLargePicture, "png");

        assertThat(response.getStatusCode().value()).isEqualTo(413);
        JsonNode body = parse(response.getBody());
        assertThat(body.get("code").asString()).isEqualTo("file_too_large");
        assertThat(body.get("maxBytes").asLong()).isEqualTo(MAX_IMAGE);
        assertThat(body.get("detail").asString()).contains(String.valueOf(MAX_IMAGE));
        assertThat(filesOnDisk()).isEqualTo(before);
        assertThat(readModelRows()).isEqualTo(rows);
    }

    @Test
    void aDeclaredLengthOverTheLargestLimitIsRefusedBeforeAnythingIsRead() throws Exception {
        long rows = readModelRows();
        List<Path> before = filesOnDisk();
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String request = "POST /internal/v1/chat-files?source=frame HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "X-IM-User-Id: " + newUserUuid() + "\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: " + (MAX_VIDEO + 1) + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // no body is sent: the answer comes from the declared length alone
            String answer = readResponse(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(answer).contains("\"code\":\"file_too_large\"").contains("\"maxBytes\":" + MAX_VIDEO);
        }
        assertThat(filesOnDisk()).isEqualTo(before);
        assertThat(readModelRows()).isEqualTo(rows);
    }

    /** Reads one HTTP/1.1 response (Content-Length or chunked body) without waiting for the connection to close. */
    private static String readResponse(java.io.InputStream in) throws java.io.IOException {
        String headers = readLine(in, "\r\n\r\n");
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(headers);
        if (length.find()) {
            return headers + new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
        }
        StringBuilder body = new StringBuilder();
        while (true) {
            int size = Integer.parseInt(readLine(in, "\r\n").trim(), 16);
            if (size == 0) {
                return headers + body;
            }
            body.append(new String(in.readNBytes(size), StandardCharsets.UTF_8));
            readLine(in, "\r\n");
        }
    }

    private static String readLine(java.io.InputStream in, String end) throws java.io.IOException {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        while (!line.toString(StandardCharsets.US_ASCII).endsWith(end)) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void aChunkedBodyStopsAtTheLimitWhileStreaming() throws Exception {
        List<Path> before = filesOnDisk();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        byte[] chunk = new byte[1024 * 1024];
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/internal/v1/chat-files?source=frame"))
                .header("X-IM-User-Id", newUserUuid())
                .header("Content-Type", "application/octet-stream")
                // an iterable body has no length: sent chunked
                .POST(java.net.http.HttpRequest.BodyPublishers.fromPublisher(
                        java.net.http.HttpRequest.BodyPublishers.ofByteArrays(
                                java.util.Collections.nCopies(16, chunk))))
                .build();

        java.net.http.HttpResponse<String> response = http.send(request,
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(parse(response.body()).get("maxBytes").asLong()).isEqualTo(MAX_VIDEO);
        assertThat(filesOnDisk()).isEqualTo(before);
    }

    @Test
    void emptyFilesAndBadParametersAreRefused() {
        ResponseEntity<String> empty = uploadFrame(newUserUuid(), new byte[0], null);
        assertThat(empty.getStatusCode().value()).isEqualTo(400);
        assertThat(parse(empty.getBody()).get("code").asString()).isEqualTo("empty_file");

        for (String suffix : new String[]{"../png", "p.ng", "x".repeat(17), "pn g"}) {
            ResponseEntity<String> response = uploadFrame(newUserUuid(), MediaSamples.png(8, 8), suffix);
            assertThat(response.getStatusCode().value()).as(suffix).isEqualTo(400);
            assertThat(parse(response.getBody()).get("code").asString()).isEqualTo("bad_suffix");
        }
        ResponseEntity<String> source = client().post().uri("/internal/v1/chat-files?source=mail")
                .header("X-IM-User-Id", newUserUuid()).contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(new byte[]{1}).retrieve().toEntity(String.class);
        assertThat(source.getStatusCode().value()).isEqualTo(400);
        assertThat(parse(source.getBody()).get("code").asString()).isEqualTo("bad_source");
    }

    @Test
    void theSenderIsRequired() {
        ResponseEntity<String> response = client().post().uri("/internal/v1/chat-files")
                .contentType(MediaType.APPLICATION_OCTET_STREAM).body(MediaSamples.png(8, 8))
                .retrieve().toEntity(String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(401);
        assertThat(parse(response.getBody()).get("code").asString()).isEqualTo("unauthorized");
    }

    @Test
    void theStoredBytesAreCountedByKind() {
        byte[] png = MediaSamples.png(10, 10);
        double before = storedBytes("image");
        stored(png, null);
        assertThat(storedBytes("image") - before).isEqualTo(png.length);
        String metrics = client().get().uri("/actuator/prometheus").retrieve().body(String.class);
        assertThat(metrics).contains("im_media_stored_bytes_total{").contains("kind=\"chat\"").contains("type=\"image\"");
    }

    private double storedBytes(String type) {
        String body = client().get().uri("/actuator/metrics/im.media.stored.bytes?tag=kind:chat&tag=type:" + type)
                .retrieve().body(String.class);
        if (body == null || !body.contains("measurements")) {
            return 0;
        }
        return parse(body).get("measurements").get(0).get("value").asDouble();
    }
}
