package im.messaging.query.history;

import im.messaging.api.MessageSent;
import im.platform.axon.UnitOfWorkBatch;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * The stored messages of one batch of events of the {@code message-history} processor, written together: the
 * processor reads up to {@code batch-size} events in one Axon unit of work (one database transaction, which also
 * stores its token), the {@code MessageSent} handler only {@link #add}s here, and when the unit of work prepares to
 * commit {@link #flush} writes them with {@link MessageHistoryRepository#insertAll} in that same transaction
 * ({@link UnitOfWorkBatch}). A
 * failure rolls the whole batch back with its token, and the retry writes it again (every write is idempotent).
 *
 * <p>Edits, deletions, hides and read positions change rows a message of the same batch may have created, so their
 * handlers {@link #flush} what is pending first: the read model sees the events in stream order.
 *
 * <p>Outside a unit of work (a handler called directly) a message is written at once.
 */
final class HistoryBatch {

    private static final String RESOURCE = HistoryBatch.class.getName();

    private final MessageHistoryRepository repository;
    private final List<MessageSent> pending = new ArrayList<>();

    private HistoryBatch(MessageHistoryRepository repository) {
        this.repository = repository;
    }

    /** The batch of the current unit of work, created (and its flush registered) on first use. */
    static HistoryBatch current(MessageHistoryRepository repository) {
        return UnitOfWorkBatch.current(RESOURCE, () -> new HistoryBatch(repository), HistoryBatch::flush)
                .orElseGet(() -> new HistoryBatch(repository));
    }

    void add(MessageSent event) {
        pending.add(event);
        if (!CurrentUnitOfWork.isStarted()) {
            flush();
        }
    }

    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<MessageSent> events = List.copyOf(pending);
        pending.clear();
        repository.insertAll(events);
    }
}
