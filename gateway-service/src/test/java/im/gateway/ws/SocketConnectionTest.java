package im.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import im.proto.Message;
import im.proto.frames.Delivery;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.socket.CloseStatus;
import reactor.core.publisher.BaseSubscriber;

class SocketConnectionTest {

    private final List<CloseStatus> closes = new ArrayList<>();

    private SocketConnection connection(int queue, int live) {
        return new SocketConnection("c1", "[usr]me", "me", queue, live, closes::add);
    }

    private static Delivery delivery(long inboxSeq, String content) {
        return Delivery.newBuilder().setRecipientUuid("[usr]me").setInboxSeq(inboxSeq)
                .setFrame(Message.newBuilder().setContent(content)).build();
    }

    private SocketConnection connection(SocketProfile profile) {
        return new SocketConnection("c1", "[usr]me", "me", profile, 16, 16, closes::add);
    }

    private static Delivery ofType(long inboxSeq, String type) {
        return Delivery.newBuilder().setRecipientUuid("[usr]me").setInboxSeq(inboxSeq)
                .setFrame(Message.newBuilder().setType(type).setContent(type + "-" + inboxSeq)).build();
    }

    /** Everything the writer takes, in order (after closing): what it writes, and "-n" for entry n only handled. */
    private static List<String> taken(SocketConnection connection) {
        List<String> out = new ArrayList<>();
        connection.close();
        connection.outbound().map(frame -> frame.writes() ? frame.frame().getContent() : "-" + frame.inboxSeq())
                .doOnNext(out::add).blockLast();
        return out;
    }

    /** What the writer takes, handing each frame over as the socket's writer does: the hand-off receipts. */
    private static List<Long> handOffReceipts(SocketConnection connection) {
        List<Long> receipts = new ArrayList<>();
        connection.outbound().map(connection::handedOver).filter(seq -> seq > 0).subscribe(receipts::add);
        return receipts;
    }

    private static List<String> contents(SocketConnection connection) {
        List<String> out = new ArrayList<>();
        connection.close();
        connection.outbound().map(frame -> frame.frame().getContent()).doOnNext(out::add).blockLast();
        return out;
    }

    @Test
    void liveDeliveriesAreHeldUntilTheSyncEndsThenSkipWhatTheSyncWrote() {
        SocketConnection connection = connection(16, 16);
        connection.deliverLive(delivery(2, "live-2"));
        connection.deliverLive(delivery(3, "live-3"));
        connection.deliverPending(delivery(1, "pending-1"));
        connection.deliverPending(delivery(2, "pending-2"));
        connection.goLive();
        connection.deliverLive(delivery(4, "live-4"));
        assertThat(contents(connection)).containsExactly("pending-1", "pending-2", "live-3", "live-4");
    }

    @Test
    void theSameOrALowerInboxSeqIsNeverWrittenTwice() {
        SocketConnection connection = connection(16, 16);
        connection.goLive();
        connection.deliverLive(delivery(5, "a"));
        connection.deliverLive(delivery(5, "a again"));
        connection.deliverLive(delivery(4, "older"));
        connection.deliverLive(delivery(0, "untracked"));
        connection.deliverLive(delivery(0, "untracked"));
        assertThat(connection.skippedDuplicates()).isEqualTo(2);
        assertThat(contents(connection)).containsExactly("a", "untracked", "untracked");
    }

    @Test
    void writtenFramesCarryTheirInboxSeq() {
        SocketConnection connection = connection(16, 16);
        connection.goLive();
        connection.deliverLive(delivery(7, "x"));
        connection.close();
        SocketConnection.OutboundFrame frame = connection.outbound().blockFirst();
        assertThat(frame.inboxSeq()).isEqualTo(7);
        assertThat(frame.frame().getInboxSeq()).isEqualTo(7);
    }

    @Test
    void aFullOutboundQueueClosesTheSocketWithTryAgainLater() {
        SocketConnection connection = connection(2, 16);
        connection.goLive();
        connection.deliverLive(delivery(1, "1"));
        connection.deliverLive(delivery(2, "2"));
        assertThat(closes).isEmpty();
        connection.deliverLive(delivery(3, "3"));
        assertThat(closes).containsExactly(SocketConnection.TRY_AGAIN_LATER);
        assertThat(connection.isClosed()).isTrue();
        connection.deliverLive(delivery(4, "4"));
        assertThat(closes).hasSize(1);
    }

    @Test
    void tooManyHeldLiveDeliveriesCloseTheSocketToo() {
        SocketConnection connection = connection(16, 1);
        connection.deliverLive(delivery(1, "1"));
        connection.deliverLive(delivery(2, "2"));
        assertThat(closes).containsExactly(SocketConnection.TRY_AGAIN_LATER);
    }

    @Test
    void goingLiveWithADeliveredSeqSkipsHeldAndLaterDeliveriesAtOrBelowIt() {
        SocketConnection connection = connection(16, 16);
        connection.deliverLive(delivery(3, "already delivered elsewhere"));
        connection.deliverLive(delivery(4, "new"));
        connection.goLive(3);
        connection.deliverLive(delivery(2, "replayed"));
        connection.deliverLive(delivery(5, "newer"));
        assertThat(contents(connection)).containsExactly("new", "newer");
    }

    @Test
    void tryAgainLaterClosesWith1013Once() {
        SocketConnection connection = connection(16, 16);
        connection.tryAgainLater();
        connection.tryAgainLater();
        assertThat(closes).containsExactly(SocketConnection.TRY_AGAIN_LATER);
        assertThat(connection.closed().block(java.time.Duration.ofSeconds(1))).isNull();
        assertThat(connection.isClosed()).isTrue();
    }

    @Test
    void closingWithAStatusDropsQueuedAndHeldFramesSoNoneIsWrittenOrAcknowledged() {
        SocketConnection live = connection(16, 16);
        live.goLive();
        live.deliverLive(delivery(1, "queued"));
        live.closeWith(SocketConnection.ACCOUNT_DELETED);
        assertThat(live.queued()).isZero();
        assertThat(live.outbound().collectList().block(java.time.Duration.ofSeconds(1))).isEmpty();

        SocketConnection syncing = connection(16, 16);
        syncing.deliverLive(delivery(1, "held"));
        syncing.closeWith(SocketConnection.ACCOUNT_DELETED);
        syncing.goLive();
        assertThat(syncing.outbound().collectList().block(java.time.Duration.ofSeconds(1))).isEmpty();
        assertThat(closes).containsExactly(SocketConnection.ACCOUNT_DELETED, SocketConnection.ACCOUNT_DELETED);
    }

    @Test
    void aFrameTheSocketDidNotOptIntoIsNotWrittenButItsInboxEntryIsHandledInItsPlace() {
        SocketConnection connection = connection(SocketProfile.LEGACY);
        connection.goLive();
        connection.deliverLive(delivery(1, "m1"));
        connection.deliverLive(ofType(2, "edit"));
        connection.deliverLive(ofType(2, "edit")); // the same entry again: still a duplicate
        connection.deliverLive(ofType(0, "typing")); // no inbox entry: nothing at all
        connection.deliverLive(ofType(3, "read"));
        connection.deliverLive(delivery(4, "m4"));
        assertThat(connection.lastInboxSeq()).isEqualTo(4);
        assertThat(connection.skippedDuplicates()).isEqualTo(1);
        assertThat(taken(connection)).containsExactly("m1", "-2", "-3", "m4");
    }

    @Test
    void aLegacySocketConfirmsEveryHandledEntryOnHandOffInOrder() {
        SocketConnection connection = connection(SocketProfile.LEGACY);
        List<Long> receipts = handOffReceipts(connection);
        connection.goLive();
        connection.deliverLive(delivery(1, "m1"));
        connection.deliverLive(ofType(2, "delete"));
        connection.deliverLive(delivery(0, "an ack frame"));
        connection.deliverLive(ofType(3, "hide"));
        assertThat(receipts).containsExactly(1L, 2L, 3L);
        assertThat(connection.lastHandedOver()).isEqualTo(3);
    }

    @Test
    void optedInFramesAreWritten() {
        SocketConnection connection = connection(SocketProfile.parse(null, "lifecycle,typing", null));
        connection.goLive();
        connection.deliverLive(ofType(1, "edit"));
        connection.deliverLive(ofType(0, "typing"));
        connection.deliverLive(ofType(2, "read"));
        connection.deliverLive(ofType(3, "hide"));
        assertThat(taken(connection)).containsExactly("edit-1", "typing-0", "-2", "hide-3");
    }

    @Test
    void aFilteredEntryCountsAsProgressOfThePendingSync() {
        SocketConnection connection = connection(SocketProfile.LEGACY);
        assertThat(connection.deliverPending(ofType(1, "edit"))).isTrue();
        assertThat(connection.deliverPending(ofType(1, "edit"))).isFalse();
        assertThat(connection.deliverPending(ofType(0, "typing"))).isFalse();
        assertThat(connection.lastInboxSeq()).isEqualTo(1);
    }

    @Test
    void aSocketThatAcknowledgesItselfGetsNoHandOffReceipts() {
        SocketConnection connection = connection(SocketProfile.parse("2", null, null));
        List<Long> receipts = handOffReceipts(connection);
        connection.goLive();
        connection.deliverLive(delivery(1, "m1"));
        connection.deliverLive(ofType(2, "edit"));
        assertThat(receipts).isEmpty();
        assertThat(connection.lastHandedOver()).isEqualTo(2);
    }

    @Test
    void anAckIsClampedToWhatWasHandedOverAndOnlyEverMovesForward() {
        SocketConnection connection = connection(SocketProfile.parse("2", null, null));
        assertThat(connection.acknowledge(5)).as("nothing handed over yet").isZero();
        handOffReceipts(connection);
        connection.goLive();
        connection.deliverLive(delivery(1, "m1"));
        connection.deliverLive(delivery(2, "m2"));
        connection.deliverLive(delivery(3, "m3"));
        assertThat(connection.acknowledge(1)).isEqualTo(1);
        assertThat(connection.acknowledge(99)).as("never past what the socket was sent").isEqualTo(3);
        assertThat(connection.acknowledge(3)).as("not above the last ack").isZero();
        assertThat(connection.acknowledge(2)).isZero();
        assertThat(connection.acknowledge(0)).isZero();
        assertThat(connection.acknowledge(-1)).isZero();
        connection.deliverLive(delivery(4, "m4"));
        assertThat(connection.acknowledge(4)).isEqualTo(4);
    }

    @Test
    void anAckOfALegacySocketIsClampedTheSameWay() {
        SocketConnection connection = connection(SocketProfile.LEGACY);
        List<Long> receipts = handOffReceipts(connection);
        connection.goLive();
        connection.deliverLive(delivery(1, "m1"));
        connection.deliverLive(delivery(2, "m2"));
        assertThat(receipts).containsExactly(1L, 2L);
        assertThat(connection.acknowledge(7)).isEqualTo(2);
        assertThat(connection.acknowledge(7)).isZero();
    }

    @Test
    void aSocketWithSinceStartsThereAndSkipsWhatTheDeviceAlreadyProcessed() {
        SocketConnection connection = connection(SocketProfile.parse("2", null, "5"));
        assertThat(connection.lastInboxSeq()).isEqualTo(5);
        connection.deliverLive(delivery(5, "processed"));
        connection.deliverLive(delivery(7, "live-7"));
        assertThat(connection.deliverPending(delivery(4, "processed"))).isFalse();
        assertThat(connection.deliverPending(delivery(6, "pending-6"))).isTrue();
        connection.goLive(0);
        assertThat(contents(connection)).containsExactly("pending-6", "live-7");
    }

    // ---- the relay lane: call signalling and screen frames ----

    private SocketConnection relaying(int queue, int relayQueue) {
        return new SocketConnection("c1", "[usr]me", "me", SocketProfile.LEGACY, queue, 16, relayQueue, closes::add);
    }

    private static Message screen(String sender, int n) {
        return Message.newBuilder().setFrom(sender).setType("").setContentType(9)
                .setContent(sender + "-screen-" + n).build();
    }

    private static Message signal(String content) {
        return Message.newBuilder().setFrom("[usr]caller").setType("webrtc").setContent(content).build();
    }

    /** A writer that asks for frames one at a time, as the socket's writer does when the client reads slowly. */
    private static final class SlowWriter extends BaseSubscriber<SocketConnection.OutboundFrame> {
        final List<String> taken = new ArrayList<>();
        boolean completed;

        @Override
        protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
            // asks for nothing until read(n)
        }

        @Override
        protected void hookOnNext(SocketConnection.OutboundFrame frame) {
            taken.add(frame.ping() ? "ping" : frame.frame().getContent());
        }

        @Override
        protected void hookOnComplete() {
            completed = true;
        }

        void read(int frames) {
            request(frames);
        }
    }

    @Test
    void aNewerScreenFrameReplacesTheOneStillWaitingInItsPlaceSoTheLaneDoesNotGrow() {
        SocketConnection connection = relaying(16, 16);
        SlowWriter writer = new SlowWriter();
        connection.outbound().subscribe(writer);
        connection.goLive();
        assertThat(connection.relay(signal("ice-1"), false)).isEqualTo(SocketConnection.RelayResult.QUEUED);
        assertThat(connection.relay(screen("[usr]alice", 1), true)).isEqualTo(SocketConnection.RelayResult.QUEUED);
        assertThat(connection.relay(screen("[usr]bob", 1), true)).isEqualTo(SocketConnection.RelayResult.QUEUED);
        for (int n = 2; n <= 100; n++) {
            assertThat(connection.relay(screen("[usr]alice", n), true))
                    .isEqualTo(SocketConnection.RelayResult.REPLACED);
            assertThat(connection.relayQueued()).as("one place per sender").isEqualTo(3);
        }
        assertThat(connection.relay(signal("ice-2"), false)).isEqualTo(SocketConnection.RelayResult.QUEUED);
        writer.read(4);
        assertThat(writer.taken).as("the stale ones are gone, the newest took the oldest's place")
                .containsExactly("ice-1", "[usr]alice-screen-100", "[usr]bob-screen-1", "ice-2");
        assertThat(connection.relay(screen("[usr]alice", 101), true))
                .as("taken by the writer: a new one waits again").isEqualTo(SocketConnection.RelayResult.QUEUED);
        assertThat(closes).isEmpty();
    }

    private SocketConnection relayingBytes(long relayQueueBytes) {
        return new SocketConnection("c1", "[usr]me", "me", SocketProfile.LEGACY, 16, 16, 256, relayQueueBytes,
                closes::add);
    }

    private static Message sized(String sender, int contentType, String label, int bytes) {
        Message.Builder frame = Message.newBuilder().setFrom(sender).setType("webrtc").setContentType(contentType);
        int padding = Math.max(0, bytes - frame.setContent(label + ";").build().getSerializedSize());
        Message sized = frame.setContent(label + ";" + "x".repeat(padding)).build();
        while (sized.getSerializedSize() > bytes) { // the content's length took another byte
            padding--;
            sized = frame.setContent(label + ";" + "x".repeat(padding)).build();
        }
        assertThat(sized.getSerializedSize()).isEqualTo(bytes);
        return sized;
    }

    @Test
    void theRelayLaneHoldsAtMostItsBytesWhateverTheNumberOfSendersAndDropsTheRest() {
        SocketConnection connection = relayingBytes(10_000);
        connection.outbound().subscribe(new SlowWriter()); // heartbeats keep it open, it reads nothing
        connection.goLive();
        for (int sender = 1; sender <= 3; sender++) {
            assertThat(connection.relay(sized("[usr]s" + sender, 0, "ice", 3_000), false))
                    .isEqualTo(SocketConnection.RelayResult.QUEUED);
        }
        assertThat(connection.relayQueuedBytes()).isEqualTo(9_000);
        assertThat(connection.relay(sized("[usr]s4", 0, "ice", 3_000), false))
                .as("1,000 bytes left: dropped, not 1013").isEqualTo(SocketConnection.RelayResult.DROPPED);
        assertThat(connection.relay(sized("[usr]s4", 0, "ice", 1_000), false))
                .as("what still fits").isEqualTo(SocketConnection.RelayResult.QUEUED);
        assertThat(connection.relayQueuedBytes()).isEqualTo(10_000).isEqualTo(connection.relayCapacityBytes());
        assertThat(connection.relay(sized("[usr]s5", 9, "screen", 100), true))
                .as("a screen frame too").isEqualTo(SocketConnection.RelayResult.DROPPED);
        assertThat(connection.relayQueued()).isEqualTo(4);
        assertThat(closes).isEmpty();
        assertThat(connection.isClosed()).isFalse();
    }

    @Test
    void aReplacingScreenFrameCountsOnlyWhatItAddsAndTheWriterFreesWhatItTakes() {
        SocketConnection connection = relayingBytes(10_000);
        SlowWriter writer = new SlowWriter();
        connection.outbound().subscribe(writer);
        connection.goLive();
        connection.relay(sized("[usr]alice", 9, "screen-1", 4_000), true);
        connection.relay(sized("[usr]bob", 0, "ice", 4_000), false);
        assertThat(connection.relay(sized("[usr]alice", 9, "screen-2", 6_000), true))
                .as("4,000 replaced by 6,000: exactly full").isEqualTo(SocketConnection.RelayResult.REPLACED);
        assertThat(connection.relayQueuedBytes()).isEqualTo(10_000);
        assertThat(connection.relay(sized("[usr]alice", 9, "screen-3", 6_001), true))
                .as("one byte too many: the newer one is dropped, the waiting one stays")
                .isEqualTo(SocketConnection.RelayResult.DROPPED);
        assertThat(connection.relay(sized("[usr]alice", 9, "screen-4", 2_000), true))
                .isEqualTo(SocketConnection.RelayResult.REPLACED);
        assertThat(connection.relayQueuedBytes()).isEqualTo(6_000);
        writer.read(1);
        assertThat(writer.taken).singleElement().asString().startsWith("screen-4;");
        assertThat(connection.relayQueuedBytes()).isEqualTo(4_000);
        writer.read(1);
        assertThat(connection.relayQueuedBytes()).isZero();
        connection.relay(sized("[usr]bob", 0, "ice", 4_000), false);
        connection.closeWith(SocketConnection.TRY_AGAIN_LATER);
        assertThat(connection.relayQueuedBytes()).as("dropped on close").isZero();
    }

    @Test
    void storedMessagesNeverWaitBehindMoreThanOneRelayedFrame() {
        SocketConnection connection = relaying(16, 16);
        SlowWriter writer = new SlowWriter();
        connection.outbound().subscribe(writer);
        connection.goLive();
        for (int n = 1; n <= 3; n++) {
            connection.relay(signal("ice-" + n), false);
        }
        connection.relay(screen("[usr]alice", 1), true);
        connection.deliverLive(delivery(1, "m1"));
        connection.deliverLive(delivery(2, "m2"));
        connection.deliverLive(delivery(3, "m3"));
        connection.relay(screen("[usr]alice", 2), true); // replaces screen 1, still behind ice-1..3
        writer.read(100);
        assertThat(writer.taken).containsExactly("m1", "ice-1", "m2", "ice-2", "m3", "ice-3",
                "[usr]alice-screen-2");
    }

    @Test
    void relayedFramesNeverFillTheStoredMessageQueueNorCloseTheSocket() {
        SocketConnection connection = relaying(2, 4);
        connection.outbound().subscribe(new SlowWriter()); // a client that reads nothing at all
        connection.goLive();
        for (int n = 1; n <= 1000; n++) {
            assertThat(connection.relay(screen("[usr]alice", n), true).accepted()).isTrue();
        }
        for (int n = 1; n <= 3; n++) {
            assertThat(connection.relay(signal("ice-" + n), false)).isEqualTo(SocketConnection.RelayResult.QUEUED);
        }
        assertThat(connection.relay(signal("ice-4"), false)).as("a full lane drops, never closes")
                .isEqualTo(SocketConnection.RelayResult.DROPPED);
        assertThat(connection.relayQueued()).isEqualTo(4).isEqualTo(connection.relayCapacity());
        assertThat(closes).isEmpty();
        connection.deliverLive(delivery(1, "m1"));
        connection.deliverLive(delivery(2, "m2"));
        assertThat(connection.queued()).isEqualTo(2);
        assertThat(closes).as("the stored messages have their whole queue").isEmpty();
        connection.deliverLive(delivery(3, "m3"));
        assertThat(closes).as("only the stored-message queue closes the socket")
                .containsExactly(SocketConnection.TRY_AGAIN_LATER);
    }

    @Test
    void relayedFramesAreWrittenWhileTheOfflineSyncRunsAndDroppedOnceClosed() {
        SocketConnection connection = relaying(16, 16);
        connection.deliverLive(delivery(1, "held until live"));
        assertThat(connection.relay(signal("dial"), false)).isEqualTo(SocketConnection.RelayResult.QUEUED);
        assertThat(connection.relay(screen("[usr]alice", 1), true)).isEqualTo(SocketConnection.RelayResult.QUEUED);
        assertThat(taken(connection)).containsExactly("dial", "[usr]alice-screen-1");
        assertThat(connection.relay(signal("late"), false)).isEqualTo(SocketConnection.RelayResult.CLOSED);

        SocketConnection dropped = relaying(16, 16);
        dropped.relay(signal("queued"), false);
        dropped.closeWith(SocketConnection.ACCOUNT_DELETED);
        assertThat(dropped.relayQueued()).isZero();
        assertThat(dropped.outbound().collectList().block(java.time.Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void aDuePingGoesFirstAndOnlyOnce() {
        SocketConnection connection = relaying(16, 16);
        SlowWriter writer = new SlowWriter();
        connection.outbound().subscribe(writer);
        connection.goLive();
        connection.deliverLive(delivery(1, "m1"));
        connection.ping();
        connection.ping();
        writer.read(3);
        assertThat(writer.taken).containsExactly("ping", "m1");
        connection.close();
        assertThat(writer.completed).isTrue();
    }

    @Test
    void theWriterIsTheOnlySubscriber() {
        SocketConnection connection = relaying(16, 16);
        connection.outbound().subscribe(new SlowWriter());
        assertThat(connection.outbound().collectList().onErrorReturn(List.of()).block()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> connection.outbound().blockFirst())
                .hasMessageContaining("one writer");
    }

    // ---- the batched writer ----

    /** A writer that asks for one batch at a time, when told, as the socket's writer does while a write is running. */
    private static final class BatchWriter extends BaseSubscriber<List<SocketConnection.OutboundFrame>> {
        final List<List<String>> batches = new ArrayList<>();

        @Override
        protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
            // asks for nothing until next()
        }

        @Override
        protected void hookOnNext(List<SocketConnection.OutboundFrame> batch) {
            batches.add(batch.stream()
                    .map(frame -> frame.ping() ? "ping" : frame.writes() ? frame.frame().getContent()
                            : "-" + frame.inboxSeq())
                    .toList());
        }

        /** The previous batch was written: the next one, please. */
        void next() {
            request(1);
        }

        List<String> all() {
            return batches.stream().flatMap(List::stream).toList();
        }
    }

    @Test
    void aBacklogOfAThousandFramesIsTakenInAFewBatchesInOrder() {
        SocketConnection connection = connection(1024, 16);
        BatchWriter writer = new BatchWriter();
        connection.outboundBatches(SocketConnection.WRITE_BATCH_FRAMES, SocketConnection.WRITE_BATCH_BYTES)
                .subscribe(writer);
        connection.goLive();
        for (int seq = 1; seq <= 1000; seq++) {
            connection.deliverLive(delivery(seq, "m" + seq));
        }
        assertThat(connection.queued()).isEqualTo(1000);
        while (writer.batches.size() < 10 && connection.queued() > 0) {
            writer.next();
        }
        assertThat(writer.batches).hasSize(4);
        assertThat(writer.batches).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(256));
        List<String> expected = new ArrayList<>();
        for (int seq = 1; seq <= 1000; seq++) {
            expected.add("m" + seq);
        }
        assertThat(writer.all()).containsExactlyElementsOf(expected);
        assertThat(connection.batchesTaken()).isEqualTo(4);
    }

    @Test
    void aBatchTakesWhatWaitsWhenTheWriterAsksAndNeverMoreThanItsBytes() {
        SocketConnection connection = connection(64, 16);
        BatchWriter writer = new BatchWriter();
        connection.outboundBatches(100, 2_500).subscribe(writer);
        connection.goLive();
        writer.next();
        connection.deliverLive(delivery(1, "first")); // the writer was waiting: taken at once, alone
        assertThat(writer.batches).containsExactly(List.of("first"));
        for (int seq = 2; seq <= 6; seq++) {
            connection.deliverLive(sizedDelivery(seq, 1_000)); // arrive while "first" is being written
        }
        writer.next();
        writer.next();
        writer.next();
        assertThat(writer.batches.subList(1, writer.batches.size()))
                .as("at most 2,500 bytes a batch: two frames of about 1,000").extracting(List::size)
                .containsExactly(2, 2, 1);
        connection.deliverLive(sizedDelivery(7, 10_000));
        writer.next();
        assertThat(writer.batches.get(writer.batches.size() - 1)).as("a frame above the bytes goes alone").hasSize(1);
    }

    private static Delivery sizedDelivery(long inboxSeq, int bytes) {
        return Delivery.newBuilder().setRecipientUuid("[usr]me").setInboxSeq(inboxSeq)
                .setFrame(Message.newBuilder().setContent("x".repeat(bytes))).build();
    }

    @Test
    void batchesKeepTheTurnsOfQueueAndLaneAndOnlyTheNewestScreenFrameOfASenderWaits() {
        SocketConnection connection = relaying(16, 16);
        BatchWriter writer = new BatchWriter();
        connection.outboundBatches(SocketConnection.WRITE_BATCH_FRAMES, SocketConnection.WRITE_BATCH_BYTES)
                .subscribe(writer);
        connection.goLive();
        writer.next();
        connection.relay(screen("[usr]alice", 1), true); // taken at once: the writer was waiting
        for (int n = 2; n <= 50; n++) {
            // while screen 1 is being written, each newer one replaces the one waiting in alice's place
            connection.relay(screen("[usr]alice", n), true);
            assertThat(connection.relayQueued()).isEqualTo(1);
        }
        connection.relay(signal("ice-1"), false);
        connection.deliverLive(delivery(1, "m1"));
        connection.deliverLive(delivery(2, "m2"));
        connection.relay(screen("[usr]bob", 1), true);
        connection.relay(screen("[usr]alice", 51), true);
        connection.deliverLive(delivery(3, "m3"));
        writer.next();
        assertThat(writer.batches).containsExactly(
                List.of("[usr]alice-screen-1"),
                List.of("m1", "[usr]alice-screen-51", "m2", "ice-1", "m3", "[usr]bob-screen-1"));
        assertThat(connection.relayQueued()).isZero();
        assertThat(connection.relayQueuedBytes()).isZero();
    }

    @Test
    void aPendingPageAndTheHeldLiveDeliveriesAreQueuedAsAWholeBeforeTheWaitingWriterTakesThem() {
        SocketConnection connection = connection(1024, 1024);
        BatchWriter writer = new BatchWriter();
        connection.outboundBatches(SocketConnection.WRITE_BATCH_FRAMES, SocketConnection.WRITE_BATCH_BYTES)
                .subscribe(writer);
        writer.next(); // waiting: a frame queued one by one would go out alone
        List<Delivery> page = new ArrayList<>();
        for (int seq = 1; seq <= 200; seq++) {
            page.add(delivery(seq, "p" + seq));
            connection.deliverLive(delivery(200 + seq, "live" + seq));
        }
        page.add(delivery(5, "already in this page"));
        assertThat(connection.deliverPending(page)).isEqualTo(200);
        assertThat(writer.batches).hasSize(1);
        assertThat(writer.batches.get(0)).hasSize(200).startsWith("p1", "p2").endsWith("p200");
        writer.next();
        connection.goLive();
        assertThat(writer.batches).hasSize(2);
        assertThat(writer.batches.get(1)).hasSize(200).startsWith("live1").endsWith("live200");
    }

    @Test
    void aPendingPageLargerThanTheQueueStillLetsTheWriterTakeWhatItAskedFor() {
        SocketConnection connection = connection(4, 16);
        BatchWriter writer = new BatchWriter();
        connection.outboundBatches(SocketConnection.WRITE_BATCH_FRAMES, SocketConnection.WRITE_BATCH_BYTES)
                .subscribe(writer);
        writer.next();
        List<Delivery> page = new ArrayList<>();
        for (int seq = 1; seq <= 6; seq++) {
            page.add(delivery(seq, "p" + seq));
        }
        assertThat(connection.deliverPending(page)).as("4 fit, the writer takes them, 2 more fit").isEqualTo(6);
        assertThat(closes).isEmpty();
        assertThat(writer.batches).containsExactly(List.of("p1", "p2", "p3", "p4"));
        assertThat(connection.queued()).isEqualTo(2);
    }
}
