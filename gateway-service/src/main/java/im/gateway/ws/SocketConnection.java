package im.gateway.ws;

import im.proto.Message;
import im.proto.frames.Delivery;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.springframework.web.reactive.socket.CloseStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One open WebSocket on this gateway and everything written to it.
 *
 * <p><b>Single writer.</b> Every outbound frame waits in this object until the socket's writer, the only subscriber
 * of {@link #outboundBatches} (or {@link #outbound()}, one frame a batch), asks for the next batch; the writer asks
 * for one batch at a time, when the previous one was written to the connection (so a slow reader leaves the frames
 * here, where the bounds below apply, and Netty's buffers hold at most one batch). A batch is every frame waiting
 * when the writer asks, in the order below, up to {@code maxFrames} frames and {@code maxBytes} bytes (their
 * serialized sizes; the first frame is taken whatever its size, a later one that would pass the bytes waits for the
 * next batch): a backlog goes out in a few writes and flushes, not one round trip per frame. Every change is made
 * under this object's monitor, so callers on any thread (Kafka listeners, inbound handler, offline sync) never
 * block. The frames wait in three places:
 * <ul>
 *   <li>the <b>stored-message queue</b> ({@code outboundQueueSize}, FIFO): inbox deliveries, the gateway's own
 *       frames (welcome, pongs, errors, acks). When it is full the client is not reading fast enough and the socket
 *       is closed with 1013 "try again later".</li>
 *   <li>the <b>relay lane</b> ({@code relayQueueSize} frames and {@code relayQueueBytes} bytes, the frames' sizes
 *       as written): relayed frames (call signalling, screen frames), an insertion-ordered map. A screen frame
 *       (contentType 8/9) is keyed by its sender: while one of that sender is still waiting, a newer one replaces it
 *       in its place ({@link RelayResult#REPLACED}, the stale one is dropped), so a socket holds at most the newest
 *       pending screen frame per sender and the lane does not grow. Any other relayed frame gets a key of its own
 *       (FIFO). A frame that would take the lane above either bound is dropped ({@link RelayResult#DROPPED}; a
 *       replacing screen frame counts only what it adds); relayed frames never count toward the stored-message
 *       queue and never close the socket. So a reader that reads nothing holds at most {@code relayQueueBytes} of
 *       relayed frames, however many contacts send to it.</li>
 *   <li>a <b>ping flag</b>: the gateway's next ping (at most one pending), written before anything else.</li>
 * </ul>
 * When both the queue and the lane hold frames, the writer takes from them in turn (also within a batch): a stored
 * message never waits behind more than one relayed frame, and call signalling never waits behind a backlog of stored
 * messages. A relayed frame is only taken with a batch; until then a newer screen frame of its sender still replaces
 * it, so a batch holds at most one screen frame per sender, the newest one when the batch was taken.
 *
 * <p><b>Offline sync, then live.</b> A new connection starts in {@link State#SYNCING}: live deliveries are held in a
 * second bounded queue while the pending inbox is written ({@link #deliverPending}). {@link #goLive()} then writes
 * the held deliveries and switches to {@link State#LIVE}. Across both paths {@link #lastInboxSeq} ensures an inbox
 * entry is never written twice or out of order to this socket: a delivery with {@code inbox_seq > 0} at or below
 * the last one written is skipped. Entries with {@code inbox_seq 0} (acks, error frames) are not tracked. Going live
 * also raises it to the recipient's delivery cursor ({@code delivered_seq} of the pending answers), unless the
 * socket resumes from its own position ({@link SocketProfile#since()}, where it starts instead). Relayed frames are
 * live only (never inbox entries) and are written at once, also while syncing.
 *
 * <p><b>Opt-in frames.</b> A delivery of a kind the socket did not opt into ({@link SocketProfile#accepts}) is not
 * written, but an inbox entry among them still counts as handled, in its place in the order: it advances
 * {@link #lastInboxSeq} like a written one and goes through the queue as a frame without content
 * ({@link OutboundFrame#writes()} false), which the writer does not write but passes to {@link #handedOver} like the
 * others. So the receipt that moves the user's delivery cursor past it is sent only once every entry before it was
 * handed over, exactly as if it had been written.
 *
 * <p><b>Confirmations.</b> The writer reports each frame of a batch, in order, once the whole batch was written to the
 * connection to {@link #handedOver}, which
 * tracks the last inbox entry handed to the socket and, for a legacy socket, answers the hand-off receipt to send.
 * A client that acknowledges itself ({@link SocketProfile#clientAcks()}, {@code v=2}) gets none; its ack frames go
 * to {@link #acknowledge}, which confirms the acknowledged entry clamped to the last one handed over (a client
 * cannot confirm what it was never sent), and only when that is above what this socket confirmed before. Ack frames
 * of a legacy socket are handled the same way (its hand-off receipts already cover them).
 */
public final class SocketConnection {

    enum State { SYNCING, LIVE, CLOSED }

    /**
     * A frame for the writer; {@code inboxSeq > 0} is an inbox entry (see {@link #handedOver}). {@code frame} is null
     * for an inbox entry the socket did not opt into (it is not written, only counted as handled) and for a ping
     * ({@code ping} true: the writer sends a WebSocket ping). A delivery's observability fields travel along:
     * {@code sourceReceivedAtMs} (when a gateway received the frame that caused it; 0: unknown, or replayed from the
     * pending inbox, for which no latency is recorded) and {@code correlationId} (that frame's id; empty: none).
     */
    public record OutboundFrame(Message frame, long inboxSeq, boolean ping, long sourceReceivedAtMs,
                                String correlationId) {

        static final OutboundFrame PING = new OutboundFrame(null, 0, true, 0, "");

        public OutboundFrame(Message frame, long inboxSeq) {
            this(frame, inboxSeq, false, 0, "");
        }

        static OutboundFrame notWritten(long inboxSeq, String correlationId) {
            return new OutboundFrame(null, inboxSeq, false, 0, correlationId);
        }

        /** Whether the writer writes it to the socket as a data frame (false: a ping, or an entry only handled). */
        public boolean writes() {
            return frame != null;
        }

        /** The bytes it takes in a batch: its serialized size (protobuf keeps it once computed); 0 if not written. */
        long bytes() {
            return frame == null ? 0 : frame.getSerializedSize();
        }
    }

    /** Frames a batch of the socket's writer takes at most ({@link #outboundBatches}). */
    public static final int WRITE_BATCH_FRAMES = 256;
    /** Bytes of the frames a batch of the socket's writer takes at most, but for its first frame. */
    public static final long WRITE_BATCH_BYTES = 256 * 1024;

    /** What became of a relayed frame offered to this socket ({@link #relay}). */
    public enum RelayResult {
        /** It waits for the writer. */
        QUEUED,
        /** It took the place of an older screen frame of the same sender that was still waiting (dropped). */
        REPLACED,
        /** The relay lane is full: dropped. */
        DROPPED,
        /** The connection is closed: dropped. */
        CLOSED;

        /** Whether the frame will be written to the socket. */
        public boolean accepted() {
            return this == QUEUED || this == REPLACED;
        }
    }

    /** The relay lane's key of a sender's screen frames: one place per sender. */
    private record ScreenSlot(String sender) {
    }

    /** Status 1013: the client does not keep up. */
    public static final CloseStatus TRY_AGAIN_LATER = new CloseStatus(1013, "try again later");
    /** Status 1008 (policy violation): the account was deleted. */
    public static final CloseStatus ACCOUNT_DELETED = new CloseStatus(1008, "account deleted");

    private final String connectionId;
    private final String userUuid;
    private final String username;
    private final SocketProfile profile;
    /** The stored-message queue (see the class comment). */
    private final Deque<OutboundFrame> queue = new ArrayDeque<>();
    private final int outboundQueueSize;
    /** The relay lane: screen frames under their {@link ScreenSlot}, other relayed frames under a sequence number. */
    private final Map<Object, Message> relayed = new LinkedHashMap<>();
    private final int relayQueueSize;
    private final long relayQueueBytes;
    /** The bytes of the frames in {@link #relayed} (their serialized sizes). */
    private long relayedBytes;
    private long relaySeq;
    /** A ping is due (written before anything else). */
    private boolean pingDue;
    /** Whether the relay lane goes first when both it and the queue hold frames (they take turns). */
    private boolean relayTurn;
    /** The writer ({@link #outboundBatches}'s subscriber) while it is subscribed; at most one ever. */
    private FluxSink<List<OutboundFrame>> writer;
    private int batchFrames = 1;
    private long batchBytes = Long.MAX_VALUE;
    /** Batches handed to the writer (for tests and diagnostics). */
    private long batchesTaken;
    private boolean writerSubscribed;
    /** {@link #drain()} is running (a request made while it hands a frame over is served by its loop). */
    private boolean draining;
    /** Set by {@link #close()}: the writer completes once the queued frames are handed out. */
    private boolean completing;
    private final Sinks.Empty<Void> closed = Sinks.empty();
    private final Deque<Delivery> heldLive = new ArrayDeque<>();
    private final int liveQueueSize;
    private final Consumer<CloseStatus> closer;
    private State state = State.SYNCING;
    private long lastInboxSeq;
    private long skippedDuplicates;
    /** The last inbox entry the writer handed over ({@link #handedOver}); written by the writer only. */
    private volatile long lastHandedOver;
    /** The highest inbox entry confirmed by an ack frame of this socket ({@link #acknowledge}). */
    private final AtomicLong acknowledged = new AtomicLong();
    /** Set by {@link #closeWith}: frames still queued are dropped, not written (and not acknowledged). */
    private boolean discardQueued;

    /** The relay lane's size when the constructor does not say. */
    public static final int DEFAULT_RELAY_QUEUE_SIZE = 256;
    /** The relay lane's bytes when the constructor does not say. */
    public static final long DEFAULT_RELAY_QUEUE_BYTES = 2L * 1024 * 1024;

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
        this(connectionId, userUuid, username, profile, outboundQueueSize, liveQueueSize, DEFAULT_RELAY_QUEUE_SIZE,
                closer);
    }

    /** With the default bytes of the relay lane ({@value #DEFAULT_RELAY_QUEUE_BYTES}). */
    public SocketConnection(String connectionId, String userUuid, String username, SocketProfile profile,
                            int outboundQueueSize, int liveQueueSize, int relayQueueSize,
                            Consumer<CloseStatus> closer) {
        this(connectionId, userUuid, username, profile, outboundQueueSize, liveQueueSize, relayQueueSize,
                DEFAULT_RELAY_QUEUE_BYTES, closer);
    }

    /**
     * @param outboundQueueSize frames of the stored-message queue (full: closed with 1013)
     * @param liveQueueSize     live deliveries held while the offline sync runs (full: closed with 1013)
     * @param relayQueueSize    relayed frames waiting (full: further ones are dropped)
     * @param relayQueueBytes   bytes of the relayed frames waiting (a frame that does not fit is dropped)
     */
    public SocketConnection(String connectionId, String userUuid, String username, SocketProfile profile,
                            int outboundQueueSize, int liveQueueSize, int relayQueueSize, long relayQueueBytes,
                            Consumer<CloseStatus> closer) {
        if (outboundQueueSize < 1 || liveQueueSize < 1 || relayQueueSize < 1 || relayQueueBytes < 1) {
            throw new IllegalArgumentException("queue sizes must be at least 1");
        }
        this.connectionId = connectionId;
        this.userUuid = userUuid;
        this.username = username;
        this.profile = profile;
        this.lastInboxSeq = profile.since().orElse(0);
        this.outboundQueueSize = outboundQueueSize;
        this.liveQueueSize = liveQueueSize;
        this.relayQueueSize = relayQueueSize;
        this.relayQueueBytes = relayQueueBytes;
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
     * The frames to write one by one ({@link #outboundBatches} of one frame each), for the socket's single writer.
     */
    public Flux<OutboundFrame> outbound() {
        return outboundBatches(1, Long.MAX_VALUE).map(batch -> batch.get(0));
    }

    /**
     * The frames to write, in batches, for the socket's single writer (a second subscriber gets an error), handed
     * out as it requests them: each batch is what waits when it is requested (never empty), up to {@code maxFrames}
     * frames and {@code maxBytes} bytes (see the class comment). Completes when the connection closes (after
     * {@link #close()} once the waiting frames are handed out); after {@link #closeWith} nothing more is handed out
     * (waiting frames are dropped).
     */
    public Flux<List<OutboundFrame>> outboundBatches(int maxFrames, long maxBytes) {
        if (maxFrames < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("a batch takes at least one frame");
        }
        return Flux.create(sink -> subscribed(sink, maxFrames, maxBytes));
    }

    private synchronized void subscribed(FluxSink<List<OutboundFrame>> sink, int maxFrames, long maxBytes) {
        if (writerSubscribed) {
            sink.error(new IllegalStateException("a socket has one writer"));
            return;
        }
        writerSubscribed = true;
        writer = sink;
        batchFrames = maxFrames;
        batchBytes = maxBytes;
        sink.onDispose(() -> unsubscribed(sink));
        sink.onRequest(requested -> requested());
    }

    private synchronized void requested() {
        drain();
    }

    private synchronized void unsubscribed(FluxSink<List<OutboundFrame>> sink) {
        if (writer == sink) {
            writer = null;
        }
    }

    /**
     * A relayed frame (call signalling, a screen frame), live only: written at once in any state but closed, through
     * the relay lane (see the class comment). Never closes the socket.
     *
     * @param screen a screen or video-image frame: only the newest one of its sender ({@code from}) waits
     */
    public synchronized RelayResult relay(Message frame, boolean screen) {
        if (state == State.CLOSED) {
            return RelayResult.CLOSED;
        }
        long size = frame.getSerializedSize();
        if (screen) {
            ScreenSlot slot = new ScreenSlot(frame.getFrom());
            Message stale = relayed.get(slot);
            if (stale != null) {
                long bytes = relayedBytes - stale.getSerializedSize() + size;
                if (bytes > relayQueueBytes) {
                    return RelayResult.DROPPED;
                }
                relayed.put(slot, frame); // replaces the stale one in its place: the lane does not grow
                relayedBytes = bytes;
                return RelayResult.REPLACED;
            }
            return enqueue(slot, frame, size);
        }
        return enqueue(relaySeq++, frame, size);
    }

    private RelayResult enqueue(Object key, Message frame, long size) {
        if (relayed.size() >= relayQueueSize || relayedBytes + size > relayQueueBytes) {
            return RelayResult.DROPPED;
        }
        relayed.put(key, frame);
        relayedBytes += size;
        drain();
        return RelayResult.QUEUED;
    }

    /** The gateway's ping is due: written next (at most one waits). */
    public synchronized void ping() {
        if (state != State.CLOSED) {
            pingDue = true;
            drain();
        }
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
        write(delivery, true);
    }

    /**
     * An entry of the pending inbox, during the offline sync (a replay: no delivery latency is recorded for it).
     *
     * @return whether it was written (false: already written, or the connection is closed)
     */
    public synchronized boolean deliverPending(Delivery delivery) {
        return state != State.CLOSED && write(delivery, false);
    }

    /**
     * A page of the pending inbox, during the offline sync: every entry is queued before the writer takes any of them,
     * so the page goes out in as few batches as the batch bounds allow (not a batch per entry when the writer is
     * quicker than the page is queued).
     *
     * @return how many of them were written (the others: already written, or the connection closed)
     */
    public synchronized int deliverPending(List<Delivery> page) {
        int written = 0;
        boolean wasDraining = draining;
        draining = true; // the writer takes nothing until the page is queued
        try {
            for (Delivery delivery : page) {
                if (state == State.CLOSED) {
                    break;
                }
                roomForOneMore();
                if (write(delivery, false)) {
                    written++;
                }
            }
        } finally {
            draining = wasDraining;
        }
        drain();
        return written;
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
        boolean wasDraining = draining;
        draining = true; // the held deliveries are queued as a whole, then taken in batches
        try {
            while (!heldLive.isEmpty() && state == State.SYNCING) {
                roomForOneMore();
                write(heldLive.pollFirst(), true);
            }
        } finally {
            draining = wasDraining;
        }
        drain();
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
            relayed.clear();
            relayedBytes = 0;
            heldLive.clear();
            pingDue = false;
            closer.accept(status);
            drain();
            closed.tryEmitEmpty();
        }
    }

    /** The connection ended: nothing more is accepted; the writer completes once it has what was waiting. */
    public synchronized void close() {
        state = State.CLOSED;
        heldLive.clear();
        pingDue = false;
        completing = true;
        drain();
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

    /** Batches handed to the writer so far (pings included): how many writes the frames took. */
    public synchronized long batchesTaken() {
        return batchesTaken;
    }

    /**
     * The socket's writer is done with {@code frame} (in queue order, on the writer's thread): it was written to the
     * connection, or, if it {@link OutboundFrame#writes() writes} nothing, counted as handled.
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

    /** Frames waiting for the writer in the stored-message queue. */
    public synchronized int queued() {
        return queue.size();
    }

    /** The stored-message queue's bound. */
    public int capacity() {
        return outboundQueueSize;
    }

    /** Relayed frames waiting for the writer. */
    public synchronized int relayQueued() {
        return relayed.size();
    }

    /** The relay lane's bound. */
    public int relayCapacity() {
        return relayQueueSize;
    }

    /** The bytes of the relayed frames waiting for the writer. */
    public synchronized long relayQueuedBytes() {
        return relayedBytes;
    }

    /** The relay lane's bound in bytes. */
    public long relayCapacityBytes() {
        return relayQueueBytes;
    }

    /** @param live a live delivery (its source time travels on for the latency), not a replay of the inbox */
    private boolean write(Delivery delivery, boolean live) {
        long inboxSeq = delivery.getInboxSeq();
        if (inboxSeq > 0 && inboxSeq <= lastInboxSeq) {
            skippedDuplicates++;
            return false;
        }
        Message frame = delivery.getFrame();
        if (!profile.accepts(frame)) {
            // not for this socket; an inbox entry still counts as handled, in its place (see the class comment)
            if (inboxSeq <= 0 || !emit(OutboundFrame.notWritten(inboxSeq, delivery.getCorrelationId()))) {
                return false;
            }
            lastInboxSeq = inboxSeq;
            return true;
        }
        if (inboxSeq > 0 && frame.getInboxSeq() != inboxSeq) {
            frame = frame.toBuilder().setInboxSeq(inboxSeq).build();
        }
        if (!emit(new OutboundFrame(frame, inboxSeq, false, live ? delivery.getSourceReceivedAtMs() : 0,
                delivery.getCorrelationId()))) {
            return false;
        }
        if (inboxSeq > 0) {
            lastInboxSeq = inboxSeq;
        }
        return true;
    }

    private boolean emit(OutboundFrame frame) {
        if (queue.size() >= outboundQueueSize) {
            overflow();
            return false;
        }
        queue.addLast(frame);
        drain();
        return true;
    }

    /**
     * Hands waiting frames to the writer, a batch for each one it asked for; completes it when the connection is
     * done. Called under the monitor; a call made while a batch is being handed over (the writer asking for the next
     * one on the same thread) returns at once: the running loop sees the new request.
     */
    private void drain() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            while (writer != null && !discardQueued && writer.requestedFromDownstream() > 0) {
                List<OutboundFrame> batch = nextBatch();
                if (batch == null) {
                    break;
                }
                batchesTaken++;
                writer.next(batch);
            }
            if (writer != null && (discardQueued || (completing && queue.isEmpty() && relayed.isEmpty()))) {
                FluxSink<List<OutboundFrame>> done = writer;
                writer = null;
                done.complete();
            }
        } finally {
            draining = false;
        }
    }

    /** The next batch for the writer (null: nothing waits): frames in {@link #next} order within its bounds. */
    private List<OutboundFrame> nextBatch() {
        OutboundFrame first = next(Long.MAX_VALUE);
        if (first == null) {
            return null;
        }
        if (batchFrames == 1) {
            return List.of(first);
        }
        List<OutboundFrame> batch = new ArrayList<>(Math.min(batchFrames, 1 + queue.size() + relayed.size()));
        batch.add(first);
        long room = batchBytes - first.bytes();
        while (batch.size() < batchFrames && room > 0) {
            OutboundFrame next = next(room);
            if (next == null) {
                break;
            }
            batch.add(next);
            room -= next.bytes();
        }
        return batch;
    }

    /**
     * The next frame for the writer: a due ping, else the queue and the relay lane in turn; null when nothing waits
     * or the frame whose turn it is takes more than {@code room} bytes (it stays first in line).
     */
    private OutboundFrame next(long room) {
        if (pingDue) {
            pingDue = false;
            return OutboundFrame.PING;
        }
        if (!relayed.isEmpty() && (relayTurn || queue.isEmpty())) {
            Iterator<Message> oldest = relayed.values().iterator();
            Message frame = oldest.next();
            int size = frame.getSerializedSize();
            if (size > room) {
                return null;
            }
            relayTurn = false;
            oldest.remove();
            relayedBytes -= size;
            return new OutboundFrame(frame, 0);
        }
        if (!queue.isEmpty()) {
            if (queue.peekFirst().bytes() > room) {
                return null;
            }
            relayTurn = true;
            return queue.pollFirst();
        }
        return null;
    }

    /**
     * While frames are queued as a whole (the writer held off): a full queue first hands the writer what it asked
     * for, as it would have taken it meanwhile, before the next frame can overflow it.
     */
    private void roomForOneMore() {
        if (queue.size() >= outboundQueueSize) {
            draining = false;
            try {
                drain();
            } finally {
                draining = true;
            }
        }
    }

    private void overflow() {
        closeWith(TRY_AGAIN_LATER);
    }
}
