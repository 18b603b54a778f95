package im.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import im.proto.Message;
import org.junit.jupiter.api.Test;

class FrameRulesTest {

    private static final String ME = "[usr]me";
    private static final String YOU = "[usr]0b5e3f3a-7c1d-4e2f-9a8b-1c2d3e4f5a6b";
    private static final String TEAM = "[grp]5f0c9e1a-2b3c-4d5e-8f9a-0b1c2d3e4f5a";
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
        assertThat(rules.evaluate(text(YOU, "hi").setFrom("[usr]victim").build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.SPOOFED_SENDER));
    }

    @Test
    void unknownMessageTypeIsRefused() {
        assertThat(rules.evaluate(text(YOU, "hi").setMessageType(3).build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.UNKNOWN_MESSAGE_TYPE));
        assertThat(rules.evaluate(text(YOU, "hi").setMessageType(0).build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.UNKNOWN_MESSAGE_TYPE));
    }

    @Test
    void emptyRecipientIsRefused() {
        assertThat(rules.evaluate(text("", "hi").build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.MISSING_RECIPIENT));
    }

    @Test
    void textLongerThanTheLimitIsRefusedCountingCodePoints() {
        assertThat(rules.evaluate(text(YOU, "12345678901").build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.TEXT_TOO_LONG));
        String tenEmoji = "\uD83D\uDE00".repeat(10); // 20 UTF-16 chars, 10 code points
        assertThat(rules.evaluate(text(YOU, tenEmoji).build(), ME, "me"))
                .isInstanceOf(FrameRules.Forward.class);
    }

    @Test
    void nonTextContentIsNotSupportedYet() {
        assertThat(rules.evaluate(text(YOU, "").setContentType(3).build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.UNSUPPORTED_CONTENT_TYPE));
        assertThat(rules.evaluate(text(YOU, "{}").setContentType(0).setType("webrtc").build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.UNSUPPORTED_CONTENT_TYPE));
    }

    @Test
    void acceptedTextIsStampedAndServerFieldsAreCleared() {
        Message sent = text(YOU, "hi")
                .setFrom(ME).setFromUsername("someone-else").setAvatar("x.png").setUrl("../../etc/passwd")
                .setMessageId("m").setSeq(7).setServerTime(9).setInboxSeq(3).setErrorCode("e")
                .setFile(ByteString.copyFromUtf8("bytes")).setFileSuffix("exe").setClientMessageId("c-1")
                .build();
        FrameRules.Verdict verdict = rules.evaluate(sent, ME, "me");
        assertThat(verdict).isEqualTo(new FrameRules.Forward(Message.newBuilder()
                .setFrom(ME).setFromUsername("me").setTo(YOU).setMessageType(1).setContentType(1)
                .setContent("hi").setClientMessageId("c-1").build(), YOU + "|" + ME));
    }

    @Test
    void anEmptyFromIsStampedWithTheAuthenticatedUser() {
        FrameRules.Forward forward = (FrameRules.Forward) rules.evaluate(text(YOU, "hi").build(), ME, "me");
        assertThat(forward.frame().getFrom()).isEqualTo(ME);
        assertThat(forward.conversationKey()).isEqualTo(YOU + "|" + ME);
    }

    @Test
    void groupFramesAreKeyedByTheGroup() {
        FrameRules.Forward forward = (FrameRules.Forward) rules.evaluate(
                text(TEAM, "hi").setMessageType(2).build(), ME, "me");
        assertThat(forward.conversationKey()).isEqualTo(TEAM);
    }

    @Test
    void aRecipientMustLookLikeAnId() {
        String uuid = "0b5e3f3a-7c1d-4e2f-9a8b-1c2d3e4f5a6b";
        assertThat(rules.evaluate(text(uuid, "hi").build(), ME, "me")).isInstanceOf(FrameRules.Forward.class);
        assertThat(rules.evaluate(text(uuid.toUpperCase(), "hi").build(), ME, "me"))
                .isInstanceOf(FrameRules.Forward.class);
        assertThat(rules.evaluate(text(TEAM, "hi").setMessageType(2).build(), ME, "me"))
                .isInstanceOf(FrameRules.Forward.class);
        for (String to : new String[]{"[usr]you", "[usr]" + uuid + "x", "[adm]" + uuid, "[usr] " + uuid,
                uuid + "\u0000", "[usr]" + uuid.replace("-", ""), "x".repeat(101)}) {
            assertThat(rules.evaluate(text(to, "hi").build(), ME, "me")).as(to)
                    .isEqualTo(new FrameRules.Refuse(FrameError.BAD_RECIPIENT));
        }
    }

    @Test
    void aClientMessageIdIsAtMost128CharactersWithoutControlCharacters() {
        assertThat(rules.evaluate(text(YOU, "hi").setClientMessageId("c".repeat(128)).build(), ME, "me"))
                .isInstanceOf(FrameRules.Forward.class);
        assertThat(rules.evaluate(text(YOU, "hi").setClientMessageId("c".repeat(129)).build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.INVALID_CLIENT_MESSAGE_ID));
        assertThat(rules.evaluate(text(YOU, "hi").setClientMessageId("c\u0000").build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.INVALID_CLIENT_MESSAGE_ID));
    }

    @Test
    void aTypeIsAtMost32CharactersWithoutControlCharacters() {
        assertThat(rules.evaluate(text(YOU, "hi").setType("t".repeat(32)).build(), ME, "me"))
                .isInstanceOf(FrameRules.Forward.class);
        assertThat(rules.evaluate(text(YOU, "hi").setType("t".repeat(33)).build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.INVALID_TYPE));
        assertThat(rules.evaluate(text(YOU, "hi").setType("t\u0001").build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.INVALID_TYPE));
    }

    @Test
    void textMayNotContainControlCharactersButTabsAndLineBreaks() {
        assertThat(rules.evaluate(text(YOU, "a\tb\r\nc").build(), ME, "me")).isInstanceOf(FrameRules.Forward.class);
        for (String content : new String[]{"nul\u0000", "bell\u0007", "esc\u001b[31m", "\u001f"}) {
            assertThat(rules.evaluate(text(YOU, content).build(), ME, "me")).as(content)
                    .isEqualTo(new FrameRules.Refuse(FrameError.INVALID_TEXT));
        }
    }

    @Test
    void anAckFrameIsHandledByTheGatewayAndNeedsAPositiveInboxSeq() {
        assertThat(rules.evaluate(Message.newBuilder().setType("ack").setInboxSeq(12).build(), ME, "me"))
                .isEqualTo(new FrameRules.Acknowledge(12));
        assertThat(rules.evaluate(Message.newBuilder().setType("ack").setInboxSeq(3).setTo(YOU).setMessageType(1)
                .setContent("ignored").build(), ME, "me")).isEqualTo(new FrameRules.Acknowledge(3));
        assertThat(rules.evaluate(Message.newBuilder().setType("ack").build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.BAD_FRAME));
        assertThat(rules.evaluate(Message.newBuilder().setType("ack").setInboxSeq(-5).build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.BAD_FRAME));
    }

    @Test
    void aReadFrameIsForwardedWithItsSeqOnlyWhateverItsContentType() {
        Message sent = Message.newBuilder().setType("read").setTo(YOU).setMessageType(1).setSeq(7)
                .setContentType(3).setContent("not sent on").setUrl("x.png").setFileSuffix("exe")
                .setFile(ByteString.copyFromUtf8("bytes")).setAvatar("a.png").setFromUsername("someone")
                .setMessageId("m").setServerTime(9).setInboxSeq(3).setErrorCode("e").setClientMessageId("r-1")
                .build();
        assertThat(rules.evaluate(sent, ME, "me")).isEqualTo(new FrameRules.Forward(Message.newBuilder()
                .setFrom(ME).setFromUsername("me").setTo(YOU).setMessageType(1).setType("read").setSeq(7)
                .setClientMessageId("r-1").build(), YOU + "|" + ME));
        FrameRules.Forward group = (FrameRules.Forward) rules.evaluate(Message.newBuilder().setType("read")
                .setTo(TEAM).setMessageType(2).setSeq(1).build(), ME, "me");
        assertThat(group.conversationKey()).isEqualTo(TEAM);
        assertThat(group.frame().getSeq()).isEqualTo(1);
    }

    @Test
    void aReadFrameNeedsAPositiveSeqAndAConversation() {
        Message.Builder read = Message.newBuilder().setType("read").setTo(YOU).setMessageType(1);
        assertThat(rules.evaluate(read.build(), ME, "me")).isEqualTo(new FrameRules.Refuse(FrameError.INVALID_SEQ));
        assertThat(rules.evaluate(read.setSeq(-1).build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.INVALID_SEQ));
        assertThat(rules.evaluate(read.setSeq(1).setMessageType(3).build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.UNKNOWN_MESSAGE_TYPE));
        assertThat(rules.evaluate(read.setMessageType(1).setTo("").build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.MISSING_RECIPIENT));
        assertThat(rules.evaluate(read.setTo("[usr]you").build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.BAD_RECIPIENT));
        assertThat(rules.evaluate(read.setTo(YOU).setFrom("[usr]victim").build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.SPOOFED_SENDER));
    }

    @Test
    void aTypingFrameIsForwardedWithoutContent() {
        Message sent = Message.newBuilder().setType("typing").setTo(YOU).setMessageType(1).setContentType(0)
                .setContent("draft text").setSeq(4).setUrl("x").build();
        assertThat(rules.evaluate(sent, ME, "me")).isEqualTo(new FrameRules.Forward(Message.newBuilder()
                .setFrom(ME).setFromUsername("me").setTo(YOU).setMessageType(1).setType("typing").build(),
                YOU + "|" + ME));
        assertThat(rules.evaluate(Message.newBuilder().setType("typing").setTo(TEAM).setMessageType(2)
                .setContent("\u0000 is not checked: it is not sent on").build(), ME, "me"))
                .isInstanceOf(FrameRules.Forward.class);
        assertThat(rules.evaluate(Message.newBuilder().setType("typing").setTo(YOU).setMessageType(0).build(),
                ME, "me")).isEqualTo(new FrameRules.Refuse(FrameError.UNKNOWN_MESSAGE_TYPE));
        assertThat(rules.evaluate(Message.newBuilder().setType("typing").setTo("nobody").setMessageType(1).build(),
                ME, "me")).isEqualTo(new FrameRules.Refuse(FrameError.BAD_RECIPIENT));
    }

    @Test
    void anyOtherTypeIsStillAMessage() {
        assertThat(rules.evaluate(text(YOU, "hi").setType("edit").build(), ME, "me"))
                .isInstanceOf(FrameRules.Forward.class);
        assertThat(rules.evaluate(text(YOU, "").setType("edit").setContentType(0).build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.UNSUPPORTED_CONTENT_TYPE));
    }
}
