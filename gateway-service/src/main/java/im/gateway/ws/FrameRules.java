package im.gateway.ws;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import im.proto.Message;
import java.util.Locale;
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
 *   <li>{@linkplain #isRelayed relayed frames}: {@code type} {@code webrtc} (any {@code contentType}: call control
 *       11-18, offers 6 and 7, answers and ICE candidates 0) and {@code contentType} 8 or 9 (video-image and screen
 *       frames, whatever their type): 1:1 only, so {@code messageType} 2 or a {@code [grp]} recipient is
 *       {@code calls_are_one_to_one}; otherwise {@link Relay} to the recipient's normalised id ({@code [usr]} + the
 *       UUID in lower case, also for a bare UUID): relayed unchanged, never stored, but for {@code from}/
 *       {@code fromUsername} (stamped) and the fields only the server sets, the file bytes and unknown fields
 *       (cleared). Their content is not a text message: no text limits; call signalling (every relayed frame but
 *       screen and video-image frames) larger than {@code maxSignallingBytes} as relayed: {@code frame_too_large}
 *       (screen frames are bounded by the frame size and the relay's record limit).</li>
 *   <li>text ({@code contentType} 1) longer than the limit (in code points): {@code text_too_long}; with a C0
 *       control character other than tab, line feed or carriage return (PostgreSQL text refuses NUL, and one such
 *       frame would stall a projection): {@code invalid_text}.</li>
 *   <li>a file: {@code contentType} 3 with the bytes in {@code file} (its {@code content} is a caption, under the
 *       text rules above), or {@code contentType} 2 with a {@code data:} URL in {@code content}: {@link Upload} (to
 *       media-service, then forwarded with the stored name). Without bytes, without a data URL, or with a
 *       {@code fileSuffix} that is not 1-16 letters or digits: {@code bad_file}.</li>
 *   <li>any other content type (4 and 5 are only produced by the server; 6, 7, 10-20 without {@code webrtc}):
 *       {@code unsupported_content_type}.</li>
 *   <li>a text message: forward it, {@code from}/{@code fromUsername} stamped from the token, and every field only
 *       the server may set cleared ({@code avatar}, {@code url}, {@code messageId}, {@code seq},
 *       {@code serverTime}, {@code inboxSeq}, {@code errorCode}, {@code forwarded}, and the file fields, which a
 *       text message does not carry).</li>
 * </ol>
 * Fields this schema does not know (a newer client's, or padding) never go on: every forwarded, uploaded or relayed
 * frame has its unknown fields cleared.
 */
public final class FrameRules {

    public static final int TEXT = 1;
    /** A file on input: a base64 data URL in {@code content}. */
    public static final int DATA_URL_FILE = 2;
    /** A file on input: the raw bytes in {@code file} (any kind; media-service reclassifies it). */
    public static final int FRAME_FILE = 3;
    /** A video-image frame: a data URL image, relayed only. */
    public static final int VIDEO_IMAGE = 8;
    /** A screen-share frame: a JPEG data URL, relayed only (go-chat-web sends one every 60 ms). */
    public static final int SCREEN = 9;
    public static final String WEBRTC = "webrtc";
    public static final int MAX_SUFFIX_LENGTH = 16;
    public static final int MAX_RECIPIENT_LENGTH = 100;
    public static final int MAX_CLIENT_MESSAGE_ID_LENGTH = 128;
    public static final int MAX_TYPE_LENGTH = 32;
    public static final String ACK = "ack";
    public static final String READ = "read";
    public static final String TYPING = "typing";
    static final String USER_PREFIX = "[usr]";
    static final String GROUP_PREFIX = "[grp]";

    private static final Pattern SUFFIX = Pattern.compile("[A-Za-z0-9]{1," + MAX_SUFFIX_LENGTH + "}");
    private static final Pattern BARE_UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern ID = Pattern.compile(
            "(\\[usr]|\\[grp])?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** The outcome for one frame. */
    public sealed interface Verdict permits Reply, Refuse, Forward, Acknowledge, Upload, Relay {
    }

    /** Where the bytes of a file frame are: the form media-service's {@code source} parameter names. */
    public enum FileSource {
        /** {@code contentType} 3: the raw bytes in {@code file}. */
        FRAME("frame"),
        /** {@code contentType} 2: a data URL in {@code content}. */
        DATA_URL("data-url");

        private final String parameter;

        FileSource(String parameter) {
            this.parameter = parameter;
        }

        public String parameter() {
            return parameter;
        }
    }

    /**
     * Hand the file to media-service first, then send {@code frame} to messaging-service under
     * {@code conversationKey} with the stored name in {@code url} and the stored file's {@code contentType}.
     * {@code frame} is already stamped and carries neither the bytes nor the data URL.
     *
     * @param body   what goes to media-service: the file's bytes as decoded ({@link FileSource#FRAME}), or the data
     *               URL's UTF-8 bytes ({@link FileSource#DATA_URL}: one encoding of it, a byte a base64 character)
     * @param suffix the client's {@code fileSuffix} (checked: empty or 1-16 letters and digits)
     */
    public record Upload(Message frame, String conversationKey, FileSource source, ByteString body, String suffix)
            implements Verdict {

        /** The bytes handed to media-service. */
        public long size() {
            return body.size();
        }
    }

    /**
     * Relay {@code frame} (stamped, server fields cleared) to every open socket of {@code recipient}, never stored.
     *
     * @param wantAck whether the sender is told {@code not_reachable} when no socket of the recipient got it (a dial
     *                or an offer)
     * @param screen  a screen or video-image frame (8, 9): only the newest one waits for a slow reader
     */
    public record Relay(Message frame, String recipient, boolean wantAck, boolean screen) implements Verdict {
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

    /** The signalling limit when the constructor does not say ({@code im.gateway.relay.max-signalling-bytes}). */
    public static final long DEFAULT_MAX_SIGNALLING_BYTES = 64 * 1024;

    private final int maxTextLength;
    private final long maxSignallingBytes;

    public FrameRules(int maxTextLength) {
        this(maxTextLength, DEFAULT_MAX_SIGNALLING_BYTES);
    }

    /**
     * @param maxTextLength      most code points of a text message (and of a file's caption)
     * @param maxSignallingBytes largest call-signalling frame as relayed (screen frames excepted)
     */
    public FrameRules(int maxTextLength, long maxSignallingBytes) {
        this.maxTextLength = maxTextLength;
        this.maxSignallingBytes = maxSignallingBytes;
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
        if (isRelayed(frame)) {
            return relay(frame, userUuid, username, maxSignallingBytes);
        }
        int contentType = frame.getContentType();
        if (contentType != TEXT && contentType != FRAME_FILE && contentType != DATA_URL_FILE) {
            return new Refuse(FrameError.UNSUPPORTED_CONTENT_TYPE);
        }
        if (contentType == DATA_URL_FILE) {
            if (!isDataUrl(frame.getContent())) {
                return new Refuse(FrameError.BAD_FILE);
            }
        } else {
            // the text of a message, or the caption of a file (go-chat-web sends the text box along with a paste)
            String content = frame.getContent();
            if (content.length() > maxTextLength && content.codePointCount(0, content.length()) > maxTextLength) {
                return new Refuse(FrameError.TEXT_TOO_LONG);
            }
            if (hasControlCharacter(content, true)) {
                return new Refuse(FrameError.INVALID_TEXT);
            }
        }
        if (contentType == FRAME_FILE && frame.getFile().isEmpty()) {
            return new Refuse(FrameError.BAD_FILE);
        }
        String suffix = frame.getFileSuffix();
        if (contentType != TEXT && !suffix.isEmpty() && !SUFFIX.matcher(suffix).matches()) {
            return new Refuse(FrameError.BAD_FILE);
        }
        Message.Builder stamped = stampedBySender(frame, userUuid, username);
        if (contentType == TEXT) {
            return new Forward(stamped.clearFileSuffix().build(), conversationKey);
        }
        if (contentType == FRAME_FILE) {
            return new Upload(stamped.build(), conversationKey, FileSource.FRAME, frame.getFile(), suffix);
        }
        // the data URL as its UTF-8 bytes (base64 text: a byte a character), sent as they are: a String body would
        // be encoded again into a buffer of three bytes a character
        return new Upload(stamped.clearContent().build(), conversationKey, FileSource.DATA_URL,
                frame.getContentBytes(), suffix);
    }

    /**
     * Whether {@code frame} is relayed between sockets rather than stored: {@code type} {@code webrtc}, or
     * {@code contentType} 8 or 9, unless its type makes it a heartbeat, an ack, a read or a typing frame.
     */
    public static boolean isRelayed(Message frame) {
        String type = frame.getType();
        if (type.equals("heatbeat") || type.equals("heartbeat") || type.equals(ACK) || type.equals(READ)
                || type.equals(TYPING)) {
            return false;
        }
        return type.equals(WEBRTC) || isScreen(frame);
    }

    /** A screen-share or video-image frame (contentType 9 or 8). */
    public static boolean isScreen(Message frame) {
        return frame.getContentType() == SCREEN || frame.getContentType() == VIDEO_IMAGE;
    }

    /** A dial (11 voice, 15 video) or an offer (6 voice, 7 video): the caller is told when nobody got it. */
    static boolean wantsAck(Message frame) {
        int contentType = frame.getContentType();
        return frame.getType().equals(WEBRTC)
                && (contentType == 6 || contentType == 7 || contentType == 11 || contentType == 15);
    }

    private static Verdict relay(Message frame, String userUuid, String username, long maxSignallingBytes) {
        String to = frame.getTo();
        if (frame.getMessageType() == ConversationKeys.GROUP_CHAT || to.startsWith(GROUP_PREFIX)) {
            return new Refuse(FrameError.CALLS_ARE_ONE_TO_ONE);
        }
        String recipient = userId(to);
        if (recipient == null) {
            return new Refuse(FrameError.BAD_RECIPIENT);
        }
        Message stamped = stampedBySender(frame, userUuid, username)
                .build();
        boolean screen = isScreen(frame);
        if (!screen && stamped.getSerializedSize() > maxSignallingBytes) {
            return new Refuse(FrameError.FRAME_TOO_LARGE);
        }
        return new Relay(stamped, recipient, wantsAck(frame), screen);
    }

    /**
     * The normalised id of the user {@code id} names: {@code [usr]} + its UUID in lower case, for {@code [usr]} +
     * UUID and for a bare UUID alike (a user's sockets, the relay permission and the relay topic's key all use this
     * form); null for anything else (a group, or not an id).
     */
    public static String userId(String id) {
        if (id == null || id.length() > MAX_RECIPIENT_LENGTH) {
            return null;
        }
        String uuid = id.startsWith(USER_PREFIX) ? id.substring(USER_PREFIX.length()) : id;
        return BARE_UUID.matcher(uuid).matches() ? USER_PREFIX + uuid.toLowerCase(Locale.ROOT) : null;
    }

    /** Whether {@code content} is a data URL ({@code data:}, any case). */
    static boolean isDataUrl(String content) {
        return content.regionMatches(true, 0, "data:", 0, 5);
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

    /**
     * The frame as the server passes it on: {@code from}/{@code fromUsername} from the token, every field only the
     * server may set cleared, and fields this schema does not know dropped (never forwarded or relayed).
     */
    private static Message.Builder stampedBySender(Message frame, String userUuid, String username) {
        return frame.toBuilder()
                .setFrom(userUuid)
                .setFromUsername(username)
                .clearAvatar()
                .clearUrl()
                .clearMessageId()
                .clearSeq()
                .clearServerTime()
                .clearInboxSeq()
                .clearErrorCode()
                .clearForwarded()
                .clearFile()
                .setUnknownFields(UnknownFieldSet.getDefaultInstance());
    }
}
