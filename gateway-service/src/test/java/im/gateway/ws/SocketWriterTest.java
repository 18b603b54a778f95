package im.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import im.platform.logging.CorrelationIds;
import im.proto.Message;
import im.proto.frames.Delivery;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.reactivestreams.Publisher;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

class SocketWriterTest {

    private static final long NOW = 1_800_000_000_000L;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final GatewayMetrics metrics = new GatewayMetrics(registry, new SessionRegistry());
    private final List<Long> receipts = new ArrayList<>();
    private final SocketWriter writer = new SocketWriter(metrics,
            (recipient, connectionId, inboxSeq) -> receipts.add(inboxSeq), () -> NOW);

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    private static SocketConnection connection(SocketProfile profile) {
        return new SocketConnection("c1", "[usr]me", "me", profile, 1024, 1024, status -> { });
    }

    private static Delivery delivery(long inboxSeq, String content, long sourceReceivedAtMs, String correlationId) {
        return Delivery.newBuilder().setRecipientUuid("[usr]me").setInboxSeq(inboxSeq)
                .setSourceReceivedAtMs(sourceReceivedAtMs).setCorrelationId(correlationId)
                .setFrame(Message.newBuilder().setFrom("[usr]you").setTo("[usr]me").setMessageType(1)
                        .setContentType(1).setContent(content))
                .build();
    }

    /** Every batch the connection hands out now (the writer asks for all of them). */
    private static List<SocketConnection.OutboundFrame> taken(SocketConnection connection) {
        List<SocketConnection.OutboundFrame> frames = new ArrayList<>();
        connection.close();
        connection.outboundBatches(SocketConnection.WRITE_BATCH_FRAMES, SocketConnection.WRITE_BATCH_BYTES)
                .doOnNext(frames::addAll).blockLast();
        return frames;
    }

    private Timer latency() {
        return registry.get("im.delivery.latency").timer();
    }

    private double framesOut(String kind) {
        return registry.get("im.gateway.frames.out").tag("kind", kind).counter().count();
    }

    @SuppressWarnings("unchecked")
    private static WebSocketSession session(Sinks.Empty<Void> written) {
        WebSocketSession session = mock(WebSocketSession.class);
        when(session.binaryMessage(any())).thenAnswer(call -> new WebSocketMessage(WebSocketMessage.Type.BINARY,
                ((Function<DataBufferFactory, DataBuffer>) call.getArgument(0))
                        .apply(DefaultDataBufferFactory.sharedInstance)));
        when(session.pingMessage(any())).thenAnswer(call -> new WebSocketMessage(WebSocketMessage.Type.PING,
                ((Function<DataBufferFactory, DataBuffer>) call.getArgument(0))
                        .apply(DefaultDataBufferFactory.sharedInstance)));
        when(session.send(any())).thenReturn(written.asMono());
        return session;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBatchGoesOutInOneSendAndIsConfirmedOnlyOnceWritten() throws Exception {
        SocketConnection connection = connection(SocketProfile.LEGACY);
        connection.goLive();
        connection.ping();
        for (int seq = 1; seq <= 3; seq++) {
            connection.deliverLive(delivery(seq, "m" + seq, 0, ""));
        }
        Sinks.Empty<Void> written = Sinks.empty();
        WebSocketSession session = session(written);
        List<SocketConnection.OutboundFrame> batch = connection
                .outboundBatches(SocketConnection.WRITE_BATCH_FRAMES, SocketConnection.WRITE_BATCH_BYTES).blockFirst();
        writer.write(session, connection, batch).subscribe();

        ArgumentCaptor<Publisher<WebSocketMessage>> sent = ArgumentCaptor.forClass(Publisher.class);
        verify(session, times(1)).send(sent.capture());
        List<WebSocketMessage> messages = Flux.from(sent.getValue()).collectList().block();
        assertThat(messages).extracting(WebSocketMessage::getType).containsExactly(WebSocketMessage.Type.PING,
                WebSocketMessage.Type.BINARY, WebSocketMessage.Type.BINARY, WebSocketMessage.Type.BINARY);
        List<String> contents = new ArrayList<>();
        for (WebSocketMessage message : messages.subList(1, 4)) {
            contents.add(Message.parseFrom(message.getPayload().asInputStream()).getContent());
        }
        assertThat(contents).containsExactly("m1", "m2", "m3");
        assertThat(receipts).as("nothing confirmed before the send completed").isEmpty();
        assertThat(connection.lastHandedOver()).isZero();
        assertThat(framesOut("text")).isZero();

        written.tryEmitEmpty();
        assertThat(receipts).as("one receipt for the batch: its last entry").containsExactly(3L);
        assertThat(connection.lastHandedOver()).isEqualTo(3);
        assertThat(framesOut("text")).isEqualTo(3);
    }

    @Test
    void theLatencyIsRecordedForLiveDeliveriesWithASourceTimeOnly() {
        SocketConnection connection = connection(SocketProfile.LEGACY);
        connection.deliverLive(delivery(3, "held live", NOW - 300, "f-3")); // held while syncing: still live
        connection.deliverPending(delivery(1, "replayed", NOW - 90_000, "f-1"));
        connection.deliverPending(delivery(2, "replayed", NOW - 90_000, "f-2"));
        connection.goLive();
        connection.deliverLive(delivery(4, "live", NOW - 120, "f-4"));
        connection.deliverLive(delivery(5, "from a gateway whose clock is ahead", NOW + 50, "f-5"));
        connection.deliverLive(delivery(6, "without a source time", 0, ""));
        connection.send(SystemFrames.welcome("[usr]me"));
        writer.handedOver(connection, taken(connection));

        assertThat(latency().count()).isEqualTo(3);
        assertThat(latency().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(300 + 120 + 0);
        assertThat(latency().max(TimeUnit.MILLISECONDS)).isEqualTo(300);
        assertThat(framesOut("text")).isEqualTo(6);
        assertThat(framesOut("system")).isEqualTo(1);
    }

    @Test
    void eachDeliveryIsHandedOverWithItsCorrelationIdInTheMdcWhichIsRestoredAfter() {
        Logger logger = (Logger) LoggerFactory.getLogger(SocketWriter.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        Level level = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logger.addAppender(events);
        try {
            SocketConnection connection = connection(SocketProfile.parse("2", null, null));
            connection.goLive();
            connection.deliverLive(delivery(1, "m1", NOW - 5, "frame-1"));
            connection.deliverLive(delivery(2, "m2", NOW - 5, "frame-2"));
            connection.deliverLive(delivery(3, "m3", 0, ""));
            MDC.put(CorrelationIds.MDC_KEY, "outer");
            writer.handedOver(connection, taken(connection));
            assertThat(CorrelationIds.current()).as("restored").isEqualTo("outer");
            MDC.remove(CorrelationIds.MDC_KEY);
            connection = connection(SocketProfile.LEGACY);
            connection.goLive();
            connection.deliverLive(delivery(1, "m1", NOW - 5, "frame-9"));
            writer.handedOver(connection, taken(connection));
            assertThat(CorrelationIds.current()).as("cleared").isNull();
        } finally {
            logger.detachAppender(events);
            logger.setLevel(level);
        }
        assertThat(events.list).extracting(event -> event.getMDCPropertyMap().get(CorrelationIds.MDC_KEY))
                .containsExactly("frame-1", "frame-2", "outer", "frame-9");
        assertThat(events.list).allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain("m1"));
    }
}
