package im.messaging.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Delete a message for the caller only ("delete for me"); any participant who can read the message may.
 *
 * @param authorUuid the message's author (for the frames to the caller's other devices)
 */
public record HideMessage(
        @TargetAggregateIdentifier String conversationId,
        String messageId,
        long seq,
        String authorUuid,
        String userUuid) implements ConversationCommand {
}
