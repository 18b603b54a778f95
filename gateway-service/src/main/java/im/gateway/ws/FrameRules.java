package im.gateway.ws;

import im.proto.Message;
import java.util.regex.Pattern;

/**
 * What the gateway does with one decoded inbound frame, checked in this order:
 * <ol>
 *   <li>{@code type} {@code heatbeat} (go-chat-web) or {@code heartbeat} (IM-SDK): answer {@code pong} with the
 *       same spelling; nothing else happens.</li>
 *   <li>{@code type} {@code ack}: the client processed its inbox up to {@code inboxSeq}, handled by the gateway
 *       ({@link Acknowledge}: never forwarded, never answered); an {@code inboxSeq} below 1: {@code bad_frame}.</li>
 *   <li>a non-empty {@code from} other than the authenticated user: refused ({@code spoofed_sender}).</li>
 *   <li>{@code messageType} not 1 or 2: {@code unknown_message_type}; empty {@code to}: {@code missing_recipient};
 *       a {@code to} that is not an id ({@code [usr]} or {@code [grp]} + UUID, or a bare UUID): {@code bad_recipient}.
 *   </li>
 *   <li>{@code clientMessageId} longer than 128 characters or with control characters:
 *       {@code invalid_client_message_id}; {@code type} longer than 32 characters or with control characters:
 *       {@code invalid_type}.</li>
 *   <li>{@code type} {@code read} (my read position in the conversation is at least {@code seq}; a {@code seq}
 *       below 1: {@code invalid_seq}) and {@code typing}: signals, forwarded under the conversation key like a
 *       message but rebuilt from the fields they need only ({@code from}/{@code fromUsername} stamped, {@code to},
 *       {@code messageType}, {@code type}, {@code clientMessageId}, and {@code seq} for {@code read}), so no text,
 *       file or server field travels with them and their {@code contentType} plays no part.</li>
 *   <li>text ({@code contentType} 1) longer than the limit (in code points): {@code text_too_long}; with a C0
 *       control character other than tab, line feed or carriage return (PostgreSQL text refuses NUL, and one such
 *       frame would stall a projection): {@code invalid_text}; any other content type:
 *       {@code unsupported_content_type} (media and call relay come later).</li>
 *   <li>any other {@code type} is a message: forward it, {@code from}/{@code fromUsername} stamped from the token,
 *       and every field only the server may set cleared ({@code avatar}, {@code url}, {@code messageId},
 *       {@code seq}, {@code serverTime}, {@code inboxSeq}, {@code errorCode}, and the file fields, which a text
 *       message does not carry).</li>
 * </ol>
 */
public final class FrameRules {

    public static final int TEXT = 1;
    public static final int MAX_RECIPIENT_LENGTH = 100;
    public static final int MAX_CLIENT_MESSAGE_ID_LENGTH = 128;
    public static final int MAX_TYPE_LENGTH = 32;
    public static final String ACK = "ack";
    public static final String READ = "read";
    public static final String TYPING = "typing";

    private static final Pattern ID = Pattern.compile(
            "(\\[usr]|\\[grp])?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** The outcome for one frame. */
    public sealed interface Verdict permits Reply, Refuse, Forward, Acknowledge {
    }

    /** The client processed its inbox up to {@code inboxSeq} (at least 1): confirmed by the gateway, not forwarded. */
    public record Acknowledge(long inboxSeq) implements Verdict {
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
        if (type.equals(ACK)) {
            return frame.getInboxSeq() > 0 ? new Acknowledge(frame.getInboxSeq()) : new Refuse(FrameError.BAD_FRAME);
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
        if (!isId(frame.getTo())) {
            return new Refuse(FrameError.BAD_RECIPIENT);
        }
        String clientMessageId = frame.getClientMessageId();
        if (clientMessageId.length() > MAX_CLIENT_MESSAGE_ID_LENGTH || hasControlCharacter(clientMessageId, false)) {
            return new Refuse(FrameError.INVALID_CLIENT_MESSAGE_ID);
        }
        if (type.length() > MAX_TYPE_LENGTH || hasControlCharacter(type, false)) {
            return new Refuse(FrameError.INVALID_TYPE);
        }
        String conversationKey = ConversationKeys.of(messageType, userUuid, frame.getTo());
        if (type.equals(READ) || type.equals(TYPING)) {
            Message.Builder signal = Message.newBuilder()
                    .setFrom(userUuid)
                    .setFromUsername(username)
                    .setTo(frame.getTo())
                    .setMessageType(messageType)
                    .setType(type)
                    .setClientMessageId(clientMessageId);
            if (type.equals(READ)) {
                if (frame.getSeq() <= 0) {
                    return new Refuse(FrameError.INVALID_SEQ);
                }
                signal.setSeq(frame.getSeq());
            }
            return new Forward(signal.build(), conversationKey);
        }
        if (frame.getContentType() != TEXT) {
            return new Refuse(FrameError.UNSUPPORTED_CONTENT_TYPE);
        }
        String content = frame.getContent();
        if (content.length() > maxTextLength && content.codePointCount(0, content.length()) > maxTextLength) {
            return new Refuse(FrameError.TEXT_TOO_LONG);
        }
        if (hasControlCharacter(content, true)) {
            return new Refuse(FrameError.INVALID_TEXT);
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
        return new Forward(stamped, conversationKey);
    }

    /** {@code [usr]} + UUID, {@code [grp]} + UUID, or a bare UUID (at most {@value #MAX_RECIPIENT_LENGTH} chars). */
    static boolean isId(String value) {
        return value.length() <= MAX_RECIPIENT_LENGTH && ID.matcher(value).matches();
    }

    /** Whether {@code value} has a C0 control character (U+0000..U+001F), tab/LF/CR excepted if allowed. */
    static boolean hasControlCharacter(String value, boolean allowTabAndLineBreaks) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && !(allowTabAndLineBreaks && (c == '\t' || c == '\n' || c == '\r'))) {
                return true;
            }
        }
        return false;
    }
}
