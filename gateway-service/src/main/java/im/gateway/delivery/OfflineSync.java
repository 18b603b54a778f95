package im.gateway.delivery;

import im.gateway.config.GatewayProperties;
import im.gateway.ws.SocketConnection;
import im.proto.frames.Delivery;
import im.proto.frames.DeliveryBatch;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * ways.
 *
 * <p>Pages: while {@code has_more}, the next page is asked with {@code after} = the last entry written, once the
 * socket's outbound queue has room for a page; at most {@code pending-max-pages} pages, and a page that brings
 * nothing new ends the sync (the rest arrives on the next connect). If messaging cannot be reached the socket goes
 * live anyway: the rows stay pending for the next connect.
 */
@Component
public class OfflineSync {

    private static final Logger log = LoggerFactory.getLogger(OfflineSync.class);
    private static final Duration ROOM_POLL = Duration.ofMillis(10);
    private static final Duration ROOM_WAIT = Duration.ofSeconds(30);

    private final PendingInboxClient inbox;
    private final int pageSize;
    private final int maxPages;

    public OfflineSync(PendingInboxClient inbox, GatewayProperties properties) {
        this.inbox = inbox;
        this.pageSize = properties.ws().pendingPageSize();
        this.maxPages = properties.ws().pendingMaxPages();
    }

    public Mono<Void> run(SocketConnection connection) {
        return page(connection, 1)
                .onErrorResume(error -> {
                    log.warn("pending inbox not delivered on connect (the socket goes live; entries stay pending): {}",
                            error.toString());
                    return Mono.empty();
                })
                .doFinally(signal -> connection.goLive());
    }

    private Mono<Void> page(SocketConnection connection, int number) {
        return inbox.pending(connection.userUuid(), connection.lastInboxSeq(), pageSize)
                .flatMap(batch -> {
                    boolean progressed = write(connection, batch);
                    if (batch.getHasMore() && progressed && number < maxPages && !connection.isClosed()) {
                        return roomForAPage(connection).then(Mono.defer(() -> page(connection, number + 1)));
                    }
                    return Mono.empty();
                });
    }

    private static boolean write(SocketConnection connection, DeliveryBatch batch) {
        boolean progressed = false;
        for (Delivery delivery : batch.getDeliveriesList()) {
            if (delivery.getRecipientUuid().isEmpty() || delivery.getRecipientUuid().equals(connection.userUuid())) {
                progressed |= connection.deliverPending(delivery);
            }
        }
        return progressed;
    }

    private Mono<Void> roomForAPage(SocketConnection connection) {
        int needed = Math.min(pageSize, connection.capacity());
        return Flux.interval(Duration.ZERO, ROOM_POLL)
                .filter(tick -> connection.isClosed() || connection.capacity() - connection.queued() >= needed)
                .next()
                .timeout(ROOM_WAIT)
                .then();
    }
}
