package im.gateway.ws;

import im.proto.Message;

/**
 * What the gateway does with one decoded inbound frame, checked in this order:
 * <ol>
 *   <li>{@code type} {@code heatbeat} (go-chat-web) or {@code heartbeat} (IM-SDK): answer {@code pong} with the
 *       same spelling; nothing else happens.</li>
 *   <li>a non-empty {@code from} other than the authenticated user: refused ({@code spoofed_sender}).</li>
 *   <li>{@code messageType} not 1 or 2: {@code unknown_message_type}; empty {@code to}: {@code missing_recipient}.
 *   </li>
 *   <li>text ({@code contentType} 1) longer than the limit (in code points): {@code text_too_long}; any other
 *       content type: {@code unsupported_content_type} (media and call relay come later).</li>
 *   <li>otherwise forward it: {@code from}/{@code fromUsername} stamped from the token, and every field only the
 *       server may set cleared ({@code avatar}, {@code url}, {@code messageId}, {@code seq}, {@code serverTime},
 *       {@code inboxSeq}, {@code errorCode}, and the file fields, which a text message does not carry).</li>
 * </ol>
 */
public final class FrameRules {

    public static final int TEXT = 1;

    /** The outcome for one frame. */
    public sealed interface Verdict permits Reply, Refuse, Forward {
    }

    /** Answer the sender directly (heartbeat). */
    public record Reply(Message frame) implements Verdict {
    }

    /** Answer the sender with an error frame; forward nothing. */
    public record Refuse(FrameError error) implements Verdict {
    }

    /** Send {@code frame} to messaging-service under {@code conversationKey}. */
    public record Forward(Message frame, String conversationKey) implements Verdict {
    }

    private final int maxTextLength;

    public FrameRules(int maxTextLength) {
        this.maxTextLength = maxTextLength;
    }

    public Verdict evaluate(Message frame, String userUuid, String username) {
        String type = frame.getType();
        if (type.equals("heatbeat") || type.equals("heartbeat")) {
            return new Reply(SystemFrames.pong(type));
        }
        if (!frame.getFrom().isEmpty() && !frame.getFrom().equals(userUuid)) {
            return new Refuse(FrameError.SPOOFED_SENDER);
        }
        int messageType = frame.getMessageType();
        if (messageType != ConversationKeys.SINGLE_CHAT && messageType != ConversationKeys.GROUP_CHAT) {
            return new Refuse(FrameError.UNKNOWN_MESSAGE_TYPE);
        }
        if (frame.getTo().isEmpty()) {
            return new Refuse(FrameError.MISSING_RECIPIENT);
        }
        if (frame.getContentType() != TEXT) {
            return new Refuse(FrameError.UNSUPPORTED_CONTENT_TYPE);
        }
        String content = frame.getContent();
        if (content.length() > maxTextLength && content.codePointCount(0, content.length()) > maxTextLength) {
            return new Refuse(FrameError.TEXT_TOO_LONG);
        }
        Message stamped = frame.toBuilder()
                .setFrom(userUuid)
                .setFromUsername(username)
                .clearAvatar()
                .clearUrl()
                .clearMessageId()
                .clearSeq()
                .clearServerTime()
                .clearInboxSeq()
                .clearErrorCode()
                .clearFile()
                .clearFileSuffix()
                .build();
        return new Forward(stamped, ConversationKeys.of(messageType, userUuid, frame.getTo()));
    }
}
