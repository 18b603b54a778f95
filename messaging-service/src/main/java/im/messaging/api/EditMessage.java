package im.messaging.api;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Change the text of a stored message. The facts about the message ({@code seq}, author, content type, time) are
 * looked up in this service's history read model, a projection of the conversation's own events (they never change
 * once stored); the aggregate decides whether the edit is allowed.
 *
 * @param currentContent the text as the read model shows it now: an edit to the same text, once allowed, stores
 *                       nothing
 * @param editorUuid     the caller
 * @param content        the new text
 */
public record EditMessage(
        @TargetAggregateIdentifier String conversationId,
        String messageId,
        long seq,
        String authorUuid,
        int contentType,
        Instant sentAt,
        String currentContent,
        String editorUuid,
        String content) implements ConversationCommand {
}
