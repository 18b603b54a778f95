package im.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import im.proto.Message;
import org.junit.jupiter.api.Test;

class FrameRulesTest {

    private static final String ME = "[usr]me";
    private final FrameRules rules = new FrameRules(10);

    private static Message.Builder text(String to, String content) {
        return Message.newBuilder().setTo(to).setMessageType(1).setContentType(1).setContent(content);
    }

    @Test
    void heatbeatIsAnsweredWithTheSameSpelling() {
        FrameRules.Verdict verdict = rules.evaluate(Message.newBuilder().setType("heatbeat").setContent("ping").build(),
                ME, "me");
        assertThat(verdict).isEqualTo(new FrameRules.Reply(
                Message.newBuilder().setType("heatbeat").setContent("pong").build()));
    }

    @Test
    void heartbeatIsAnsweredWithTheSameSpellingEvenWhenItClaimsAnotherSender() {
        FrameRules.Verdict verdict = rules.evaluate(Message.newBuilder().setType("heartbeat").setFrom("[usr]x").build(),
                ME, "me");
        assertThat(verdict).isInstanceOf(FrameRules.Reply.class);
        assertThat(((FrameRules.Reply) verdict).frame().getType()).isEqualTo("heartbeat");
    }

    @Test
    void anotherSenderIsRefused() {
        assertThat(rules.evaluate(text("[usr]you", "hi").setFrom("[usr]victim").build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.SPOOFED_SENDER));
    }

    @Test
    void unknownMessageTypeIsRefused() {
        assertThat(rules.evaluate(text("[usr]you", "hi").setMessageType(3).build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.UNKNOWN_MESSAGE_TYPE));
        assertThat(rules.evaluate(text("[usr]you", "hi").setMessageType(0).build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.UNKNOWN_MESSAGE_TYPE));
    }

    @Test
    void emptyRecipientIsRefused() {
        assertThat(rules.evaluate(text("", "hi").build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.MISSING_RECIPIENT));
    }

    @Test
    void textLongerThanTheLimitIsRefusedCountingCodePoints() {
        assertThat(rules.evaluate(text("[usr]you", "12345678901").build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.TEXT_TOO_LONG));
        String tenEmoji = "\uD83D\uDE00".repeat(10); // 20 UTF-16 chars, 10 code points
        assertThat(rules.evaluate(text("[usr]you", tenEmoji).build(), ME, "me"))
                .isInstanceOf(FrameRules.Forward.class);
    }

    @Test
    void nonTextContentIsNotSupportedYet() {
        assertThat(rules.evaluate(text("[usr]you", "").setContentType(3).build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.UNSUPPORTED_CONTENT_TYPE));
        assertThat(rules.evaluate(text("[usr]you", "{}").setContentType(0).setType("webrtc").build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.UNSUPPORTED_CONTENT_TYPE));
    }

    @Test
    void acceptedTextIsStampedAndServerFieldsAreCleared() {
        Message sent = text("[usr]you", "hi")
                .setFrom(ME).setFromUsername("someone-else").setAvatar("x.png").setUrl("../../etc/passwd")
                .setMessageId("m").setSeq(7).setServerTime(9).setInboxSeq(3).setErrorCode("e")
                .setFile(ByteString.copyFromUtf8("bytes")).setFileSuffix("exe").setClientMessageId("c-1")
                .build();
        FrameRules.Verdict verdict = rules.evaluate(sent, ME, "me");
        assertThat(verdict).isEqualTo(new FrameRules.Forward(Message.newBuilder()
                .setFrom(ME).setFromUsername("me").setTo("[usr]you").setMessageType(1).setContentType(1)
                .setContent("hi").setClientMessageId("c-1").build(), "[usr]me|[usr]you"));
    }

    @Test
    void anEmptyFromIsStampedWithTheAuthenticatedUser() {
        FrameRules.Forward forward = (FrameRules.Forward) rules.evaluate(text("[usr]a", "hi").build(), ME, "me");
        assertThat(forward.frame().getFrom()).isEqualTo(ME);
        assertThat(forward.conversationKey()).isEqualTo("[usr]a|[usr]me");
    }

    @Test
    void groupFramesAreKeyedByTheGroup() {
        FrameRules.Forward forward = (FrameRules.Forward) rules.evaluate(
                text("[grp]team", "hi").setMessageType(2).build(), ME, "me");
        assertThat(forward.conversationKey()).isEqualTo("[grp]team");
    }
}
