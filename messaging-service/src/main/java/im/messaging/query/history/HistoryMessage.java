package im.messaging.query.history;

import java.time.Instant;

/**
 * A row of {@code messages}: a stored message as it is now.
 *
 * @param content        the current text (after edits); empty once deleted for everyone
 * @param editedAt       the last edit, null if never edited
 * @param deletedAt      when it was deleted for everyone, null if not
 * @param forwardedFrom  the message id it was forwarded from, empty if none
 * @param hiddenByReader whether the reader the rows were read for deleted it for themself (false where no reader
 *                       was given)
 */
public record HistoryMessage(
        long id,
        String messageId,
        String conversationId,
        long seq,
        String fromUuid,
        String fromUsername,
        String toUuid,
        int messageType,
        int contentType,
        String content,
        String url,
        Instant createdAt,
        Instant editedAt,
        int editCount,
        Instant deletedAt,
        String forwardedFrom,
        boolean hiddenByReader) {

    public boolean edited() {
        return editedAt != null;
    }

    public boolean deletedForAll() {
        return deletedAt != null;
    }

    public boolean forwarded() {
        return forwardedFrom != null && !forwardedFrom.isEmpty();
    }
}
