package im.messaging.query.history;

import im.messaging.api.MessageDeletedForAll;
import im.messaging.api.MessageEdited;
import im.messaging.api.MessageHidden;
import im.messaging.api.MessageSent;
import im.messaging.api.ReadPositionMoved;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.stereotype.Component;

/**
 * Tracking processor {@code message-history}: the history read model ({@link MessageHistoryRepository}) behind
 * {@code GET /message}, the message lifecycle routes and the sync API. Replayable. The messages of a batch of
 * events are written together ({@link HistoryBatch}).
 */
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
        HistoryBatch.current(repository).add(event);
    }

    @EventHandler
    void on(MessageEdited event) {
        HistoryBatch.current(repository).flush();
        repository.edited(event);
    }

    @EventHandler
    void on(MessageDeletedForAll event) {
        HistoryBatch.current(repository).flush();
        repository.deletedForAll(event);
    }

    @EventHandler
    void on(MessageHidden event) {
        HistoryBatch.current(repository).flush();
        repository.hidden(event);
    }

    @EventHandler
    void on(ReadPositionMoved event) {
        HistoryBatch.current(repository).flush();
        repository.readPositionMoved(event);
    }

    @ResetHandler
    void reset() {
        repository.deleteAll();
    }
}
