package im.messaging.query.inbox;

import com.google.protobuf.InvalidProtocolBufferException;
import im.proto.Message;
import im.proto.frames.Delivery;

/** One row of a recipient's inbox: the frame to push, at its inbox position. */
public record InboxEntry(String recipientUuid, long inboxSeq, byte[] frame) {

    public Delivery toDelivery() {
        try {
            return Delivery.newBuilder()
                    .setRecipientUuid(recipientUuid)
                    .setInboxSeq(inboxSeq)
                    .setFrame(Message.parseFrom(frame))
                    .build();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored inbox frame " + recipientUuid + "#" + inboxSeq + " is corrupt", e);
        }
    }
}
