package im.messaging.delivery;

import im.messaging.api.MessageSent;
import im.messaging.api.RefusalCode;
import im.proto.Message;
import im.proto.frames.Delivery;

/**
 * The frames messaging-service sends to sockets. A stored message reaches its recipient exactly as go-chat
 * delivered it (fields 1-11), plus the appended fields 12+ that legacy clients ignore. Acks and error frames come
 * from "system", which the stock client ignores (it only marks an unread dot for a list entry "system").
 */
public final class Frames {

    public static final String SYSTEM = "system";

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
                .build();
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
