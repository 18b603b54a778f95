package im.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import im.proto.Message;
import java.nio.charset.StandardCharsets;
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

    private static Message.Builder picture(String to) {
        return Message.newBuilder().setTo(to).setMessageType(1).setContentType(3)
                .setFile(ByteString.copyFrom(new byte[]{(byte) 0x89, 'P', 'N', 'G'}));
    }

    private static Message.Builder webrtc(String to, int contentType, String content) {
        return Message.newBuilder().setTo(to).setMessageType(1).setType("webrtc").setContentType(contentType)
                .setContent(content);
    }

    @Test
    void aFileInAFrameGoesToMediaServiceWithItsCaptionAndSuffixAndWithoutServerFields() {
        Message sent = picture(YOU).setFileSuffix("png").setContent("look").setClientMessageId("f-1")
                .setUrl("../../etc/passwd").setFromUsername("someone-else").setAvatar("a.png").setMessageId("m")
                .setSeq(7).setServerTime(9).setInboxSeq(3).setErrorCode("e").setForwarded(true).build();
        FrameRules.Upload upload = (FrameRules.Upload) rules.evaluate(sent, ME, "me");
        assertThat(upload.source()).isEqualTo(FrameRules.FileSource.FRAME);
        assertThat(upload.source().parameter()).isEqualTo("frame");
        assertThat(upload.body()).isEqualTo(sent.getFile());
        assertThat(upload.size()).isEqualTo(sent.getFile().size());
        assertThat(upload.suffix()).isEqualTo("png");
        assertThat(upload.conversationKey()).isEqualTo(YOU + "|" + ME);
        assertThat(upload.frame()).isEqualTo(Message.newBuilder().setFrom(ME).setFromUsername("me").setTo(YOU)
                .setMessageType(1).setContentType(3).setContent("look").setFileSuffix("png")
                .setClientMessageId("f-1").build());
    }

    @Test
    void aPastedPictureHasNoSuffixAndAGroupFileIsKeyedByTheGroup() {
        FrameRules.Upload pasted = (FrameRules.Upload) rules.evaluate(picture(YOU).build(), ME, "me");
        assertThat(pasted.suffix()).isEmpty();
        FrameRules.Upload group = (FrameRules.Upload) rules.evaluate(picture(TEAM).setMessageType(2).build(), ME, "me");
        assertThat(group.conversationKey()).isEqualTo(TEAM);
    }

    @Test
    void aDataUrlIsUploadedAndItsContentIsNotForwarded() {
        String dataUrl = "data:image/png;base64,iVBORw0KGgo=";
        FrameRules.Upload upload = (FrameRules.Upload) rules.evaluate(text(YOU, dataUrl).setContentType(2).build(),
                ME, "me");
        assertThat(upload.source()).isEqualTo(FrameRules.FileSource.DATA_URL);
        assertThat(upload.source().parameter()).isEqualTo("data-url");
        assertThat(upload.body().toStringUtf8()).isEqualTo(dataUrl);
        assertThat(upload.size()).as("one byte a base64 character").isEqualTo(dataUrl.length());
        assertThat(upload.frame().getContent()).isEmpty();
        assertThat(upload.frame().getContentType()).isEqualTo(2);
        assertThat(rules.evaluate(text(YOU, "DATA:text/plain,hi " + "x".repeat(20)).setContentType(2).build(),
                ME, "me")).as("longer than the text limit, any case: not a text").isInstanceOf(FrameRules.Upload.class);
    }

    @Test
    void aFileFrameWithoutTheFileOrWithABadSuffixIsABadFile() {
        assertThat(rules.evaluate(text(YOU, "a caption").setContentType(3).build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.BAD_FILE));
        assertThat(rules.evaluate(text(YOU, "not a data url").setContentType(2).build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.BAD_FILE));
        for (String suffix : new String[]{"tar.gz", "../x", "p" + "n".repeat(16), "pn g", "é"}) {
            assertThat(rules.evaluate(picture(YOU).setFileSuffix(suffix).build(), ME, "me")).as(suffix)
                    .isEqualTo(new FrameRules.Refuse(FrameError.BAD_FILE));
        }
        assertThat(rules.evaluate(picture(YOU).setFileSuffix("WEBM").build(), ME, "me"))
                .isInstanceOf(FrameRules.Upload.class);
    }

    @Test
    void theCaptionOfAFileFollowsTheTextRules() {
        assertThat(rules.evaluate(picture(YOU).setContent("12345678901").build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.TEXT_TOO_LONG));
        assertThat(rules.evaluate(picture(YOU).setContent("bell").build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.INVALID_TEXT));
    }

    @Test
    void onlyTheServerProducesAudioAndVideoAndOtherContentTypesAreNotSupported() {
        for (int contentType : new int[]{0, 4, 5, 6, 7, 10, 11, 15, 20, 99}) {
            assertThat(rules.evaluate(picture(YOU).setContentType(contentType).build(), ME, "me"))
                    .as("contentType %d without webrtc", contentType)
                    .isEqualTo(new FrameRules.Refuse(FrameError.UNSUPPORTED_CONTENT_TYPE));
        }
    }

    @Test
    void callSignallingIsRelayedStampedWithoutServerFieldsOrFileBytes() {
        Message offer = webrtc(YOU, 7, "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}")
                .setFromUsername("someone-else").setUrl("x.png").setSeq(4).setInboxSeq(2).setMessageId("m")
                .setErrorCode("e").setAvatar("a").setFile(ByteString.copyFromUtf8("bytes")).setClientMessageId("o-1")
                .build();
        assertThat(rules.evaluate(offer, ME, "me")).isEqualTo(new FrameRules.Relay(Message.newBuilder()
                .setFrom(ME).setFromUsername("me").setTo(YOU).setMessageType(1).setType("webrtc").setContentType(7)
                .setContent(offer.getContent()).setClientMessageId("o-1").build(), YOU, true, false));
    }

    @Test
    void dialsAndOffersWantAnAckOtherSignallingNot() {
        for (int contentType : new int[]{6, 7, 11, 15}) {
            assertThat(((FrameRules.Relay) rules.evaluate(webrtc(YOU, contentType, "").build(), ME, "me")).wantAck())
                    .as("contentType %d", contentType).isTrue();
        }
        for (int contentType : new int[]{0, 12, 13, 14, 16, 17, 18, 1, 3}) {
            FrameRules.Verdict verdict = rules.evaluate(webrtc(YOU, contentType, "{\"type\":\"answer_ice\"}")
                    .build(), ME, "me");
            assertThat(verdict).as("contentType %d", contentType).isInstanceOf(FrameRules.Relay.class);
            assertThat(((FrameRules.Relay) verdict).wantAck()).isFalse();
        }
    }

    @Test
    void screenFramesAreRelayedWhateverTheirTypeAndHaveNoTextLimit() {
        String jpeg = "data:image/jpeg;base64," + "A".repeat(100);
        FrameRules.Relay screen = (FrameRules.Relay) rules.evaluate(text(YOU, jpeg).setContentType(9).build(), ME,
                "me");
        assertThat(screen.screen()).isTrue();
        assertThat(screen.wantAck()).isFalse();
        assertThat(screen.frame().getContent()).isEqualTo(jpeg);
        FrameRules.Relay videoImage = (FrameRules.Relay) rules.evaluate(text(YOU, jpeg).setContentType(8)
                .setType("webrtc").build(), ME, "me");
        assertThat(videoImage.screen()).isTrue();
        assertThat(FrameRules.isRelayed(text(YOU, "").setContentType(9).setType("typing").build()))
                .as("a typing frame stays a typing frame").isFalse();
        assertThat(FrameRules.isRelayed(Message.newBuilder().setType("heatbeat").setContentType(9).build())).isFalse();
    }

    @Test
    void callsAndScreenSharingAreOneToOne() {
        assertThat(rules.evaluate(webrtc(TEAM, 15, "").setMessageType(2).build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.CALLS_ARE_ONE_TO_ONE));
        assertThat(rules.evaluate(webrtc(TEAM, 15, "").build(), ME, "me"))
                .as("a [grp] recipient, whatever the messageType")
                .isEqualTo(new FrameRules.Refuse(FrameError.CALLS_ARE_ONE_TO_ONE));
        assertThat(rules.evaluate(text(YOU, "data:").setContentType(9).setMessageType(2).build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.CALLS_ARE_ONE_TO_ONE));
    }

    @Test
    void aRelayedFrameToABareUuidGoesToThatUsersSockets() {
        String uuid = "0B5E3F3A-7C1D-4E2F-9A8B-1C2D3E4F5A6B";
        FrameRules.Relay relay = (FrameRules.Relay) rules.evaluate(webrtc(uuid, 16, "").build(), ME, "me");
        assertThat(relay.recipient()).isEqualTo(YOU);
        assertThat(relay.frame().getTo()).as("the frame itself is unchanged").isEqualTo(uuid);
    }

    @Test
    void theRecipientIsNormalisedOnceWhateverFormAndCaseTheClientUsed() {
        String upper = "0B5E3F3A-7C1D-4E2F-9A8B-1C2D3E4F5A6B";
        for (String to : new String[]{upper, "[usr]" + upper, YOU, YOU.substring(5)}) {
            assertThat(((FrameRules.Relay) rules.evaluate(webrtc(to, 0, "{}").build(), ME, "me")).recipient())
                    .as(to).isEqualTo(YOU);
        }
        assertThat(FrameRules.userId(YOU)).isEqualTo(YOU);
        assertThat(FrameRules.userId("[usr]" + upper)).isEqualTo(YOU);
        for (String notAUser : new String[]{TEAM, "[usr]me", "[usr]", "", "[USR]" + YOU.substring(5),
                "[usr][usr]" + YOU.substring(5), YOU + " ", null}) {
            assertThat(FrameRules.userId(notAUser)).as(String.valueOf(notAUser)).isNull();
        }
    }

    @Test
    void callSignallingAboveItsLimitIsTooLargeButScreenFramesAreNot() {
        FrameRules small = new FrameRules(10, 200);
        assertThat(small.evaluate(webrtc(YOU, 7, "x".repeat(100)).build(), ME, "me"))
                .isInstanceOf(FrameRules.Relay.class);
        for (int contentType : new int[]{0, 6, 7, 11, 15, 18}) {
            assertThat(small.evaluate(webrtc(YOU, contentType, "x".repeat(200)).build(), ME, "me"))
                    .as("contentType %d", contentType).isEqualTo(new FrameRules.Refuse(FrameError.FRAME_TOO_LARGE));
        }
        assertThat(small.evaluate(webrtc(YOU, 0, "x").setFile(ByteString.copyFrom(new byte[500])).build(), ME, "me"))
                .as("measured as relayed: without the file bytes").isInstanceOf(FrameRules.Relay.class);
        assertThat(small.evaluate(text(YOU, "data:image/jpeg;base64," + "A".repeat(500)).setContentType(9).build(),
                ME, "me")).as("a screen frame").isInstanceOf(FrameRules.Relay.class);
        assertThat(small.evaluate(webrtc(YOU, 8, "data:image/jpeg;base64," + "A".repeat(500)).build(), ME, "me"))
                .as("a video-image frame").isInstanceOf(FrameRules.Relay.class);
        assertThat(new FrameRules(10).evaluate(webrtc(YOU, 7, "x".repeat(64 * 1024)).build(), ME, "me"))
                .as("64 KB by default").isEqualTo(new FrameRules.Refuse(FrameError.FRAME_TOO_LARGE));
        assertThat(new FrameRules(10).evaluate(webrtc(YOU, 7, "x".repeat(60 * 1024)).build(), ME, "me"))
                .isInstanceOf(FrameRules.Relay.class);
    }

    private static UnknownFieldSet unknownField() {
        return UnknownFieldSet.newBuilder().addField(99, UnknownFieldSet.Field.newBuilder()
                .addLengthDelimited(ByteString.copyFrom("not in the schema", StandardCharsets.UTF_8)).build()).build();
    }

    @Test
    void unknownFieldsAreNeverForwardedUploadedOrRelayed() throws Exception {
        Message.Builder[] frames = {text(YOU, "hi"), picture(YOU), text(YOU, "data:image/png;base64,AA==")
                .setContentType(2), webrtc(YOU, 7, "{}"), text(YOU, "data:image/jpeg;base64,AA").setContentType(9),
                Message.newBuilder().setType("read").setTo(YOU).setMessageType(1).setSeq(1),
                Message.newBuilder().setType("typing").setTo(YOU).setMessageType(1)};
        for (Message.Builder frame : frames) {
            // as a client sends it: the unknown field comes from the wire
            Message sent = Message.parseFrom(frame.setUnknownFields(unknownField()).build().toByteArray());
            assertThat(sent.getUnknownFields().hasField(99)).isTrue();
            FrameRules.Verdict verdict = rules.evaluate(sent, ME, "me");
            Message out = verdict instanceof FrameRules.Forward forward ? forward.frame()
                    : verdict instanceof FrameRules.Upload upload ? upload.frame()
                    : ((FrameRules.Relay) verdict).frame();
            assertThat(out.getUnknownFields().asMap()).as(frame.toString()).isEmpty();
        }
    }

    @Test
    void aRelayedFrameIsCheckedLikeAnyOtherFirst() {
        assertThat(rules.evaluate(webrtc(YOU, 15, "").setFrom("[usr]victim").build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.SPOOFED_SENDER));
        assertThat(rules.evaluate(webrtc("[usr]you", 15, "").build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.BAD_RECIPIENT));
        assertThat(rules.evaluate(webrtc(YOU, 15, "").setMessageType(0).build(), ME, "me"))
                .isEqualTo(new FrameRules.Refuse(FrameError.UNKNOWN_MESSAGE_TYPE));
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
