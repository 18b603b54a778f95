package im.messaging.delivery;

import im.messaging.query.inbox.AppendedEntry;
import im.messaging.query.inbox.InboxAppend;
import im.messaging.query.inbox.InboxRepository;
import im.platform.axon.UnitOfWorkBatch;
import im.proto.frames.Delivery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * What the delivery processor owes the gateways for one batch of events, sent once per batch instead of once per
 * event: the processor reads up to {@code batch-size} events in one Axon unit of work, its handlers only
 * {@link #queue} inbox entries and {@link #send} live frames here, and when the unit of work prepares to commit (before
 * its tracking token is stored) {@link #flush} writes every inbox row of the batch in one transaction
 * ({@link InboxRepository#appendAllCommitted}), then publishes every delivery and waits for Kafka once.
 *
 * <p>Failure keeps at-least-once: if the flush fails the unit of work rolls back, the token stays, and the processor
 * retries the batch; the retry finds the rows already committed and publishes the same inbox_seqs again (gateways
 * skip what a socket already has). Deliveries are published in the order their events were handled, so one
 * recipient's deliveries (keyed by recipient on Kafka) keep inbox order.
 *
 * <p>Outside a unit of work (a handler called directly) a batch of one is flushed at once.
 */
final class DeliveryBatch {

    private static final String RESOURCE = DeliveryBatch.class.getName();

    /** One step of the batch, in handling order: inbox entries to append, or frames that are only sent. */
    private record Step(List<InboxAppend> appends, UnaryOperator<Delivery.Builder> stamp, List<Delivery> live) {
    }

    private final InboxRepository inbox;
    private final DeliveryPublisher publisher;
    private final List<Step> steps = new ArrayList<>();

    private DeliveryBatch(InboxRepository inbox, DeliveryPublisher publisher) {
        this.inbox = inbox;
        this.publisher = publisher;
    }

    /**
     * The batch of the current unit of work (created, and its flush registered, on first use); outside a unit of
     * work a batch the caller must {@link #flush} itself ({@link #flushIfDetached}).
     */
    static DeliveryBatch current(InboxRepository inbox, DeliveryPublisher publisher) {
        return UnitOfWorkBatch.current(RESOURCE, () -> new DeliveryBatch(inbox, publisher), DeliveryBatch::flush)
                .orElseGet(() -> new DeliveryBatch(inbox, publisher));
    }

    /**
     * Inbox entries (one per recipient) whose deliveries go out after their rows are committed; {@code stamp} adds
     * what only the live delivery carries (latency and correlation fields).
     */
    void queue(List<InboxAppend> appends, UnaryOperator<Delivery.Builder> stamp) {
        if (!appends.isEmpty()) {
            steps.add(new Step(appends, stamp, List.of()));
        }
    }

    /** Frames that are not kept in an inbox (acks, read positions). */
    void send(List<Delivery> live) {
        if (!live.isEmpty()) {
            steps.add(new Step(List.of(), UnaryOperator.identity(), live));
        }
    }

    void flushIfDetached() {
        if (!CurrentUnitOfWork.isStarted()) {
            flush();
        }
    }

    void flush() {
        if (steps.isEmpty()) {
            return;
        }
        List<AppendedEntry> appended = inbox.appendAllCommitted(
                steps.stream().flatMap(step -> step.appends().stream()).toList());
        // appendAllCommitted answers one entry per distinct (recipient, key) in order; a key repeated in one batch
        // (the same event handled twice) is sent once
        Map<InboxAppend.Key, AppendedEntry> byKey = new HashMap<>();
        int next = 0;
        List<Delivery> deliveries = new ArrayList<>();
        for (Step step : steps) {
            for (InboxAppend append : step.appends()) {
                AppendedEntry entry = byKey.get(append.key());
                if (entry == null) {
                    entry = appended.get(next++);
                    byKey.put(append.key(), entry);
                    deliveries.add(step.stamp().apply(entry.toDelivery()).build());
                }
            }
            deliveries.addAll(step.live());
        }
        steps.clear();
        publisher.publishAll(deliveries);
    }
}
