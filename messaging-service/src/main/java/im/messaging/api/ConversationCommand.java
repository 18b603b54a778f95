package im.messaging.api;

/**
 * A command to the Conversation aggregate: it names its target itself, so the command bus routes it without
 * reflection (see {@code im.messaging.command.ConversationTargetResolver}). The records keep
 * {@code @TargetAggregateIdentifier} on the same component for Axon's test fixtures and readers.
 */
public interface ConversationCommand {

    /** @return the conversation's id ({@link ConversationIds}) */
    String conversationId();
}
