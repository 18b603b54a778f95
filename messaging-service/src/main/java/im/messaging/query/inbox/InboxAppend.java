package im.messaging.query.inbox;

import im.proto.Message;
import java.util.function.LongFunction;

/**
 * One entry to append to a recipient's inbox: its key (the message id, or the id of the event that changed a
 * message) and how to build its frame once the entry's inbox_seq is known.
 */
public record InboxAppend(String recipientUuid, String entryKey, LongFunction<Message> frameAt) {

    /** A recipient's inbox holds at most one entry per key. */
    public record Key(String recipientUuid, String entryKey) {
    }

    public Key key() {
        return new Key(recipientUuid, entryKey);
    }
}
