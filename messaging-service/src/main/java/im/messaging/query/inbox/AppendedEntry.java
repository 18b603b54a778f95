package im.messaging.query.inbox;

import com.google.protobuf.InvalidProtocolBufferException;
import im.proto.Message;
import im.proto.frames.Delivery;

/** An inbox entry as {@link InboxRepository#appendAllCommitted} left it: its recipient, position and frame. */
public record AppendedEntry(String recipientUuid, long inboxSeq, Message frame) {

    static AppendedEntry stored(String recipientUuid, long inboxSeq, byte[] frame) {
        try {
            return new AppendedEntry(recipientUuid, inboxSeq, Message.parseFrom(frame));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored inbox frame " + recipientUuid + "#" + inboxSeq + " is corrupt", e);
        }
    }

    public Delivery.Builder toDelivery() {
        return Delivery.newBuilder().setRecipientUuid(recipientUuid).setInboxSeq(inboxSeq).setFrame(frame);
    }
}
