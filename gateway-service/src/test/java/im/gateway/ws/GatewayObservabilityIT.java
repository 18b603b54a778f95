package im.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import im.gateway.support.GatewayITSupport;
import im.gateway.support.StandInServices;
import im.gateway.support.TestSocket;
import im.gateway.support.TopicTail;
import im.gateway.web.ManagementServer;
import im.platform.logging.CorrelationIds;
import im.proto.Message;
import im.proto.frames.Delivery;
import im.proto.frames.InboundFrame;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The gateway's observability with a real socket and real Kafka: frames counted by kind, the delivery latency of live
 * deliveries (not of replays), the correlation id in the log lines of an inbound frame, the Kafka clients' metrics on
 * the metrics port, and a backlog written in a few batches.
 */
class GatewayObservabilityIT extends GatewayITSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    private MeterRegistry registry;
    @Autowired
    private ManagementServer management;
    @Autowired
    private SessionRegistry sessions;

    private static String newUser() {
        return "[usr]" + UUID.randomUUID();
    }

    private TestSocket connect(String user, String query) {
        return TestSocket.open(port, "user=" + TestSocket.encode(user) + query,
                Map.of("Authorization", "Bearer " + tokenFor(user, "name-" + user.substring(5, 13))));
    }

    private Map<FrameKind, Double> counts(String meter) {
        Map<FrameKind, Double> counts = new EnumMap<>(FrameKind.class);
        for (FrameKind kind : FrameKind.values()) {
            counts.put(kind, registry.get(meter).tag("kind", kind.tag()).counter().count());
        }
        return counts;
    }

    private static Map<FrameKind, Double> delta(Map<FrameKind, Double> after, Map<FrameKind, Double> before) {
        Map<FrameKind, Double> delta = new EnumMap<>(FrameKind.class);
        after.forEach((kind, count) -> {
            if (count - before.get(kind) != 0) {
                delta.put(kind, count - before.get(kind));
            }
        });
        return delta;
    }

    private String scrape() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + management.port() + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private Timer latency() {
        return registry.get("im.delivery.latency").timer();
    }

    private void publish(Delivery delivery) {
        kafka.send(topics.framesDelivery(), delivery.getRecipientUuid(), delivery.toByteArray()).join();
    }

    private static Delivery delivery(String recipient, long inboxSeq, long sourceReceivedAtMs, String frameId) {
        return Delivery.newBuilder().setRecipientUuid(recipient).setInboxSeq(inboxSeq)
                .setSourceReceivedAtMs(sourceReceivedAtMs).setCorrelationId(frameId)
                .setFrame(Message.newBuilder().setFrom("[usr]sender").setTo(recipient).setMessageType(1)
                        .setContentType(1).setContent("m" + inboxSeq))
                .build();
    }

    @Test
    void framesAreCountedByKindInBothDirectionsAndScrapedWithABoundedKindTag() throws Exception {
        String me = newUser();
        String you = newUser();
        Map<FrameKind, Double> inBefore = counts("im.gateway.frames.in");
        Map<FrameKind, Double> outBefore = counts("im.gateway.frames.out");
        try (TestSocket socket = connect(me, "")) {
            assertThat(socket.next().getContent()).isEqualTo("welcome!");
            socket.send(Message.newBuilder().setType("heatbeat").build());
            assertThat(socket.next().getContent()).isEqualTo("pong");
            socket.send(Message.newBuilder().setTo(you).setMessageType(1).setContentType(1).setContent("hi").build());
            socket.send(Message.newBuilder().setType("typing").setTo(you).setMessageType(1).build());
            socket.send(Message.newBuilder().setType("read").setTo(you).setMessageType(1).setSeq(1).build());
            socket.send(Message.newBuilder().setType("ack").setInboxSeq(1).build());
            socket.sendBytes(new byte[]{(byte) 0xff, 0x01});
            assertThat(socket.next().getErrorCode()).isEqualTo("bad_frame");
            publish(Delivery.newBuilder().setRecipientUuid(me).setInboxSeq(1)
                    .setFrame(Message.newBuilder().setFrom(you).setTo(me).setMessageType(1).setContentType(3)
                            .setUrl("a.png"))
                    .build());
            assertThat(socket.next().getUrl()).isEqualTo("a.png");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(delta(counts("im.gateway.frames.in"), inBefore)).containsExactlyInAnyOrderEntriesOf(Map.of(
                        FrameKind.HEARTBEAT, 1.0, FrameKind.TEXT, 1.0, FrameKind.TYPING, 1.0, FrameKind.READ, 1.0,
                        FrameKind.ACK, 1.0, FrameKind.OTHER, 1.0));
                assertThat(delta(counts("im.gateway.frames.out"), outBefore)).containsExactlyInAnyOrderEntriesOf(
                        Map.of(FrameKind.SYSTEM, 1.0, FrameKind.HEARTBEAT, 1.0, FrameKind.ERROR, 1.0,
                                FrameKind.PICTURE, 1.0));
            });
        }
        String metrics = scrape();
        for (FrameKind kind : FrameKind.values()) {
            assertThat(metrics).contains("im_gateway_frames_in_total{application=\"gateway-service\",kind=\""
                    + kind.tag() + "\"}");
            assertThat(metrics).contains("im_gateway_frames_out_total{application=\"gateway-service\",kind=\""
                    + kind.tag() + "\"}");
        }
        assertThat(metrics.lines().filter(line -> line.startsWith("im_gateway_frames_in_total{"))).hasSize(
                FrameKind.values().length);
    }

    @Test
    void theLatencyIsRecordedWhenALiveDeliveryIsWrittenAndNotForAReplayFromTheInbox() throws Exception {
        String me = newUser();
        long countBefore = latency().count();
        double totalBefore = latency().totalTime(TimeUnit.MILLISECONDS);
        try (TestSocket socket = connect(me, "")) {
            assertThat(socket.next().getContent()).isEqualTo("welcome!");
            publish(delivery(me, 1, System.currentTimeMillis() - 250, "frame-live-1"));
            assertThat(socket.next().getContent()).isEqualTo("m1");
            await().atMost(Duration.ofSeconds(5)).until(() -> latency().count() == countBefore + 1);
            assertThat(latency().totalTime(TimeUnit.MILLISECONDS) - totalBefore).isGreaterThanOrEqualTo(250);
        }

        String other = newUser();
        long now = System.currentTimeMillis();
        StandInServices.pending.put(other, List.of(delivery(other, 1, now - 60_000, "frame-old-1"),
                delivery(other, 2, now - 60_000, "frame-old-2")));
        try (TestSocket socket = connect(other, "&v=2&since=0")) {
            assertThat(socket.next().getContent()).isEqualTo("welcome!");
            assertThat(socket.next().getContent()).isEqualTo("m1");
            assertThat(socket.next().getContent()).isEqualTo("m2");
            publish(delivery(other, 3, System.currentTimeMillis(), "frame-live-3"));
            assertThat(socket.next().getContent()).isEqualTo("m3");
            // frames are handed over in order: once the live one counted, the replays were handed over before it
            await().atMost(Duration.ofSeconds(5)).until(() -> latency().count() >= countBefore + 2);
            assertThat(latency().count()).as("the replays are not counted").isEqualTo(countBefore + 2);
            assertThat(latency().max(TimeUnit.SECONDS)).as("no replay of a minute ago").isLessThan(30);
        } finally {
            StandInServices.pending.remove(other);
        }
        String metrics = scrape();
        assertThat(metrics).contains("# TYPE im_delivery_latency_seconds histogram")
                .contains("im_delivery_latency_seconds_bucket{application=\"gateway-service\",le=\"0.01\"}")
                .contains("im_delivery_latency_seconds_bucket{application=\"gateway-service\",le=\"+Inf\"}")
                .contains("im_delivery_latency_seconds_count{application=\"gateway-service\"}")
                .contains("im_delivery_latency_seconds_sum{application=\"gateway-service\"}")
                .contains("im_delivery_latency_seconds_max{application=\"gateway-service\"}");
    }

    @Test
    void anInboundFrameIsLoggedWithItsFrameIdAsTheCorrelationIdAndNoContent() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(ChatSocketHandler.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        Level level = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logger.addAppender(events);
        String me = newUser();
        try (TestSocket socket = connect(me, "");
             TopicTail inbound = new TopicTail(kafkaBootstrap(), topics.framesInbound())) {
            assertThat(socket.next().getContent()).isEqualTo("welcome!");
            socket.send(Message.newBuilder().setTo(newUser()).setMessageType(1).setContentType(1)
                    .setContent("secret text").build());
            InboundFrame frame = InboundFrame.parseFrom(inbound.first(record -> {
                try {
                    return InboundFrame.parseFrom(record.value()).getSenderUuid().equals(me);
                } catch (Exception e) {
                    return false;
                }
            }).value());
            assertThat(events.list).anySatisfy(event -> {
                assertThat(event.getMDCPropertyMap()).containsEntry(CorrelationIds.MDC_KEY, frame.getFrameId());
                assertThat(event.getFormattedMessage()).contains(frame.getConnectionId());
            });
            assertThat(events.list).noneSatisfy(event -> assertThat(event.getFormattedMessage())
                    .contains("secret text"));
        } finally {
            logger.detachAppender(events);
            logger.setLevel(level);
        }
    }

    @Test
    void theGatewaysKafkaClientsExportTheirMetricsOnTheMetricsPort() throws Exception {
        publish(delivery(newUser(), 1, 0, "")); // the application's producer is created with its first record
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String metrics = scrape();
            for (String consumer : new String[]{"gateway-gw-it-delivery-0", "gateway-gw-it-relay-0",
                    "gateway-gw-it-relay-acks-0", "gateway-gw-it-accounts-0"}) {
                assertThat(metrics.lines().filter(line -> line.startsWith("kafka_consumer_fetch_manager_records_lag_max{")
                        && line.contains("client_id=\"" + consumer + "\""))).as(consumer).isNotEmpty();
            }
            // a producer factory numbers its producers: <client.id>-1
            assertThat(metrics.lines().filter(line -> line.startsWith("kafka_producer_record_send_total{")
                    && line.contains("client_id=\"gateway-gw-it-relay-1\""))).as("the relay's own producer")
                    .isNotEmpty();
            assertThat(metrics.lines().filter(line -> line.startsWith("kafka_producer_record_send_total{")
                    && line.contains("client_id=\"gateway-service-producer-1\""))).as("the application's producer")
                    .isNotEmpty();
        });
    }

    @Test
    void aBacklogOfAThousandEntriesReachesTheClientInOrderInAFewWrites() {
        String me = newUser();
        List<Delivery> backlog = new ArrayList<>();
        for (int seq = 1; seq <= 1000; seq++) {
            backlog.add(delivery(me, seq, 0, ""));
        }
        StandInServices.pending.put(me, backlog);
        long start = System.nanoTime();
        try (TestSocket socket = connect(me, "&v=2&since=0")) {
            assertThat(socket.next().getContent()).isEqualTo("welcome!");
            for (int seq = 1; seq <= 1000; seq++) {
                Message frame = socket.next();
                assertThat(frame.getInboxSeq()).isEqualTo(seq);
                assertThat(frame.getContent()).isEqualTo("m" + seq);
            }
            long writes = sessions.ofUser(me).get(0).batchesTaken();
            // a figure for the record, not asserted (shared, noisy machines)
            System.out.printf("a backlog of 1,000 entries (5 pages of 200): %d writes, connect to last frame %d ms%n",
                    writes, (System.nanoTime() - start) / 1_000_000);
            assertThat(writes).as("1,001 frames (welcome included), pings included").isLessThanOrEqualTo(20);
        } finally {
            StandInServices.pending.remove(me);
        }
    }
}
