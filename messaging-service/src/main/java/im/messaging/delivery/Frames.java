package im.messaging.delivery;

import im.messaging.api.MessageDeletedForAll;
import im.messaging.api.MessageEdited;
import im.messaging.api.MessageHidden;
import im.messaging.api.MessageSent;
import im.messaging.api.ReadPositionMoved;
import im.messaging.api.RefusalCode;
import im.proto.Message;
import im.proto.frames.Delivery;

/**
 * The frames messaging-service sends to sockets. A stored message reaches its recipient exactly as go-chat
 * delivered it (fields 1-11), plus the appended fields 12+ that legacy clients ignore. Acks and error frames come
 * from "system", which the stock client ignores (it only marks an unread dot for a list entry "system").
 *
 * <p>Frames about a conversation (edit, delete, hide, read, typing; {@code docs/protocol.md}) are addressed like its
 * messages: 1:1 {@code from} = the participant who acted, {@code to} = the other one; group {@code from} = the
 * group, {@code to} = the member who acted (the legacy group re-addressing). The gateway sends them only to sockets
 * that opted in.
 */
public final class Frames {

    public static final String SYSTEM = "system";
    public static final String EDIT = "edit";
    public static final String DELETE = "delete";
    public static final String HIDE = "hide";
    public static final String READ = "read";
    public static final String TYPING = "typing";

    private Frames() {
    }

    /** The frame a recipient gets for a stored message. */
    public static Message message(MessageSent event, long inboxSeq) {
        return Message.newBuilder()
                .setFrom(event.fromUuid())
                .setFromUsername(event.fromUsername())
                .setTo(event.toUuid())
                .setAvatar("")
                .setContent(event.content())
                .setContentType(event.contentType())
                .setMessageType(event.messageType())
                .setUrl(event.url())
                .setMessageId(event.messageId())
                .setSeq(event.seq())
                .setServerTime(event.sentAt().toEpochMilli())
                .setInboxSeq(inboxSeq)
                .setForwarded(event.forwarded())
                .build();
    }

    /**
     * The frame a group member gets for a stored group message, re-addressed as legacy servers did (legacy-api.md
     * 4.6): {@code from} = the group, {@code to} = the sender, {@code avatar} = the sender's avatar, so the client
     * files it under the group's chat. The same frame for every member but for its inbox_seq.
     */
    public static Message groupMessage(MessageSent event, String senderAvatar, long inboxSeq) {
        return Message.newBuilder()
                .setFrom(event.toUuid())
                .setFromUsername(event.fromUsername())
                .setTo(event.fromUuid())
                .setAvatar(senderAvatar == null ? "" : senderAvatar)
                .setContent(event.content())
                .setContentType(event.contentType())
                .setMessageType(event.messageType())
                .setUrl(event.url())
                .setMessageId(event.messageId())
                .setSeq(event.seq())
                .setServerTime(event.sentAt().toEpochMilli())
                .setInboxSeq(inboxSeq)
                .setForwarded(event.forwarded())
                .build();
    }

    /** A message's text changed: {@code content} is the new text, {@code serverTime} the edit time. */
    public static Message edited(MessageEdited event, long inboxSeq) {
        return addressed(event.authorUuid(), event.toUuid(), event.messageType())
                .setType(EDIT)
                .setMessageId(event.messageId())
                .setSeq(event.seq())
                .setContent(event.content())
                .setContentType(1)
                .setServerTime(event.editedAt().toEpochMilli())
                .setInboxSeq(inboxSeq)
                .build();
    }

    /** A message was deleted for everyone. */
    public static Message deleted(MessageDeletedForAll event, long inboxSeq) {
        return addressed(event.authorUuid(), event.toUuid(), event.messageType())
                .setType(DELETE)
                .setMessageId(event.messageId())
                .setSeq(event.seq())
                .setServerTime(event.deletedAt().toEpochMilli())
                .setInboxSeq(inboxSeq)
                .build();
    }

    /** The user hid a message (for their other devices). */
    public static Message hidden(MessageHidden event, long inboxSeq) {
        return addressed(event.authorUuid(), event.toUuid(), event.messageType())
                .setType(HIDE)
                .setMessageId(event.messageId())
                .setSeq(event.seq())
                .setServerTime(event.hiddenAt().toEpochMilli())
                .setInboxSeq(inboxSeq)
                .build();
    }

    /** A participant's read position ({@code seq}); not queued in the inbox. */
    public static Message read(ReadPositionMoved event) {
        return addressed(event.readerUuid(), event.peerUuid(), event.messageType())
                .setType(READ)
                .setSeq(event.readSeq())
                .setServerTime(event.readAt().toEpochMilli())
                .build();
    }

    /** A participant is typing; never stored. */
    public static Message typing(String typistUuid, String peerOrGroup, int messageType) {
        return addressed(typistUuid, peerOrGroup, messageType)
                .setType(TYPING)
                .setServerTime(System.currentTimeMillis())
                .build();
    }

    /** {@code actor} did something in the conversation with {@code peerOrGroup}: legacy addressing. */
    private static Message.Builder addressed(String actor, String peerOrGroup, int messageType) {
        Message.Builder frame = Message.newBuilder().setMessageType(messageType);
        return messageType == 2
                ? frame.setFrom(peerOrGroup).setTo(actor)
                : frame.setFrom(actor).setTo(peerOrGroup);
    }

    /** Wraps a frame that is not queued in the inbox (inbox_seq 0) for a recipient's sockets. */
    public static Delivery live(String recipientUuid, Message frame) {
        return Delivery.newBuilder().setRecipientUuid(recipientUuid).setInboxSeq(0).setFrame(frame).build();
    }

    /** "Stored": to the sending socket only, for clients that gave a clientMessageId. */
    public static Delivery ack(String senderUuid, String connectionId, String messageId, String clientMessageId,
                               long seq, long serverTimeMs) {
        Message frame = Message.newBuilder()
                .setFrom(SYSTEM)
                .setTo(senderUuid)
                .setType("ack")
                .setMessageId(messageId)
                .setClientMessageId(clientMessageId)
                .setSeq(seq)
                .setServerTime(serverTimeMs)
                .build();
        return Delivery.newBuilder()
                .setRecipientUuid(senderUuid)
                .setTargetConnectionId(connectionId)
                .setInboxSeq(0)
                .setFrame(frame)
                .build();
    }

    /** "Refused": to the sending socket only. */
    public static Delivery error(String senderUuid, String connectionId, RefusalCode code, String reason,
                                 String clientMessageId) {
        Message frame = Message.newBuilder()
                .setFrom(SYSTEM)
                .setTo(senderUuid)
                .setType("error")
                .setErrorCode(code.wire())
                .setContent(reason)
                .setClientMessageId(clientMessageId == null ? "" : clientMessageId)
                .build();
        return Delivery.newBuilder()
                .setRecipientUuid(senderUuid)
                .setTargetConnectionId(connectionId)
                .setInboxSeq(0)
                .setFrame(frame)
                .build();
    }
}
