package im.messaging.api;

/** Machine-readable reasons for refusing an inbound frame, sent as {@code errorCode} on "error" frames. */
public enum RefusalCode {
    UNKNOWN_RECIPIENT("unknown_recipient"),
    /** The group is unknown, or closed (its last member left). */
    UNKNOWN_GROUP("unknown_group"),
    /** The sender is not a current member of the group. */
    NOT_GROUP_MEMBER("not_group_member"),
    /** Policy contacts-only: sender and recipient are not each other's active contacts. */
    NOT_CONTACT("not_contact"),
    /** The sender's account was deleted (a frame still in flight when it happened). */
    ACCOUNT_DELETED("account_deleted"),
    EMPTY_TEXT("empty_text"),
    TEXT_TOO_LONG("text_too_long"),
    /** The text holds a C0 control character other than tab, line feed and carriage return (U+0000 included). */
    INVALID_TEXT("invalid_text"),
    UNSUPPORTED_MESSAGE_TYPE("unsupported_message_type"),
    UNSUPPORTED_CONTENT_TYPE("unsupported_content_type"),
    /** Call signalling or screen frames to a group. */
    CALLS_ARE_ONE_TO_ONE("calls_are_one_to_one"),
    /** A file message (contentType 2-5) without a stored file. */
    MISSING_FILE("missing_file"),
    INVALID_CLIENT_MESSAGE_ID("invalid_client_message_id"),
    NOT_PARTICIPANT("not_participant"),
    /** No such message in the conversation, or not visible to the caller. */
    UNKNOWN_MESSAGE("unknown_message"),
    /** Only the author may edit (or, outside group admins, delete for everyone) a message. */
    NOT_AUTHOR("not_author"),
    /** Only text messages can be edited. */
    NOT_EDITABLE("not_editable"),
    /** The message is older than the edit window. */
    EDIT_WINDOW_PASSED("edit_window_passed"),
    /** The message is older than the author's delete-for-everyone window. */
    DELETE_WINDOW_PASSED("delete_window_passed"),
    /** The message was deleted for everyone. */
    MESSAGE_DELETED("message_deleted"),
    /** A forward without targets, or with more than allowed. */
    INVALID_TARGETS("invalid_targets"),
    /** A read position must be a seq from 1. */
    INVALID_SEQ("invalid_seq"),
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
