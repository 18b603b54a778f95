package im.messaging.query.history;

import im.messaging.api.MessageSent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;

/** Tracking processor {@code message-history}: the {@code messages} table behind GET /message. Replayable. */
@Component
@ProcessingGroup(MessageHistoryProjection.PROCESSING_GROUP)
public class MessageHistoryProjection {

    public static final String PROCESSING_GROUP = "message-history";

    private final MessageHistoryRepository repository;

    public MessageHistoryProjection(MessageHistoryRepository repository) {
        this.repository = repository;
    }

    @EventHandler
    void on(MessageSent event) {
        repository.insert(event);
    }

    @ResetHandler
    void reset() {
        repository.deleteAll();
    }
}
