package im.gateway.delivery;

import im.gateway.config.GatewayProperties;
import im.gateway.ws.SocketConnection;
import im.proto.frames.Delivery;
import im.proto.frames.DeliveryBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Step 6 of the message path: a socket that just opened (registered, so live deliveries for it are held) gets the
 * pending inbox, then its held live deliveries, then goes live.
 *
 * <p>Why nothing is lost or doubled: messaging commits an inbox row before it publishes the row's delivery. A row
 * committed before the pending request is in the answer; a row committed after it is published after the socket
 * was registered, so it is held and released afterwards. The socket's inbox cursor skips whatever arrives both
 * ways, and everything at or below the answers' {@code delivered_seq} (the recipient's delivery cursor) counts as
 * written, so a re-published older delivery is not written again.
 *
 * <p>Resuming: a socket whose handshake gave {@code since} (its own position) asks with {@code after} = its last
 * entry, which starts at {@code since}, and {@code resume=true}: messaging ignores the user's delivery cursor, so
 * every entry above {@code since} comes back even if another device had it. Its {@code delivered_seq} is then not
 * treated as written either (the socket goes live with its own position only).
 *
 * <p>Pages: while {@code has_more}, the next page is asked with {@code after} = the last entry written, once the
 * socket's outbound queue has room for a page (a slow reader throttles the paging; there is no page cap).
 *
 * <p>The sync must complete before the socket goes live: live deliveries written past a backlog would move the
 * delivery cursor beyond it. So when the pending inbox cannot be fetched (error or timeout), a page brings nothing
 * new although {@code has_more}, or the queue gets no room for the next page within {@code ROOM_WAIT}, the socket
 * is closed with 1013 "try again later": the client reconnects and the rows stay pending.
 */
@Component
public class OfflineSync {

    private static final Logger log = LoggerFactory.getLogger(OfflineSync.class);
    private static final Duration ROOM_POLL = Duration.ofMillis(10);
    private static final Duration ROOM_WAIT = Duration.ofSeconds(30);

    private final PendingInboxClient inbox;
    private final int pageSize;
    private final Duration roomWait;

    @Autowired
    public OfflineSync(PendingInboxClient inbox, GatewayProperties properties) {
        this(inbox, properties.ws().pendingPageSize(), ROOM_WAIT);
    }

    OfflineSync(PendingInboxClient inbox, int pageSize, Duration roomWait) {
        this.inbox = inbox;
        this.pageSize = pageSize;
        this.roomWait = roomWait;
    }

    public Mono<Void> run(SocketConnection connection) {
        AtomicLong deliveredSeq = new AtomicLong();
        return pages(connection, deliveredSeq)
                .doOnSuccess(done -> connection.goLive(resumes(connection) ? 0 : deliveredSeq.get()))
                .onErrorResume(error -> {
                    log.warn("pending inbox not delivered on connect; the socket is closed with 1013 and the entries "
                            + "stay pending: {}", error.toString());
                    connection.tryAgainLater();
                    return Mono.empty();
                });
    }

    /** Every page, one after the other (expand, not recursion: no nesting however many pages there are). */
    private Mono<Void> pages(SocketConnection connection, AtomicLong deliveredSeq) {
        return fetch(connection)
                .expand(batch -> {
                    deliveredSeq.accumulateAndGet(batch.getDeliveredSeq(), Math::max);
                    boolean progressed = write(connection, batch);
                    if (!batch.getHasMore() || connection.isClosed()) {
                        return Mono.empty();
                    }
                    if (!progressed) {
                        return Mono.error(new IllegalStateException(
                                "a pending page with has_more brought no new entry"));
                    }
                    return roomForAPage(connection).then(Mono.defer(() -> fetch(connection)));
                })
                .then();
    }

    private Mono<DeliveryBatch> fetch(SocketConnection connection) {
        return inbox.pending(connection.userUuid(), connection.lastInboxSeq(), pageSize, resumes(connection));
    }

    private static boolean resumes(SocketConnection connection) {
        return connection.profile().since().isPresent();
    }

    /** Queues the page as a whole (so the socket's writer takes it in a few batches). */
    private static boolean write(SocketConnection connection, DeliveryBatch batch) {
        List<Delivery> page = new ArrayList<>(batch.getDeliveriesCount());
        for (Delivery delivery : batch.getDeliveriesList()) {
            if (delivery.getRecipientUuid().isEmpty() || delivery.getRecipientUuid().equals(connection.userUuid())) {
                page.add(delivery);
            }
        }
        return connection.deliverPending(page) > 0;
    }

    private Mono<Void> roomForAPage(SocketConnection connection) {
        int needed = Math.min(pageSize, connection.capacity());
        return Flux.interval(Duration.ZERO, ROOM_POLL)
                .filter(tick -> connection.isClosed() || connection.capacity() - connection.queued() >= needed)
                .next()
                .timeout(roomWait)
                .then();
    }
}
