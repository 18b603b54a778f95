package im.deploy;

import static im.deploy.StackClient.FRAME_TIMEOUT;
import static im.deploy.StackClient.QUIET;
import static im.deploy.StackClient.closeAll;
import static im.deploy.StackClient.enc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import im.deploy.StackClient.User;
import im.proto.Message;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Files, avatars, calls and screen sharing through the running stack, with the frames go-chat-web sends
 * (legacy-api.md §4.8): a picture, a pasted image as a data URL, a voice note, a 5 MB video note (downloaded with
 * range requests), an over-limit file refused with nothing stored, bad file names refused, an avatar upload, a call
 * set up between two sockets with every signalling frame relayed in order, a call to an offline contact, and screen
 * frames every 60 ms to a reader that does not read, with the gateway's live heap staying flat.
 */
@Order(7)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MediaE2EIT {

    private static final Pattern STORED_NAME = Pattern.compile("[0-9a-f-]{36}\\.[a-z0-9]{1,10}");

    private LocalStack stack;
    private StackClient client;
    private User maya;
    private User noah;
    private User olga;

    @BeforeAll
    void contacts() throws Exception {
        stack = LocalStack.get();
        client = new StackClient(stack);
        maya = client.registerAndLogIn("maya");
        noah = client.registerAndLogIn("noah");
        olga = client.registerAndLogIn("olga");
        client.post("/friend", Map.of("uuid", maya.uuid(), "friendUsername", noah.username()), maya).ok();
        client.post("/friend", Map.of("uuid", maya.uuid(), "friendUsername", olga.username()), maya).ok();
    }

    @Test
    @Order(1)
    void aPictureAndAPastedImageArriveAsStoredFilesAndDownload() throws Exception {
        byte[] png = png(64, 48);
        LegacySocket m = client.openWithToken(maya);
        LegacySocket n = client.openWithToken(noah);
        try {
            m.send(fileFrame(maya, noah, png, "png", "a picture"));
            Message picture = awaitFrame(n, frame -> frame.getContentType() == 3 && frame.getContent().equals("a picture"));
            assertThat(picture.getUrl()).matches(STORED_NAME).endsWith(".png");
            assertThat(picture.getFile().isEmpty()).as("file bytes never delivered").isTrue();

            // go-chat-web pastes without fileSuffix; the IM-SDK data-URL path (contentType 2) with the same bytes
            m.send(StackClient.text(maya, noah, "data:image/png;base64," + Base64.getEncoder().encodeToString(png))
                    .toBuilder().setContentType(2).build());
            Message pasted = awaitFrame(n, frame -> frame.getContentType() == 3 && frame.getContent().isEmpty());
            assertThat(pasted.getUrl()).matches(STORED_NAME);

            for (String url : List.of(picture.getUrl(), pasted.getUrl())) {
                HttpResponse<byte[]> download = get("/file/" + url, Map.of());
                assertThat(download.statusCode()).isEqualTo(200);
                assertThat(download.headers().firstValue("Content-Type")).hasValue("image/png");
                assertThat(download.body()).isEqualTo(png);
                assertThat(get("/file/" + url + "/thumbnail", Map.of()).statusCode()).isEqualTo(200);
            }
            // any other file: stored as a plain file (contentType 2), served as a download
            byte[] pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
            m.send(fileFrame(maya, noah, pdf, "pdf", ""));
            Message document = awaitFrame(n, frame -> frame.getContentType() == 2);
            assertThat(document.getUrl()).endsWith(".pdf");
            HttpResponse<byte[]> download = get("/file/" + document.getUrl(), Map.of());
            assertThat(download.body()).isEqualTo(pdf);
            assertThat(download.headers().firstValue("Content-Type")).hasValue("application/pdf");
            assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                    value -> assertThat(value).startsWith("attachment"));
            assertThat(download.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

            JsonNode history = client.get("/message?Uuid=" + enc(noah.uuid()) + "&InteractWith=" + enc(maya.uuid())
                    + "&MessageType=1", noah).ok();
            assertThat(StackClient.texts(history, "url")).contains(picture.getUrl(), pasted.getUrl());
        } finally {
            closeAll(m, n);
        }
    }

    @Test
    @Order(2)
    void aVoiceNoteAndA5MegabyteVideoNoteArriveAndTheVideoSeeksByRange() throws Exception {
        byte[] wav = wav();
        byte[] video = videoNote(5 * 1024 * 1024);
        LegacySocket m = client.openWithToken(maya);
        LegacySocket n = client.openWithToken(noah);
        try {
            m.send(fileFrame(maya, noah, wav, "wav", ""));
            Message voice = awaitFrame(n, frame -> frame.getContentType() == 4);
            assertThat(voice.getUrl()).endsWith(".wav");

            m.send(fileFrame(maya, noah, video, "webm", ""));
            Message note = awaitFrame(n, frame -> frame.getContentType() == 5);
            assertThat(note.getUrl()).endsWith(".webm");

            String path = "/file/" + note.getUrl();
            HttpResponse<byte[]> whole = get(path, Map.of());
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(whole.headers().firstValue("Content-Length")).hasValue(String.valueOf(video.length));
            assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");
            assertThat(whole.body()).isEqualTo(video);

            HttpResponse<byte[]> middle = get(path, Map.of("Range", "bytes=1000000-1000099"));
            assertThat(middle.statusCode()).isEqualTo(206);
            assertThat(middle.headers().firstValue("Content-Range"))
                    .hasValue("bytes 1000000-1000099/" + video.length);
            assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(video, 1_000_000, 1_000_100));
            HttpResponse<byte[]> tail = get(path, Map.of("Range", "bytes=-100"));
            assertThat(tail.statusCode()).isEqualTo(206);
            assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(video, video.length - 100, video.length));
            assertThat(get(path, Map.of("Range", "bytes=" + video.length + "-")).statusCode()).isEqualTo(416);
        } finally {
            closeAll(m, n);
        }
    }

    @Test
    @Order(3)
    void anOverLimitFileIsRefusedAndNothingIsStored() throws Exception {
        long filesBefore = storedFiles();
        byte[] tooLarge = new byte[15 * 1024 * 1024 + 512 * 1024]; // over the 15 MB file limit, under the 16 MB frame
        new Random(7).nextBytes(tooLarge);
        LegacySocket m = client.openWithToken(maya);
        LegacySocket n = client.openWithToken(noah);
        try {
            m.send(fileFrame(maya, noah, tooLarge, "bin", "").toBuilder().setClientMessageId("too-large").build());

            Message error = awaitFrame(m, frame -> frame.getType().equals("error"));
            StackClient.assertErrorFrame(error, maya, "file_too_large");
            assertThat(error.getClientMessageId()).isEqualTo("too-large");
            assertThat(n.drain(QUIET)).as("nothing delivered").isEmpty();
            assertThat(storedFiles()).as("nothing left in the media store").isEqualTo(filesBefore);
        } finally {
            closeAll(m, n);
        }
    }

    @Test
    @Order(4)
    void fileNamesThatAreNotStoredNamesAreRefused() throws Exception {
        for (String bad : List.of("/file/..%2F..%2Fetc%2Fpasswd", "/file/%2E%2E%2Fjwt-secret", "/file/passwd",
                "/file/..%5Cjwt-secret")) {
            assertThat(get(bad, Map.of()).statusCode()).as(bad).isEqualTo(400);
        }
        assertThat(get("/file/" + UUID.randomUUID() + ".png", Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(5)
    void anAvatarUploadChangesTheProfile() throws Exception {
        byte[] png = png(32, 32);
        String boundary = "e2e-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"uuid\"\r\n\r\n" + noah.uuid()
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"me.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(png);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> upload = client.http().send(HttpRequest.newBuilder(URI.create(client.base() + "/file"))
                .header("Authorization", "Bearer " + noah.token())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
        JsonNode answer = StackClient.JSON.readTree(upload.body());
        assertThat(answer.path("code").asInt()).as(upload.body()).isZero();
        String avatar = answer.path("data").asText();
        assertThat(avatar).matches(STORED_NAME);
        assertThat(client.get("/user/" + enc(noah.uuid()), noah).ok().path("avatar").asText()).isEqualTo(avatar);
        assertThat(get("/file/" + avatar, Map.of()).body()).isEqualTo(png);
    }

    @Test
    @Order(6)
    void aCallIsSetUpWithEverySignallingFrameRelayedInOrder() throws Exception {
        LegacySocket caller = client.openWithToken(maya);
        LegacySocket callee = client.openWithToken(noah);
        try {
            assertThat(client.get("/api/v1/calls/ice-servers", maya).json().has("iceServers")).isTrue();
            // as go-chat-web: dial, accept, offer, answer, ICE both ways, cancel
            List<Message> toCallee = List.of(
                    webrtc(maya, noah, 15, ""),
                    webrtc(maya, noah, 7, "{\"type\":\"offer\",\"sdp\":\"v=0 offer\"}"),
                    webrtc(maya, noah, 0, "{\"type\":\"offer_ice\",\"iceCandidate\":{\"candidate\":\"c1\"}}"),
                    webrtc(maya, noah, 0, "{\"type\":\"offer_ice\",\"iceCandidate\":{\"candidate\":\"c2\"}}"),
                    webrtc(maya, noah, 17, ""));
            List<Message> toCaller = List.of(
                    webrtc(noah, maya, 16, ""),
                    webrtc(noah, maya, 0, "{\"type\":\"answer\",\"sdp\":\"v=0 answer\"}"),
                    webrtc(noah, maya, 0, "{\"type\":\"answer_ice\",\"iceCandidate\":{\"candidate\":\"c3\"}}"));

            caller.send(toCallee.get(0));
            assertRelayed(callee, toCallee.get(0), maya);
            callee.send(toCaller.get(0));
            assertRelayed(caller, toCaller.get(0), noah);
            caller.send(toCallee.get(1));
            assertRelayed(callee, toCallee.get(1), maya);
            callee.send(toCaller.get(1));
            assertRelayed(caller, toCaller.get(1), noah);
            caller.send(toCallee.get(2));
            caller.send(toCallee.get(3));
            callee.send(toCaller.get(2));
            assertRelayed(callee, toCallee.get(2), maya);
            assertRelayed(callee, toCallee.get(3), maya);
            assertRelayed(caller, toCaller.get(2), noah);
            caller.send(toCallee.get(4));
            assertRelayed(callee, toCallee.get(4), maya);
            assertThat(client.get("/message?Uuid=" + enc(noah.uuid()) + "&InteractWith=" + enc(maya.uuid())
                    + "&MessageType=1", noah).ok().toString()).as("never stored").doesNotContain("v=0 offer");
        } finally {
            closeAll(caller, callee);
        }
    }

    @Test
    @Order(7)
    void callingAnOfflineContactAnswersNotReachable() throws Exception {
        LegacySocket caller = client.openWithToken(maya);
        try {
            caller.send(webrtc(maya, olga, 15, "").toBuilder().setClientMessageId("dial-olga").build());

            Message error = awaitFrame(caller, frame -> frame.getType().equals("error"));
            StackClient.assertErrorFrame(error, maya, "not_reachable");
        } finally {
            closeAll(caller);
        }
    }

    @Test
    @Order(8)
    void screenFramesEvery60MsToAReaderThatDoesNotReadKeepTheGatewayHeapFlat() throws Exception {
        long gateway = stack.pidOf("gateway-service");
        LegacySocket sharer = client.openWithToken(maya);
        LegacySocket slow = client.openWithToken(noah);
        try {
            long heapBefore = liveHeapBytes(gateway);
            slow.pauseReading();
            String jpeg = "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(randomBytes(120 * 1024));
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int sent = 0;
            while (System.nanoTime() < end) {
                sharer.send(Message.newBuilder().setFrom(maya.uuid()).setTo(noah.uuid()).setMessageType(1)
                        .setContentType(9).setContent(jpeg).build());
                sent++;
                Thread.sleep(60);
            }
            long heapAfter = liveHeapBytes(gateway);
            System.out.printf("[screen-share] %d frames of %d KiB at 60 ms to a paused reader for 10 s: gateway live "
                    + "heap %d -> %d MiB%n", sent, jpeg.length() / 1024, heapBefore >> 20, heapAfter >> 20);
            // buffering every frame would hold sent * 160 KiB (about 25 MiB) more
            assertThat(heapAfter - heapBefore).as("live heap growth").isLessThan(8L * 1024 * 1024);
            assertThat(sharer.drain(Duration.ofMillis(200))).as("the sharer is not told off")
                    .noneMatch(frame -> frame.getType().equals("error"));

            sharer.send(StackClient.text(maya, noah, "after the screen share"));
            slow.resumeReading();
            Message chat = awaitFrame(slow, frame -> frame.getContentType() == 1);
            assertThat(chat.getContent()).as("chat still delivered to the slow reader").isEqualTo("after the screen share");
            assertThat(slow.closeCode().isDone()).as("the slow reader's socket stays open").isFalse();
        } finally {
            closeAll(sharer, slow);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static Message fileFrame(User from, User to, byte[] bytes, String suffix, String caption) {
        return StackClient.text(from, to, caption).toBuilder().setContentType(3).setFile(ByteString.copyFrom(bytes))
                .setFileSuffix(suffix).build();
    }

    private static Message webrtc(User from, User to, int contentType, String content) {
        return Message.newBuilder().setFrom(from.uuid()).setFromUsername(from.username()).setTo(to.uuid())
                .setMessageType(1).setType("webrtc").setContentType(contentType).setContent(content).build();
    }

    private static void assertRelayed(LegacySocket socket, Message sent, User sender) throws InterruptedException {
        Message relayed = socket.next(FRAME_TIMEOUT);
        assertThat(relayed).as("relayed contentType " + sent.getContentType()).isNotNull();
        assertThat(relayed.getType()).isEqualTo("webrtc");
        assertThat(relayed.getContentType()).isEqualTo(sent.getContentType());
        assertThat(relayed.getContent()).isEqualTo(sent.getContent());
        assertThat(relayed.getFrom()).isEqualTo(sender.uuid());
        assertThat(relayed.getFromUsername()).isEqualTo(sender.username());
    }

    private HttpResponse<byte[]> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(client.base() + path)).GET()
                .timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        return client.http().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private long storedFiles() throws Exception {
        Path media = stack.dataDirectory().resolve("media");
        if (!Files.isDirectory(media)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(media)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    /** The gateway's used heap right after a full GC (jcmd), i.e. what it really holds. */
    private static long liveHeapBytes(long pid) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        run(jcmd.toString(), String.valueOf(pid), "GC.run");
        String info = run(jcmd.toString(), String.valueOf(pid), "GC.heap_info");
        long total = 0;
        for (String line : info.split("\n")) {
            // serial: "def new generation ... used NK", "tenured generation ... used NK"; G1: "garbage-first heap"
            Matcher used = Pattern.compile("used (\\d+)K").matcher(line);
            if ((line.contains("generation") || line.contains("heap")) && used.find()) {
                total += Long.parseLong(used.group(1)) * 1024;
            }
        }
        assertThat(total).as("jcmd GC.heap_info: " + info).isPositive();
        return total;
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }

    private static Message awaitFrame(LegacySocket socket, Predicate<Message> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + FRAME_TIMEOUT.toNanos();
        List<Message> skipped = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            Message frame = socket.next(Duration.ofMillis(200));
            if (frame != null) {
                if (wanted.test(frame)) {
                    return frame;
                }
                skipped.add(frame);
            }
        }
        throw new AssertionError("no matching frame within " + FRAME_TIMEOUT + "; got " + skipped);
    }

    private static byte[] png(int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | 0x40);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static byte[] wav() throws Exception {
        AudioFormat format = new AudioFormat(8000, 16, 1, true, false);
        byte[] samples = new byte[16000]; // one second of silence
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(samples), format, samples.length / 2),
                AudioFileFormat.Type.WAVE, out);
        return out.toByteArray();
    }

    /** A real MediaRecorder-style WebM recording (media-service's test sample) padded to {@code size} bytes. */
    private static byte[] videoNote(int size) throws Exception {
        byte[] recording = Files.readAllBytes(Path.of("..", "media-service", "src", "test", "resources", "samples",
                "video-note-live.webm"));
        byte[] note = Arrays.copyOf(recording, size);
        byte[] padding = randomBytes(size - recording.length);
        System.arraycopy(padding, 0, note, recording.length, padding.length);
        return note;
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
