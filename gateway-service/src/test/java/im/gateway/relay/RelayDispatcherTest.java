package im.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;

import im.gateway.ws.GatewayMetrics;
import im.gateway.ws.SessionRegistry;
import im.gateway.ws.SocketConnection;
import im.gateway.ws.SocketProfile;
import im.proto.Message;
import im.proto.frames.RelayAck;
import im.proto.frames.RelayFrame;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelayDispatcherTest {

    private static final String CALLEE = "[usr]callee";
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final SessionRegistry sessions = new SessionRegistry();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final GatewayMetrics metrics = new GatewayMetrics(registry, sessions);
    private final List<String> acks = new ArrayList<>();
    private final RelayDispatcher dispatcher = new RelayDispatcher(sessions, metrics,
            (origin, ack) -> acks.add(origin + ":" + ack.getFrameId() + ":" + ack.getSockets() + ":"
                    + ack.getGatewayId()), "gw-here", Clock.fixed(NOW, ZoneOffset.UTC));

    private SocketConnection socket(String user, String id) {
        SocketConnection connection = new SocketConnection(id, user, "name", SocketProfile.LEGACY, 16, 16, 2,
                status -> { });
        sessions.register(connection);
        return connection;
    }

    private static RelayFrame relay(int contentType, boolean wantAck, long sentAt) {
        return RelayFrame.newBuilder().setFrameId("f-" + contentType).setRecipientUuid(CALLEE)
                .setFrame(Message.newBuilder().setFrom("[usr]caller").setTo(CALLEE).setType("webrtc")
                        .setContentType(contentType))
                .setOriginGatewayId("gw-origin").setWantAck(wantAck).setSentAtMs(sentAt).build();
    }

    @Test
    void aDialReachesEverySocketOfTheCalleeAndIsAcknowledgedToItsOrigin() {
        SocketConnection phone = socket(CALLEE, "phone");
        SocketConnection laptop = socket(CALLEE, "laptop");
        socket("[usr]other", "other");
        assertThat(dispatcher.dispatch(relay(15, true, NOW.toEpochMilli()))).isEqualTo(2);
        assertThat(phone.relayQueued()).isEqualTo(1);
        assertThat(laptop.relayQueued()).isEqualTo(1);
        assertThat(acks).containsExactly("gw-origin:f-15:2:gw-here");
        assertThat(metrics.relayFramesOut()).isEqualTo(2);
    }

    @Test
    void nobodyHereMeansNoAckAndOtherFramesAreNeverAcknowledged() {
        assertThat(dispatcher.dispatch(relay(15, true, NOW.toEpochMilli()))).isZero();
        socket(CALLEE, "phone");
        assertThat(dispatcher.dispatch(relay(0, false, NOW.toEpochMilli()))).isEqualTo(1);
        assertThat(acks).isEmpty();
    }

    @Test
    void staleScreenFramesAndAFullLaneAreCounted() {
        SocketConnection slow = socket(CALLEE, "slow");
        for (int n = 0; n < 5; n++) {
            dispatcher.dispatch(relay(9, false, NOW.toEpochMilli()));
        }
        assertThat(slow.relayQueued()).isEqualTo(1);
        assertThat(metrics.screenFramesDropped()).isEqualTo(4);
        dispatcher.dispatch(relay(0, false, NOW.toEpochMilli()));
        dispatcher.dispatch(relay(0, false, NOW.toEpochMilli()));
        assertThat(registry.get("im.gateway.relay.frames.dropped").tag("reason", "lane_full").counter().count())
                .isEqualTo(1);
    }

    @Test
    void aLaneFullOfBytesDropsFurtherFramesAsLaneFull() {
        SocketConnection stuck = new SocketConnection("stuck", CALLEE, "name", SocketProfile.LEGACY, 16, 16, 256,
                2 * 1024 * 1024, status -> { });
        sessions.register(stuck);
        String sdp = "x".repeat(900 * 1024);
        for (int n = 0; n < 2; n++) {
            dispatcher.dispatch(relay(0, false, NOW.toEpochMilli()).toBuilder()
                    .setFrame(Message.newBuilder().setFrom("[usr]caller").setType("webrtc").setContent(sdp)).build());
        }
        assertThat(stuck.relayQueuedBytes()).isGreaterThan(1800L * 1024);
        RelayFrame third = relay(15, true, NOW.toEpochMilli()).toBuilder()
                .setFrame(Message.newBuilder().setFrom("[usr]caller").setType("webrtc").setContentType(15)
                        .setContent(sdp)).build();
        assertThat(dispatcher.dispatch(third)).isZero();
        assertThat(stuck.relayQueuedBytes()).as("at most 2 MB waiting").isLessThanOrEqualTo(2 * 1024 * 1024);
        assertThat(stuck.isClosed()).isFalse();
        assertThat(registry.get("im.gateway.relay.frames.dropped").tag("reason", "lane_full").counter().count())
                .isEqualTo(1);
        assertThat(acks).as("nobody took the dial: no ack").isEmpty();
    }

    @Test
    void aFrameOlderThanTenSecondsIsDropped() {
        SocketConnection phone = socket(CALLEE, "phone");
        assertThat(dispatcher.dispatch(relay(15, true, NOW.minusSeconds(11).toEpochMilli()))).isZero();
        assertThat(phone.relayQueued()).isZero();
        assertThat(acks).isEmpty();
    }

    @Test
    void acksCompleteTheWaitOfTheirFrameOnly() {
        RelayAcks waits = new RelayAcks();
        var dial = waits.expect("dial", java.time.Duration.ofSeconds(5));
        var offer = waits.expect("offer", java.time.Duration.ofMillis(50));
        waits.acknowledged(RelayAck.newBuilder().setFrameId("dial").setSockets(1).build());
        assertThat(dial.block()).isTrue();
        assertThat(offer.block()).isFalse();
        assertThat(waits.waiting()).isZero();
    }
}
