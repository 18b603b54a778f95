package im.messaging.access;

import java.time.Instant;

/**
 * A conversation as one reader may see it.
 *
 * @param with         the other party (1:1) or the group
 * @param withName     the other party's username ("Deleted account" for a deleted one) or the group's name
 * @param visibleAfter the start of the reader's window, exclusive; null: the whole history
 * @param moderator    the reader is an admin or the owner of the group (false for 1:1)
 */
public record ReaderView(String conversationId, int messageType, String reader, String with, String withName,
                         Instant visibleAfter, boolean moderator) {

    public boolean group() {
        return messageType == 2;
    }
}
