package im.messaging.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.messaging.api.MarkRead;
import im.messaging.api.SendMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;

class ConversationTargetResolverTest {

    private final ConversationTargetResolver resolver = new ConversationTargetResolver();

    @Test
    void aConversationCommandTargetsItsConversationWithNoExpectedVersion() {
        VersionedAggregateIdentifier target = resolver.resolveTarget(GenericCommandMessage.asCommandMessage(
                new SendMessage("dm:a|b", "k1", "k1", "a", "alice", "b", 1, 1, "hi", "", "")));

        assertThat(target.getIdentifier()).isEqualTo("dm:a|b");
        assertThat(target.getVersion()).isNull();
    }

    @Test
    void aConversationCommandWithoutItsIdIsRefused() {
        assertThatThrownBy(() -> resolver.resolveTarget(GenericCommandMessage.asCommandMessage(new MarkRead(null, "a", 1))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    record OtherCommand(@TargetAggregateIdentifier String id) {
    }

    @Test
    void anyOtherCommandIsResolvedByItsAnnotations() {
        assertThat(resolver.resolveTarget(GenericCommandMessage.asCommandMessage(new OtherCommand("x-1"))).getIdentifier())
                .isEqualTo("x-1");
    }
}
