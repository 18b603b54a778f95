package im.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import im.proto.Message;
import im.proto.frames.Delivery;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.socket.CloseStatus;

class SocketConnectionTest {

    private final List<CloseStatus> closes = new ArrayList<>();

    private SocketConnection connection(int queue, int live) {
        return new SocketConnection("c1", "[usr]me", "me", queue, live, closes::add);
    }

    private static Delivery delivery(long inboxSeq, String content) {
        return Delivery.newBuilder().setRecipientUuid("[usr]me").setInboxSeq(inboxSeq)
                .setFrame(Message.newBuilder().setContent(content)).build();
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
}
