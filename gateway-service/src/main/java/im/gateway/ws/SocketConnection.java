package im.gateway.ws;

import im.proto.Message;
import im.proto.frames.Delivery;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.springframework.web.reactive.socket.CloseStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One open WebSocket on this gateway and everything written to it.
 *
 * <p><b>Single writer.</b> Every outbound frame goes through one unicast sink over a bounded queue
 * ({@code outboundQueueSize}); the socket's writer is its only subscriber. Emissions are serialized by this
 * object's monitor, so callers on any thread (Kafka listener, inbound handler, offline sync) never block: when the
 * queue is full the client is not reading fast enough and the socket is closed with 1013 "try again later".
 *
 * <p><b>Offline sync, then live.</b> A new connection starts in {@link State#SYNCING}: live deliveries are held in a
 * second bounded queue while the pending inbox is written ({@link #deliverPending}). {@link #goLive()} then writes
 * the held deliveries and switches to {@link State#LIVE}. Across both paths {@link #lastInboxSeq} ensures an inbox
 * entry is never written twice or out of order to this socket: a delivery with {@code inbox_seq > 0} at or below
 * the last one written is skipped. Entries with {@code inbox_seq 0} (acks, error frames) are not tracked. Going live
 * also raises it to the recipient's delivery cursor ({@code delivered_seq} of the pending answers), unless the
 * socket resumes from its own position ({@link SocketProfile#since()}, where it starts instead).
 *
 * <p><b>Opt-in frames.</b> A delivery of a kind the socket did not opt into ({@link SocketProfile#accepts}) is not
 * written, but an inbox entry among them still counts as handled, in its place in the order: it advances
 * {@link #lastInboxSeq} like a written one and goes through the queue as a frame without content
 * ({@link OutboundFrame#writes()} false), which the writer does not write but passes to {@link #handedOver} like the
 * others. So the receipt that moves the user's delivery cursor past it is sent only once every entry before it was
 * handed over, exactly as if it had been written.
 *
 * <p><b>Confirmations.</b> The writer reports each frame it takes to {@link #handedOver}, which tracks the last
 * inbox entry handed to the socket and, for a legacy socket, answers the hand-off receipt to send. A client that
 * acknowledges itself ({@link SocketProfile#clientAcks()}, {@code v=2}) gets none; its ack frames go to
 * {@link #acknowledge}, which confirms the acknowledged entry clamped to the last one handed over (a client cannot
 * confirm what it was never sent), and only when that is above what this socket confirmed before. Ack frames of a
 * legacy socket are handled the same way (its hand-off receipts already cover them).
 */
public final class SocketConnection {

    enum State { SYNCING, LIVE, CLOSED }

    /**
     * A frame for the writer; {@code inboxSeq > 0} is an inbox entry (see {@link #handedOver}). {@code frame} is null
     * for an inbox entry the socket did not opt into: it is not written, only counted as handled.
     */
    public record OutboundFrame(Message frame, long inboxSeq) {

        static OutboundFrame notWritten(long inboxSeq) {
            return new OutboundFrame(null, inboxSeq);
        }

        /** Whether the writer writes it to the socket (false: an inbox entry only counted as handled). */
        public boolean writes() {
            return frame != null;
        }
    }

    /** Status 1013: the client does not keep up. */
    public static final CloseStatus TRY_AGAIN_LATER = new CloseStatus(1013, "try again later");
    /** Status 1008 (policy violation): the account was deleted. */
    public static final CloseStatus ACCOUNT_DELETED = new CloseStatus(1008, "account deleted");

    private final String connectionId;
    private final String userUuid;
    private final String username;
    private final SocketProfile profile;
    private final BlockingQueue<OutboundFrame> queue;
    private final Sinks.Many<OutboundFrame> sink;
    private final Sinks.Empty<Void> closed = Sinks.empty();
    private final Deque<Delivery> heldLive = new ArrayDeque<>();
    private final int liveQueueSize;
    private final Consumer<CloseStatus> closer;
    private State state = State.SYNCING;
    private long lastInboxSeq;
    private long skippedDuplicates;
    /** The last inbox entry the writer took ({@link #handedOver}); written by the writer only. */
    private volatile long lastHandedOver;
    /** The highest inbox entry confirmed by an ack frame of this socket ({@link #acknowledge}). */
    private final AtomicLong acknowledged = new AtomicLong();
    /** Set by {@link #closeWith}: frames still queued are dropped, not written (and not acknowledged). */
    private volatile boolean discardQueued;

    /** A legacy socket ({@link SocketProfile#LEGACY}). */
    public SocketConnection(String connectionId, String userUuid, String username, int outboundQueueSize,
                            int liveQueueSize, Consumer<CloseStatus> closer) {
        this(connectionId, userUuid, username, SocketProfile.LEGACY, outboundQueueSize, liveQueueSize, closer);
    }

    /**
     * @param profile what the client asked for in its handshake: opt-ins, acknowledgements, where to resume
     * @param closer  closes the underlying socket with a status (called at most once, on overflow,
     *                {@link #tryAgainLater()} or {@link #closeWith})
     */
    public SocketConnection(String connectionId, String userUuid, String username, SocketProfile profile,
                            int outboundQueueSize, int liveQueueSize, Consumer<CloseStatus> closer) {
        this.connectionId = connectionId;
        this.userUuid = userUuid;
        this.username = username;
        this.profile = profile;
        this.lastInboxSeq = profile.since().orElse(0);
        this.queue = new ArrayBlockingQueue<>(outboundQueueSize);
        this.sink = Sinks.many().unicast().onBackpressureBuffer(queue);
        this.liveQueueSize = liveQueueSize;
        this.closer = closer;
    }

    public String connectionId() {
        return connectionId;
    }

    public String userUuid() {
        return userUuid;
    }

    public String username() {
        return username;
    }

    public SocketProfile profile() {
        return profile;
    }

    /**
     * The frames to write, for the socket's single writer. Completes when the connection closes; after
     * {@link #closeWith} nothing more is handed out (queued frames are dropped).
     */
    public Flux<OutboundFrame> outbound() {
        return sink.asFlux().filter(frame -> !discardQueued);
    }

    /** Completes when the connection is closed (by either side, or on overflow). */
    public Mono<Void> closed() {
        return closed.asMono();
    }

    /** A frame of the gateway's own (welcome, pong, error): written at once, in any state. */
    public synchronized void send(Message frame) {
        if (state != State.CLOSED) {
            emit(new OutboundFrame(frame, 0));
        }
    }

    /** A live delivery from Kafka: held while syncing, written when live. */
    public synchronized void deliverLive(Delivery delivery) {
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.SYNCING) {
            if (heldLive.size() >= liveQueueSize) {
                overflow();
            } else {
                heldLive.addLast(delivery);
            }
            return;
        }
        write(delivery);
    }

    /**
     * An entry of the pending inbox, during the offline sync.
     *
     * @return whether it was written (false: already written, or the connection is closed)
     */
    public synchronized boolean deliverPending(Delivery delivery) {
        return state != State.CLOSED && write(delivery);
    }

    /** Ends the offline sync: writes the held live deliveries (skipping entries already written) and goes live. */
    public void goLive() {
        goLive(0);
    }

    /**
     * Ends the offline sync. {@code deliveredSeq} is the recipient's delivery cursor as messaging reported it with
     * the pending inbox: entries at or below it already reached one of the user's sockets, so they count as written
     * here too and a re-published older delivery (a processor retry or replay, a gateway resuming from committed
     * offsets) is never written again. Then the held live deliveries are written (skipping entries already
     * written) and the connection goes live. A socket that resumes from its own {@code since} passes 0: entries
     * above {@code since} are for it even when another device already had them.
     */
    public synchronized void goLive(long deliveredSeq) {
        if (state != State.SYNCING) {
            return;
        }
        lastInboxSeq = Math.max(lastInboxSeq, deliveredSeq);
        while (!heldLive.isEmpty() && state == State.SYNCING) {
            write(heldLive.pollFirst());
        }
        if (state == State.SYNCING) {
            state = State.LIVE;
        }
    }

    /**
     * Gives up on this connection with 1013 "try again later" (the offline sync could not complete): the client
     * reconnects, and whatever was not written stays pending in messaging-service.
     */
    public void tryAgainLater() {
        closeWith(TRY_AGAIN_LATER);
    }

    /**
     * Closes the socket with {@code status} (unless already closed); the writer completes. Frames still queued or
     * held are dropped: they were not handed to the socket, so no receipt is sent and they stay pending in
     * messaging-service.
     */
    public synchronized void closeWith(CloseStatus status) {
        if (state != State.CLOSED) {
            state = State.CLOSED;
            discardQueued = true;
            queue.clear();
            heldLive.clear();
            closer.accept(status);
            sink.tryEmitComplete();
            closed.tryEmitEmpty();
        }
    }

    /** The connection ended: the writer completes, nothing more is accepted. */
    public synchronized void close() {
        state = State.CLOSED;
        heldLive.clear();
        sink.tryEmitComplete();
        closed.tryEmitEmpty();
    }

    public synchronized long lastInboxSeq() {
        return lastInboxSeq;
    }

    public synchronized boolean isLive() {
        return state == State.LIVE;
    }

    public synchronized boolean isClosed() {
        return state == State.CLOSED;
    }

    public synchronized long skippedDuplicates() {
        return skippedDuplicates;
    }

    /**
     * The socket's writer took {@code frame} (in queue order, on the writer's thread): it was handed to the socket,
     * or, if it {@link OutboundFrame#writes() writes} nothing, counted as handled.
     *
     * @return the inbox entry to confirm with a hand-off receipt now: the frame's {@code inboxSeq} on a legacy
     *         socket, 0 for a frame outside the inbox and on a socket whose client acknowledges itself
     */
    public long handedOver(OutboundFrame frame) {
        if (frame.inboxSeq() <= 0) {
            return 0;
        }
        lastHandedOver = frame.inboxSeq();
        return profile.clientAcks() ? 0 : frame.inboxSeq();
    }

    /** The last inbox entry handed over (or counted as handled) by the socket's writer. */
    public long lastHandedOver() {
        return lastHandedOver;
    }

    /**
     * The client says it processed everything up to {@code inboxSeq} (an ack frame).
     *
     * @return the inbox entry to confirm with a receipt: {@code inboxSeq} clamped to {@link #lastHandedOver()};
     *         0 (nothing to send) when that is not above what this socket confirmed by ack before
     */
    public long acknowledge(long inboxSeq) {
        if (inboxSeq <= 0) {
            return 0;
        }
        long confirmed = Math.min(inboxSeq, lastHandedOver);
        long before = acknowledged.getAndAccumulate(confirmed, Math::max);
        return confirmed > before ? confirmed : 0;
    }

    /** Frames waiting for the writer. */
    public int queued() {
        return queue.size();
    }

    public int capacity() {
        return queue.size() + queue.remainingCapacity();
    }

    private boolean write(Delivery delivery) {
        long inboxSeq = delivery.getInboxSeq();
        if (inboxSeq > 0 && inboxSeq <= lastInboxSeq) {
            skippedDuplicates++;
            return false;
        }
        Message frame = delivery.getFrame();
        if (!profile.accepts(frame)) {
            // not for this socket; an inbox entry still counts as handled, in its place (see the class comment)
            if (inboxSeq <= 0 || !emit(OutboundFrame.notWritten(inboxSeq))) {
                return false;
            }
            lastInboxSeq = inboxSeq;
            return true;
        }
        if (inboxSeq > 0 && frame.getInboxSeq() != inboxSeq) {
            frame = frame.toBuilder().setInboxSeq(inboxSeq).build();
        }
        if (!emit(new OutboundFrame(frame, inboxSeq))) {
            return false;
        }
        if (inboxSeq > 0) {
            lastInboxSeq = inboxSeq;
        }
        return true;
    }

    private boolean emit(OutboundFrame frame) {
        Sinks.EmitResult result = sink.tryEmitNext(frame);
        // A unicast sink reports a full queue as FAIL_ZERO_SUBSCRIBER while its writer has not subscribed yet.
        if (result == Sinks.EmitResult.FAIL_OVERFLOW || result == Sinks.EmitResult.FAIL_ZERO_SUBSCRIBER) {
            overflow();
        }
        return result.isSuccess();
    }

    private void overflow() {
        closeWith(TRY_AGAIN_LATER);
    }
}
