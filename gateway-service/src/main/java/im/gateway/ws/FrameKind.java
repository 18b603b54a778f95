package im.gateway.ws;

import im.proto.Message;
import java.util.Locale;

/**
 * The kind of a socket frame, the {@code kind} tag of {@code im_gateway_frames_in_total} and
 * {@code im_gateway_frames_out_total}: a fixed set, so the tag's cardinality is bounded whatever clients send. Decided
 * from {@code type} first, as {@link FrameRules} reads a frame (heartbeats, acks, read and typing frames whatever
 * their {@code contentType}), then {@code contentType}. Anything else, an undecodable frame and a WebSocket text frame
 * are {@link #OTHER}.
 *
 * <p>Files: a client sends any file as {@code contentType} 3 (bytes) or 2 (data URL), and media-service decides what
 * it is, so inbound every file frame is {@link #FILE}; outbound, a stored file's {@code contentType} tells it:
 * 2 {@link #FILE}, 3 {@link #PICTURE}, 4 {@link #AUDIO}, 5 {@link #VIDEO}.
 */
public enum FrameKind {
    TEXT, PICTURE, FILE, AUDIO, VIDEO,
    /** {@code type} {@code webrtc}: call signalling (dial, accept, offers, answers, ICE candidates). */
    CALL,
    /** {@code contentType} 9 (screen share) or 8 (video image), relayed. */
    SCREEN,
    HEARTBEAT, ACK, READ, TYPING, EDIT, DELETE, HIDE, ERROR,
    /** The gateway's own frames without a type (the welcome frame). */
    SYSTEM,
    OTHER;

    private final String tag = name().toLowerCase(Locale.ROOT);

    /** The value of the {@code kind} tag. */
    public String tag() {
        return tag;
    }

    /** A frame a client sent ({@code frame} null: undecodable or not binary). */
    public static FrameKind ofInbound(Message frame) {
        return of(frame, true);
    }

    /** A frame written to a socket. */
    public static FrameKind ofOutbound(Message frame) {
        return of(frame, false);
    }

    private static FrameKind of(Message frame, boolean inbound) {
        if (frame == null) {
            return OTHER;
        }
        FrameKind typed = ofType(frame.getType());
        if (typed != null) {
            return typed;
        }
        int contentType = frame.getContentType();
        if (contentType == FrameRules.SCREEN || contentType == FrameRules.VIDEO_IMAGE) {
            return SCREEN;
        }
        if (!frame.getType().isEmpty()) {
            return OTHER;
        }
        return switch (contentType) {
            case FrameRules.TEXT -> TEXT;
            case FrameRules.DATA_URL_FILE -> FILE;
            case FrameRules.FRAME_FILE -> inbound ? FILE : PICTURE;
            case 4 -> inbound ? OTHER : AUDIO;
            case 5 -> inbound ? OTHER : VIDEO;
            case 0 -> SystemFrames.SYSTEM.equals(frame.getFrom()) ? SYSTEM : OTHER;
            default -> OTHER;
        };
    }

    /** The kind a {@code type} alone decides, or null (a message: its {@code contentType} decides). */
    private static FrameKind ofType(String type) {
        return switch (type) {
            case "heatbeat", "heartbeat" -> HEARTBEAT;
            case FrameRules.ACK -> ACK;
            case FrameRules.READ -> READ;
            case FrameRules.TYPING -> TYPING;
            case FrameRules.WEBRTC -> CALL;
            case SystemFrames.ERROR_TYPE -> ERROR;
            case "edit" -> EDIT;
            case "delete" -> DELETE;
            case "hide" -> HIDE;
            default -> null;
        };
    }
}
