package im.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import im.gateway.support.TestProperties;
import im.gateway.ws.SocketConnection;
import im.gateway.ws.SocketProfile;
import im.proto.Message;
import im.proto.frames.Delivery;
import im.proto.frames.DeliveryBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.socket.CloseStatus;
import reactor.core.publisher.Mono;

class OfflineSyncTest {

    private static final String ME = "[usr]me";

    private final List<CloseStatus> closes = new CopyOnWriteArrayList<>();
    private final List<Long> afters = new CopyOnWriteArrayList<>();
    private final List<Boolean> resumes = new CopyOnWriteArrayList<>();

    /** A pending-inbox client answering from {@code answer} (given the {@code after} asked). */
    private PendingInboxClient inbox(Function<Long, Mono<DeliveryBatch>> answer) {
        return new PendingInboxClient(TestProperties.gateway(List.of("*"))) {
            @Override
            public Mono<DeliveryBatch> pending(String userUuid, long afterInboxSeq, int limit, boolean resume) {
                afters.add(afterInboxSeq);
                resumes.add(resume);
                return answer.apply(afterInboxSeq);
            }
        };
    }

    /** Serves {@code total} entries (1..total) in pages of {@code pageSize}, reporting {@code deliveredSeq}. */
    private PendingInboxClient inboxOf(int total, int pageSize, long deliveredSeq) {
        return inbox(after -> {
            DeliveryBatch.Builder batch = DeliveryBatch.newBuilder().setDeliveredSeq(deliveredSeq);
            for (long seq = after + 1; seq <= Math.min(total, after + pageSize); seq++) {
                batch.addDeliveries(delivery(seq));
            }
            return Mono.just(batch.setHasMore(after + pageSize < total).build());
        });
    }

    private SocketConnection connection(int queue) {
        return new SocketConnection("c1", ME, "me", queue, 16, closes::add);
    }

    private static Delivery delivery(long inboxSeq) {
        return Delivery.newBuilder().setRecipientUuid(ME).setInboxSeq(inboxSeq)
                .setFrame(Message.newBuilder().setContent("m" + inboxSeq)).build();
    }

    /** The inbox seqs the socket's writer receives (subscribed now, as the socket's writer would be). */
    private static List<Long> written(SocketConnection connection) {
        List<Long> seqs = new CopyOnWriteArrayList<>();
        connection.outbound().subscribe(frame -> seqs.add(frame.inboxSeq()));
        return seqs;
    }

    private static List<Long> range(long from, long to) {
        List<Long> seqs = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            seqs.add(seq);
        }
        return seqs;
    }

    @Test
    void aFailedFetchClosesTheSocketWith1013InsteadOfGoingLive() {
        SocketConnection connection = connection(16);
        List<Long> written = written(connection);
        connection.deliverLive(delivery(9));
        new OfflineSync(inbox(after -> Mono.error(new IllegalStateException("500 from messaging"))), 200,
                Duration.ofSeconds(1)).run(connection).block(Duration.ofSeconds(5));
        assertThat(closes).containsExactly(SocketConnection.TRY_AGAIN_LATER);
        assertThat(connection.isLive()).isFalse();
        assertThat(written).as("the held live delivery is not written past the backlog").isEmpty();
    }

    @Test
    void aTimedOutFetchClosesTheSocketWith1013() {
        SocketConnection connection = connection(16);
        new OfflineSync(inbox(after -> Mono.<DeliveryBatch>never().timeout(Duration.ofMillis(50))), 200,
                Duration.ofSeconds(1)).run(connection).block(Duration.ofSeconds(5));
        assertThat(closes).containsExactly(SocketConnection.TRY_AGAIN_LATER);
        assertThat(connection.isLive()).isFalse();
    }

    @Test
    void aQueueThatNeverGetsRoomForTheNextPageClosesTheSocketWith1013() {
        SocketConnection connection = connection(16); // nobody reads: the queue stays full
        new OfflineSync(inboxOf(30, 10, 0), 10, Duration.ofMillis(200)).run(connection).block(Duration.ofSeconds(5));
        assertThat(afters).containsExactly(0L);
        assertThat(closes).containsExactly(SocketConnection.TRY_AGAIN_LATER);
        assertThat(connection.isLive()).isFalse();
    }

    @Test
    void aPageWithHasMoreButNothingNewClosesTheSocketWith1013() {
        SocketConnection connection = connection(16);
        written(connection);
        new OfflineSync(inbox(after -> Mono.just(DeliveryBatch.newBuilder().setHasMore(true).build())), 200,
                Duration.ofSeconds(1)).run(connection).block(Duration.ofSeconds(5));
        assertThat(closes).containsExactly(SocketConnection.TRY_AGAIN_LATER);
    }

    @Test
    void everyPageIsFetchedWhileHasMoreWithoutAPageCap() {
        SocketConnection connection = connection(16);
        List<Long> written = written(connection);
        new OfflineSync(inboxOf(75, 3, 0), 3, Duration.ofSeconds(1)).run(connection).block(Duration.ofSeconds(10));
        assertThat(afters).hasSize(25);
        assertThat(resumes).containsOnly(false);
        assertThat(written).isEqualTo(range(1, 75));
        assertThat(connection.isLive()).isTrue();
        assertThat(closes).isEmpty();
    }

    @Test
    void goingLiveTreatsTheDeliveredSeqOfTheAnswersAsWritten() {
        SocketConnection connection = connection(16);
        List<Long> written = written(connection);
        connection.deliverLive(delivery(4)); // re-published by a retry: already delivered to another device
        connection.deliverLive(delivery(8));
        new OfflineSync(inbox(after -> Mono.just(DeliveryBatch.newBuilder().setDeliveredSeq(5)
                .addDeliveries(delivery(6)).addDeliveries(delivery(7)).build())), 200, Duration.ofSeconds(1))
                .run(connection).block(Duration.ofSeconds(5));
        connection.deliverLive(delivery(3)); // a gateway resuming from committed offsets
        connection.deliverLive(delivery(9));
        assertThat(written).containsExactly(6L, 7L, 8L, 9L);
        assertThat(connection.lastInboxSeq()).isEqualTo(9);
    }

    @Test
    void anEmptyPendingInboxStillRaisesTheSocketsCursorToTheDeliveredSeq() {
        SocketConnection connection = connection(16);
        List<Long> written = written(connection);
        connection.deliverLive(delivery(5));
        new OfflineSync(inbox(after -> Mono.just(DeliveryBatch.newBuilder().setDeliveredSeq(5).build())), 200,
                Duration.ofSeconds(1)).run(connection).block(Duration.ofSeconds(5));
        connection.deliverLive(delivery(2));
        assertThat(written).isEmpty();
        assertThat(connection.lastInboxSeq()).isEqualTo(5);
        assertThat(connection.isLive()).isTrue();
    }

    @Test
    void aSocketWithSinceResumesAfterItAndIgnoresTheDeliveredSeq() {
        SocketConnection connection = new SocketConnection("c1", ME, "me", SocketProfile.parse("2", null, "3"), 16, 16,
                closes::add);
        List<Long> written = written(connection);
        connection.deliverLive(delivery(9)); // held while syncing
        new OfflineSync(inbox(after -> Mono.just(DeliveryBatch.newBuilder().setDeliveredSeq(20)
                .addDeliveries(delivery(after + 1)).addDeliveries(delivery(after + 2)).setHasMore(after < 5)
                .build())), 2, Duration.ofSeconds(1)).run(connection).block(Duration.ofSeconds(5));
        connection.deliverLive(delivery(10)); // below the other devices' cursor, above this device's position
        assertThat(afters).containsExactly(3L, 5L);
        assertThat(resumes).containsExactly(true, true);
        assertThat(written).containsExactly(4L, 5L, 6L, 7L, 9L, 10L);
        assertThat(connection.isLive()).isTrue();
        assertThat(closes).isEmpty();
    }

    @Test
    void sinceZeroResumesFromTheStartOfTheInbox() {
        SocketConnection connection = new SocketConnection("c1", ME, "me", SocketProfile.parse(null, null, "0"), 16, 16,
                closes::add);
        List<Long> written = written(connection);
        new OfflineSync(inboxOf(3, 10, 3), 10, Duration.ofSeconds(1)).run(connection).block(Duration.ofSeconds(5));
        assertThat(afters).containsExactly(0L);
        assertThat(resumes).containsExactly(true);
        assertThat(written).containsExactly(1L, 2L, 3L);
    }
}
