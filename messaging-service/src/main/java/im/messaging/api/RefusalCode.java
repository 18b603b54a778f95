package im.messaging.api;

/** Machine-readable reasons for refusing an inbound frame, sent as {@code errorCode} on "error" frames. */
public enum RefusalCode {
    UNKNOWN_RECIPIENT("unknown_recipient"),
    UNKNOWN_GROUP("unknown_group"),
    EMPTY_TEXT("empty_text"),
    TEXT_TOO_LONG("text_too_long"),
    /** The text holds a C0 control character other than tab, line feed and carriage return (U+0000 included). */
    INVALID_TEXT("invalid_text"),
    UNSUPPORTED_MESSAGE_TYPE("unsupported_message_type"),
    UNSUPPORTED_CONTENT_TYPE("unsupported_content_type"),
    INVALID_CLIENT_MESSAGE_ID("invalid_client_message_id"),
    NOT_PARTICIPANT("not_participant"),
    /** Not a rule: storing failed repeatedly (infrastructure); the client may resend. */
    UNAVAILABLE("unavailable");

    private final String wire;

    RefusalCode(String wire) {
        this.wire = wire;
    }

    /** The snake_case code on the wire. */
    public String wire() {
        return wire;
    }
}
