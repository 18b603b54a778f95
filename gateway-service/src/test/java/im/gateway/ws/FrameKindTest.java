package im.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import im.proto.Message;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameKindTest {

    private static Message typed(String type, int contentType) {
        return Message.newBuilder().setType(type).setContentType(contentType).build();
    }

    @Test
    void aTypeDecidesBeforeTheContentType() {
        assertThat(FrameKind.ofInbound(typed("heatbeat", 9))).isEqualTo(FrameKind.HEARTBEAT);
        assertThat(FrameKind.ofInbound(typed("heartbeat", 1))).isEqualTo(FrameKind.HEARTBEAT);
        assertThat(FrameKind.ofInbound(typed("ack", 0))).isEqualTo(FrameKind.ACK);
        assertThat(FrameKind.ofInbound(typed("read", 9))).isEqualTo(FrameKind.READ);
        assertThat(FrameKind.ofInbound(typed("typing", 1))).isEqualTo(FrameKind.TYPING);
        assertThat(FrameKind.ofInbound(typed("webrtc", 9))).isEqualTo(FrameKind.CALL);
        assertThat(FrameKind.ofInbound(typed("webrtc", 11))).isEqualTo(FrameKind.CALL);
        assertThat(FrameKind.ofOutbound(SystemFrames.error("[usr]me", FrameError.BAD_FRAME, "")))
                .isEqualTo(FrameKind.ERROR);
        assertThat(FrameKind.ofOutbound(typed("edit", 1))).isEqualTo(FrameKind.EDIT);
        assertThat(FrameKind.ofOutbound(typed("delete", 1))).isEqualTo(FrameKind.DELETE);
        assertThat(FrameKind.ofOutbound(typed("hide", 1))).isEqualTo(FrameKind.HIDE);
    }

    @Test
    void messagesByContentTypeFilesByWhatTheyAreOnlyOnceStored() {
        assertThat(FrameKind.ofInbound(typed("", 1))).isEqualTo(FrameKind.TEXT);
        assertThat(FrameKind.ofInbound(typed("", 2))).as("a data URL, any kind").isEqualTo(FrameKind.FILE);
        assertThat(FrameKind.ofInbound(typed("", 3))).as("bytes, any kind").isEqualTo(FrameKind.FILE);
        assertThat(FrameKind.ofInbound(typed("", 9))).isEqualTo(FrameKind.SCREEN);
        assertThat(FrameKind.ofInbound(typed("anything", 8))).isEqualTo(FrameKind.SCREEN);
        assertThat(FrameKind.ofOutbound(typed("", 1))).isEqualTo(FrameKind.TEXT);
        assertThat(FrameKind.ofOutbound(typed("", 2))).isEqualTo(FrameKind.FILE);
        assertThat(FrameKind.ofOutbound(typed("", 3))).isEqualTo(FrameKind.PICTURE);
        assertThat(FrameKind.ofOutbound(typed("", 4))).isEqualTo(FrameKind.AUDIO);
        assertThat(FrameKind.ofOutbound(typed("", 5))).isEqualTo(FrameKind.VIDEO);
        assertThat(FrameKind.ofOutbound(SystemFrames.welcome("[usr]me"))).isEqualTo(FrameKind.SYSTEM);
        assertThat(FrameKind.ofOutbound(SystemFrames.pong("heatbeat"))).isEqualTo(FrameKind.HEARTBEAT);
    }

    @Test
    void anythingElseIsOtherSoTheTagStaysBounded() {
        assertThat(FrameKind.ofInbound(null)).isEqualTo(FrameKind.OTHER);
        assertThat(FrameKind.ofInbound(typed("", 4))).isEqualTo(FrameKind.OTHER);
        assertThat(FrameKind.ofInbound(typed("", 0))).isEqualTo(FrameKind.OTHER);
        assertThat(FrameKind.ofInbound(typed("x".repeat(30), 1))).isEqualTo(FrameKind.OTHER);
        assertThat(FrameKind.ofInbound(typed("", 12345))).isEqualTo(FrameKind.OTHER);
        assertThat(Arrays.stream(FrameKind.values()).map(FrameKind::tag)).containsExactly("text", "picture", "file",
                "audio", "video", "call", "screen", "heartbeat", "ack", "read", "typing", "edit", "delete", "hide",
                "error", "system", "other");
    }
}
