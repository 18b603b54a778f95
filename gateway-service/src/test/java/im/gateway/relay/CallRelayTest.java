package im.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.benmanes.caffeine.cache.Ticker;
import im.gateway.support.TestProperties;
import im.gateway.ws.FrameRules;
import im.gateway.ws.GatewayMetrics;
import im.gateway.ws.RelayBudgets;
import im.gateway.ws.SessionRegistry;
import im.gateway.ws.SocketConnection;
import im.proto.Message;
import im.proto.frames.RelayAck;
import im.proto.frames.RelayFrame;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

class CallRelayTest {

    private static final String CALLER = "[usr]0b5e3f3a-7c1d-4e2f-9a8b-1c2d3e4f5a6b";
    private static final String CALLEE = "[usr]5f0c9e1a-2b3c-4d5e-8f9a-0b1c2d3e4f5a";

    /** A record the stand-in producer got: its key and the frame. */
    private record Sent(String key, RelayFrame frame) {
    }

    private final List<String> asked = new CopyOnWriteArrayList<>();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final AtomicLong nanos = new AtomicLong();
    private final RelayAcks acks = new RelayAcks();
    private final RelayPermissions permissions = new RelayPermissions((from, to) -> {
        asked.add(from + ">" + to);
        return Mono.just(RelayPermissions.Permission.ALLOWED);
    }, 100, Ticker.systemTicker(), Runnable::run);
    private final SocketConnection socket = new SocketConnection("c1", CALLER, "caller", 16, 16, status -> { });
    private final FrameRules rules = new FrameRules(5000);
    /** What the stand-in producer answers a record with (default: accepted at once). */
    private Function<RelayFrame, CompletableFuture<?>> kafka = frame -> CompletableFuture.completedFuture(null);

    private CallRelay callRelay(DataSize byteRate) {
        TimeMeter time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return nanos.get();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
        RelayBudgets budgets = new RelayBudgets(TestProperties.ws(16, 16, 200, DataSize.ofMegabytes(2), byteRate),
                time);
        CallRelay.Sender sender = (key, record) -> {
            try {
                RelayFrame frame = RelayFrame.parseFrom(record);
                sent.add(new Sent(key, frame));
                return kafka.apply(frame);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        return new CallRelay(permissions, acks, sender, budgets,
                new GatewayMetrics(new SimpleMeterRegistry(), new SessionRegistry()),
                TestProperties.gateway(List.of("*")));
    }

    private FrameRules.Relay relayed(Message frame) {
        return (FrameRules.Relay) rules.evaluate(frame, CALLER, "caller");
    }

    private static Message webrtc(String to, int contentType, String content) {
        return Message.newBuilder().setTo(to).setMessageType(1).setType("webrtc").setContentType(contentType)
                .setContent(content).build();
    }

    @Test
    void thePermissionIsAskedForTheIdTheFrameIsKeyedOnAndDeliveredTo() {
        CallRelay relay = callRelay(DataSize.ofMegabytes(2));
        String bareUpperCase = CALLEE.substring(5).toUpperCase();
        for (String to : new String[]{bareUpperCase, "[usr]" + bareUpperCase, CALLEE}) {
            assertThat(relay.relay(socket, relayed(webrtc(to, 0, "{}"))).block())
                    .isInstanceOf(CallRelay.Published.class);
        }
        assertThat(asked).as("one pair, one question (cached)").containsExactly(CALLER + ">" + CALLEE);
        assertThat(sent).extracting(Sent::key).containsExactly(CALLEE, CALLEE, CALLEE);
        assertThat(sent).extracting(record -> record.frame().getRecipientUuid()).containsOnly(CALLEE);
        assertThat(sent.get(0).frame().getFrame().getTo()).as("the frame as sent").isEqualTo(bareUpperCase);
    }

    @Test
    void aSenderOverItsRelayBytesIsRateLimitedBeforeKafka() {
        CallRelay relay = callRelay(DataSize.ofKilobytes(100));
        Message screen = Message.newBuilder().setTo(CALLEE).setMessageType(1).setContentType(9)
                .setContent("data:image/jpeg;base64," + "A".repeat(60 * 1024)).build();
        assertThat(relay.relay(socket, relayed(screen)).block()).isInstanceOf(CallRelay.Published.class);
        assertThat(relay.relay(socket, relayed(screen)).block()).isInstanceOf(CallRelay.RateLimited.class);
        assertThat(sent).hasSize(1);
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(relay.relay(socket, relayed(screen)).block()).isInstanceOf(CallRelay.Published.class);
    }

    @Test
    void aDialWhosePublicationIsCancelledLeavesNoWaiterBehind() {
        CallRelay relay = callRelay(DataSize.ofMegabytes(2));
        kafka = frame -> new CompletableFuture<>(); // Kafka never answers ...
        Disposable publishing = relay.relay(socket, relayed(webrtc(CALLEE, 15, ""))).subscribe();
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 1);
        assertThat(acks.waiting()).as("registered while it is published").isEqualTo(1);
        publishing.dispose(); // ... and the socket closed meanwhile
        assertThat(acks.waiting()).isZero();
    }

    @Test
    void aDialKafkaRefusedLeavesNoWaiterAndIsUnavailable() {
        CallRelay relay = callRelay(DataSize.ofMegabytes(2));
        kafka = frame -> CompletableFuture.failedFuture(new IllegalStateException("buffer full"));
        CallRelay.Outcome outcome = relay.relay(socket, relayed(webrtc(CALLEE, 15, ""))).block();
        assertThat(outcome).isEqualTo(new CallRelay.Refused("unavailable",
                "the message could not be accepted now, please retry"));
        assertThat(acks.waiting()).isZero();
    }

    @Test
    void anAckThatComesBackBeforeKafkaAnsweredIsNotMissed() {
        CallRelay relay = callRelay(DataSize.ofMegabytes(2));
        kafka = frame -> {
            acks.acknowledged(RelayAck.newBuilder().setFrameId(frame.getFrameId()).setSockets(1).build());
            return CompletableFuture.completedFuture(null);
        };
        assertThat(relay.relay(socket, relayed(webrtc(CALLEE, 15, ""))).block())
                .isInstanceOf(CallRelay.Published.class);
        assertThat(acks.waiting()).isZero();
        assertThat(socket.queued()).as("no not_reachable").isZero();
    }

    @Test
    void aWaitThatIsCancelledOrForgottenLeavesNothingBehind() {
        RelayAcks waits = new RelayAcks();
        Disposable cancelled = waits.expect("dial", Duration.ofSeconds(30)).subscribe();
        waits.expect("offer", Duration.ofSeconds(30)); // never subscribed: its publication failed
        assertThat(waits.waiting()).isEqualTo(2);
        cancelled.dispose();
        waits.forget("offer");
        assertThat(waits.waiting()).isZero();
        waits.acknowledged(RelayAck.newBuilder().setFrameId("offer").setSockets(1).build());
        assertThat(waits.waiting()).as("a late ack finds nobody").isZero();
    }
}
