package im.gateway.ws;

/** Why the gateway refused an inbound frame: the {@code errorCode} and the human {@code content} of the error frame. */
public enum FrameError {
    TEXT_FRAMES_NOT_SUPPORTED("text_frames_not_supported", "only binary protobuf frames are accepted"),
    BAD_FRAME("bad_frame", "the frame is not a protobuf Message"),
    SPOOFED_SENDER("spoofed_sender", "from must be empty or your own uuid"),
    UNKNOWN_MESSAGE_TYPE("unknown_message_type", "messageType must be 1 (single chat) or 2 (group chat)"),
    MISSING_RECIPIENT("missing_recipient", "to must name a user or a group"),
    BAD_RECIPIENT("bad_recipient", "to must be a user or group id ([usr] or [grp] followed by a UUID, or a UUID)"),
    INVALID_CLIENT_MESSAGE_ID("invalid_client_message_id",
            "clientMessageId must be at most 128 characters without control characters"),
    INVALID_TYPE("invalid_type", "type must be at most 32 characters without control characters"),
    TEXT_TOO_LONG("text_too_long", "the text is longer than allowed"),
    INVALID_TEXT("invalid_text", "the text must not contain control characters other than tab and line breaks"),
    INVALID_SEQ("invalid_seq", "seq must be a position in the conversation, from 1"),
    UNSUPPORTED_CONTENT_TYPE("unsupported_content_type",
            "this content type cannot be sent (text 1, a file 3 or a data URL 2, call and screen frames)"),
    BAD_FILE("bad_file", "a file frame needs the file: contentType 3 with the bytes in file (fileSuffix at most 16 "
            + "letters or digits), or contentType 2 with a data URL in content"),
    FILE_TOO_LARGE("file_too_large", "the file is larger than allowed"),
    CALLS_ARE_ONE_TO_ONE("calls_are_one_to_one", "calls and screen sharing are 1:1 only"),
    FRAME_TOO_LARGE("frame_too_large", "the frame is too large to be relayed"),
    NOT_REACHABLE("not_reachable", "the user is not online"),
    UNAVAILABLE("unavailable", "the message could not be accepted now, please retry"),
    RATE_LIMITED("rate_limited", "too many frames, slow down");

    private final String code;
    private final String reason;

    FrameError(String code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    public String code() {
        return code;
    }

    public String reason() {
        return reason;
    }
}
