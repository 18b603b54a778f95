package im.gateway.ws;

import im.platform.logging.CorrelationIds;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The writing half of a socket: writes the batches {@link SocketConnection#outboundBatches} hands out, one
 * {@link WebSocketSession#send} (one flush) per batch, and asks for the next batch only once the whole batch was
 * written to the connection. Then, for each frame of the batch in order ({@link #handedOver}): counted in
 * {@code im_gateway_frames_out_total{kind}}, its delivery latency recorded ({@code im_delivery_latency_seconds}, live
 * deliveries with a source time only), and for an inbox entry the hand-off receipt where the socket wants one (so a
 * receipt never covers a frame that was not written). While a frame of a delivery is handed over, its correlation id
 * is the MDC's {@code correlationId} (restored after each frame: the writer runs on Netty's event loops, shared by
 * many sockets).
 */
final class SocketWriter {

    /** Publishes a hand-off receipt ({@code im.gateway.delivery.ReceiptPublisher#written}). */
    @FunctionalInterface
    interface Receipts {
        void written(String recipient, String connectionId, long inboxSeq);
    }

    private static final Logger log = LoggerFactory.getLogger(SocketWriter.class);
    private static final byte[] PING_PAYLOAD = new byte[0];

    private final GatewayMetrics metrics;
    private final Receipts receipts;
    private final LongSupplier clockMs;

    SocketWriter(GatewayMetrics metrics, Receipts receipts, LongSupplier clockMs) {
        this.metrics = metrics;
        this.receipts = receipts;
        this.clockMs = clockMs;
    }

    /** Writes {@code batch} in one send; completes once every frame of it was written (and handed over). */
    Mono<Void> write(WebSocketSession session, SocketConnection connection,
                     List<SocketConnection.OutboundFrame> batch) {
        List<WebSocketMessage> messages = new ArrayList<>(batch.size());
        for (SocketConnection.OutboundFrame frame : batch) {
            if (frame.ping()) {
                messages.add(session.pingMessage(factory -> factory.wrap(PING_PAYLOAD)));
            } else if (frame.writes()) {
                byte[] bytes = frame.frame().toByteArray();
                messages.add(session.binaryMessage(factory -> factory.wrap(bytes)));
            }
        }
        if (messages.isEmpty()) {
            handedOver(connection, batch);
            return Mono.empty();
        }
        return session.send(Flux.fromIterable(messages))
                .doOnSuccess(written -> handedOver(connection, batch));
    }

    /** The writer is done with {@code batch} (written, or only handled): see the class comment. */
    void handedOver(SocketConnection connection, List<SocketConnection.OutboundFrame> batch) {
        long now = clockMs.getAsLong();
        long confirmed = 0;
        for (SocketConnection.OutboundFrame frame : batch) {
            if (frame.ping()) {
                continue;
            }
            try (CorrelationIds.Scope correlation = CorrelationIds.open(frame.correlationId())) {
                if (frame.writes()) {
                    metrics.frameOut(FrameKind.ofOutbound(frame.frame()));
                    metrics.deliveryWritten(frame.sourceReceivedAtMs(), now);
                }
                if (log.isDebugEnabled() && (frame.inboxSeq() > 0 || !frame.correlationId().isEmpty())) {
                    log.debug("delivery {} to socket {} (inbox_seq {})", frame.writes() ? "written" : "skipped",
                            connection.connectionId(), frame.inboxSeq());
                }
                long receipt = connection.handedOver(frame);
                if (receipt > 0) {
                    confirmed = receipt;
                }
            }
        }
        if (confirmed > 0) {
            // one receipt covers the batch: every entry up to the last one was handed over, in order
            receipts.written(connection.userUuid(), connection.connectionId(), confirmed);
        }
    }
}
