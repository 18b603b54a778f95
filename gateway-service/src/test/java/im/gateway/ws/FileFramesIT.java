package im.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import im.gateway.support.GatewayITSupport;
import im.gateway.support.StandInServices;
import im.gateway.support.TestSocket;
import im.gateway.support.TopicTail;
import im.proto.Message;
import im.proto.frames.InboundFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Files in socket frames: handed to media-service (its stand-in) before the frame goes to Kafka. */
class FileFramesIT extends GatewayITSupport {

    private static String newUser() {
        return "[usr]" + UUID.randomUUID();
    }

    private TestSocket connect(String user) {
        TestSocket socket = TestSocket.open(port, user, tokenFor(user, "name-" + user.substring(5, 13)));
        assertThat(socket.next().getContent()).isEqualTo("welcome!");
        return socket;
    }

    private static InboundFrame inbound(ConsumerRecord<String, byte[]> record) {
        try {
            return InboundFrame.parseFrom(record.value());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<StandInServices.ChatFileRequest> uploadsOf(String user) {
        return StandInServices.chatFileRequests.stream().filter(request -> request.userId().equals(user)).toList();
    }

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    @Test
    void aPictureIsStoredByMediaServiceAndForwardedWithItsNameInsteadOfItsBytes() {
        String me = newUser();
        String you = newUser();
        byte[] png = bytes(200_000);
        try (TestSocket socket = connect(me);
             TopicTail inboundTopic = new TopicTail(kafkaBootstrap(), topics.framesInbound())) {
            socket.send(Message.newBuilder().setTo(you).setMessageType(1).setContentType(3).setContent("look at this")
                    .setFileSuffix("png").setFile(ByteString.copyFrom(png)).setUrl("../../etc/passwd")
                    .setClientMessageId("pic-1").build());
            InboundFrame forwarded = inbound(inboundTopic.first(record -> inbound(record).getSenderUuid().equals(me)));
            StandInServices.ChatFileRequest upload = uploadsOf(me).get(0);
            assertThat(upload.uri()).isEqualTo("/internal/v1/chat-files?source=frame&suffix=png");
            assertThat(upload.contentType()).isEqualTo("application/octet-stream");
            assertThat(upload.body()).isEqualTo(png);
            Message frame = forwarded.getFrame();
            assertThat(frame.getUrl()).matches("[0-9a-f-]{36}\\.png");
            assertThat(frame.getContentType()).isEqualTo(3);
            assertThat(frame.getFile().isEmpty()).as("no file bytes through Kafka").isTrue();
            assertThat(frame.getContent()).as("the caption").isEqualTo("look at this");
            assertThat(frame.getFileSuffix()).isEqualTo("png");
            assertThat(frame.getFrom()).isEqualTo(me);
            assertThat(frame.getClientMessageId()).isEqualTo("pic-1");
        }
    }

    @Test
    void aFiveMegabyteVideoNotePassesAndIsReclassifiedByMediaService() {
        String me = newUser();
        byte[] webm = bytes(5 * 1024 * 1024);
        try (TestSocket socket = connect(me);
             TopicTail inboundTopic = new TopicTail(kafkaBootstrap(), topics.framesInbound())) {
            socket.send(Message.newBuilder().setTo(newUser()).setMessageType(1).setContentType(3)
                    .setFileSuffix("webm").setFile(ByteString.copyFrom(webm)).build());
            InboundFrame forwarded = inbound(inboundTopic.first(record -> inbound(record).getSenderUuid().equals(me)));
            assertThat(forwarded.getFrame().getContentType()).isEqualTo(5);
            assertThat(forwarded.getFrame().getUrl()).endsWith(".webm");
            assertThat(uploadsOf(me)).singleElement().satisfies(upload -> assertThat(upload.body()).isEqualTo(webm));
            assertThat(socket.isOpen()).isTrue();
        }
    }

    @Test
    void aPastedDataUrlIsStoredAndItsContentIsNotForwarded() {
        String me = newUser();
        String dataUrl = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk";
        try (TestSocket socket = connect(me);
             TopicTail inboundTopic = new TopicTail(kafkaBootstrap(), topics.framesInbound())) {
            socket.send(Message.newBuilder().setTo(newUser()).setMessageType(1).setContentType(2).setContent(dataUrl)
                    .build());
            InboundFrame forwarded = inbound(inboundTopic.first(record -> inbound(record).getSenderUuid().equals(me)));
            StandInServices.ChatFileRequest upload = uploadsOf(me).get(0);
            assertThat(upload.uri()).isEqualTo("/internal/v1/chat-files?source=data-url");
            assertThat(upload.contentType()).startsWith("text/plain");
            assertThat(new String(upload.body(), StandardCharsets.UTF_8)).isEqualTo(dataUrl);
            assertThat(forwarded.getFrame().getContent()).isEmpty();
            assertThat(forwarded.getFrame().getContentType()).isEqualTo(3);
            assertThat(forwarded.getFrame().getUrl()).endsWith(".png");
        }
    }

    @Test
    void aFileMediaServiceRefusesIsAnsweredAndNothingIsForwarded() throws Exception {
        String me = newUser();
        try (TestSocket socket = connect(me);
             TopicTail inboundTopic = new TopicTail(kafkaBootstrap(), topics.framesInbound())) {
            Message picture = Message.newBuilder().setTo(newUser()).setMessageType(1).setContentType(3)
                    .setFile(ByteString.copyFrom(bytes(1000))).build();
            StandInServices.chatFileAnswers.put(me, new StandInServices.ChatFileAnswer(413,
                    "{\"code\":\"file_too_large\",\"detail\":\"pictures are at most 10 MB\",\"maxBytes\":10}"));
            socket.send(picture.toBuilder().setClientMessageId("big").build());
            Message tooLarge = socket.next();
            assertThat(tooLarge.getFrom()).isEqualTo("system");
            assertThat(tooLarge.getType()).isEqualTo("error");
            assertThat(tooLarge.getErrorCode()).isEqualTo("file_too_large");
            assertThat(tooLarge.getContent()).isEqualTo("pictures are at most 10 MB");
            assertThat(tooLarge.getClientMessageId()).isEqualTo("big");
            StandInServices.chatFileAnswers.put(me, new StandInServices.ChatFileAnswer(400,
                    "{\"code\":\"empty_file\",\"detail\":\"the file is empty\"}"));
            socket.send(picture.toBuilder().setClientMessageId("empty").build());
            assertThat(socket.next().getErrorCode()).isEqualTo("bad_file");
            StandInServices.chatFileAnswers.put(me, new StandInServices.ChatFileAnswer(503, "{}"));
            socket.send(picture.toBuilder().setClientMessageId("down").build());
            Message unavailable = socket.next();
            assertThat(unavailable.getErrorCode()).isEqualTo("unavailable");
            assertThat(unavailable.getClientMessageId()).isEqualTo("down");
            assertThat(inboundTopic.all(Duration.ofMillis(500)))
                    .noneMatch(record -> inbound(record).getSenderUuid().equals(me));
            assertThat(uploadsOf(me)).hasSize(3);
        } finally {
            StandInServices.chatFileAnswers.remove(me);
        }
    }

    @Test
    void theNextFrameOfTheSocketWaitsForTheUpload() {
        String me = newUser();
        String you = newUser();
        StandInServices.chatFileDelay.put(me, Duration.ofMillis(700));
        try (TestSocket socket = connect(me);
             TopicTail inboundTopic = new TopicTail(kafkaBootstrap(), topics.framesInbound())) {
            socket.send(Message.newBuilder().setTo(you).setMessageType(1).setContentType(3)
                    .setFile(ByteString.copyFrom(bytes(10))).setClientMessageId("first").build());
            socket.send(Message.newBuilder().setTo(you).setMessageType(1).setContentType(1).setContent("second")
                    .setClientMessageId("second").build());
            List<String> order = inboundTopic.all(Duration.ofSeconds(2)).stream()
                    .map(FileFramesIT::inbound).filter(frame -> frame.getSenderUuid().equals(me))
                    .map(frame -> frame.getFrame().getClientMessageId()).toList();
            assertThat(order).containsExactly("first", "second");
        } finally {
            StandInServices.chatFileDelay.remove(me);
        }
    }

    @Test
    void audioAndVideoCodesAreTheServersAndABadSuffixIsRefusedBeforeAnyUpload() {
        String me = newUser();
        try (TestSocket socket = connect(me)) {
            socket.send(Message.newBuilder().setTo(newUser()).setMessageType(1).setContentType(4)
                    .setFile(ByteString.copyFrom(bytes(10))).build());
            assertThat(socket.next().getErrorCode()).isEqualTo("unsupported_content_type");
            socket.send(Message.newBuilder().setTo(newUser()).setMessageType(1).setContentType(3)
                    .setFileSuffix("../../x").setFile(ByteString.copyFrom(bytes(10))).build());
            assertThat(socket.next().getErrorCode()).isEqualTo("bad_file");
            socket.send(Message.newBuilder().setTo(newUser()).setMessageType(1).setContentType(2)
                    .setContent("no data url").build());
            assertThat(socket.next().getErrorCode()).isEqualTo("bad_file");
            assertThat(uploadsOf(me)).isEmpty();
        }
    }

    @Test
    void whenTheUploadsInFlightHaveNoRoomAFileIsAnsweredUnavailableAtOnce() {
        String slow = newUser();
        String other = newUser();
        // under the ITs' idle timeout (2 s): a socket whose frame is being handled reads nothing, not even pongs
        StandInServices.chatFileDelay.put(slow, Duration.ofMillis(1500));
        byte[] video = bytes(5 * 1024 * 1024);
        try (TestSocket first = connect(slow); TestSocket second = connect(other);
             TopicTail inboundTopic = new TopicTail(kafkaBootstrap(), topics.framesInbound())) {
            first.send(Message.newBuilder().setTo(newUser()).setMessageType(1).setContentType(3).setFileSuffix("webm")
                    .setFile(ByteString.copyFrom(video)).setClientMessageId("slow").build());
            await().atMost(Duration.ofSeconds(10)).until(() -> uploadsOf(slow).size() == 1);
            long started = System.nanoTime();
            second.send(Message.newBuilder().setTo(newUser()).setMessageType(1).setContentType(3).setFileSuffix("webm")
                    .setFile(ByteString.copyFrom(video)).setClientMessageId("no-room").build());
            Message refused = second.next();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("at once, not after the slow one")
                    .isLessThan(Duration.ofMillis(1000));
            assertThat(refused.getErrorCode()).isEqualTo("unavailable");
            assertThat(refused.getClientMessageId()).isEqualTo("no-room");
            assertThat(uploadsOf(other)).as("8 MB in flight at most: 5 + 5 do not fit").isEmpty();
            InboundFrame stored = inbound(inboundTopic.first(record -> inbound(record).getSenderUuid().equals(slow)));
            assertThat(stored.getFrame().getClientMessageId()).isEqualTo("slow");
            second.send(Message.newBuilder().setTo(newUser()).setMessageType(1).setContentType(3).setFileSuffix("webm")
                    .setFile(ByteString.copyFrom(video)).setClientMessageId("again").build());
            InboundFrame again = inbound(inboundTopic.first(record -> inbound(record).getSenderUuid().equals(other)));
            assertThat(again.getFrame().getClientMessageId()).as("room again once the first was stored")
                    .isEqualTo("again");
        } finally {
            StandInServices.chatFileDelay.remove(slow);
        }
    }
}
