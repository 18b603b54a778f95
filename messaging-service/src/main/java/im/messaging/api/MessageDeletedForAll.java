package im.messaging.api;

import java.time.Instant;

/**
 * A message was deleted for every participant, by its author or (in a group) an admin or the owner. Read models drop
 * its content; its {@code seq} stays taken (a tombstone), so the sequence has no gap.
 */
public record MessageDeletedForAll(
        String conversationId,
        String messageId,
        long seq,
        String authorUuid,
        String toUuid,
        int messageType,
        String deletedByUuid,
        Instant deletedAt) {
}
