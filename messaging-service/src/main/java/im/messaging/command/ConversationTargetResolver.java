package im.messaging.command;

import im.messaging.api.ConversationCommand;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * Finds the Conversation a command is for by calling {@link ConversationCommand#conversationId()}.
 *
 * <p>Axon's default {@link AnnotationCommandTargetResolver} looks for {@code @TargetAggregateIdentifier} and
 * {@code @TargetAggregateVersion} by reflection on every command (5-6% of messaging-service's CPU on the message
 * path, docs/performance.md Run 4). Conversation commands carry no expected version: the aggregate's own state
 * decides (dedupe, seq), so the version is always {@code null}. Any other payload goes to the annotation resolver.
 */
public final class ConversationTargetResolver implements CommandTargetResolver {

    private final CommandTargetResolver fallback = AnnotationCommandTargetResolver.builder().build();

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        if (command.getPayload() instanceof ConversationCommand conversationCommand) {
            String id = conversationCommand.conversationId();
            if (id == null) {
                throw new IllegalArgumentException("Invalid command. It does not identify the target aggregate.");
            }
            return new VersionedAggregateIdentifier(id, null);
        }
        return fallback.resolveTarget(command);
    }
}
