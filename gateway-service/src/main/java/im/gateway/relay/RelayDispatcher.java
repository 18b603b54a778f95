package im.gateway.relay;

import im.gateway.config.GatewayProperties;
import im.gateway.ws.FrameRules;
import im.gateway.ws.GatewayMetrics;
import im.gateway.ws.SessionRegistry;
import im.gateway.ws.SocketConnection;
import im.platform.kafka.ImTopics;
import im.platform.logging.CorrelationIds;
import im.proto.frames.RelayAck;
import im.proto.frames.RelayFrame;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * The recipient's side of a relayed frame, on every gateway: writes the {@link RelayFrame} to every open socket of
 * its recipient here (all devices) through their relay lanes ({@link SocketConnection#relay}: a screen frame
 * replaces an older one of the same sender still waiting; a full lane drops it; never an inbox entry, no receipts).
 * When the frame wants an ack (a dial or an offer) and at least one socket here took it, a {@link RelayAck} goes to
 * {@code im.frames.relay-acks.v1} keyed by the origin gateway. Frames older than {@link #MAX_AGE} (by their
 * {@code sent_at_ms}) are dropped: call signalling that late is of no use. While a frame is dispatched its
 * {@code frame_id} (the id the sender's gateway gave the inbound frame) is the MDC's {@code correlationId}.
 */
@Component
public class RelayDispatcher {

    private static final Logger log = LoggerFactory.getLogger(RelayDispatcher.class);
    /** A relayed frame older than this is not written anymore. */
    public static final Duration MAX_AGE = Duration.ofSeconds(10);

    private final SessionRegistry sessions;
    private final GatewayMetrics metrics;
    private final AckSender acks;
    private final String gatewayId;
    private final Clock clock;

    /** Publishes a {@link RelayAck} to the origin gateway. */
    @FunctionalInterface
    public interface AckSender {
        void send(String originGatewayId, RelayAck ack);
    }

    @Autowired
    public RelayDispatcher(SessionRegistry sessions, GatewayMetrics metrics, KafkaTemplate<String, byte[]> kafka,
                           ImTopics topics, GatewayProperties properties) {
        this(sessions, metrics, (origin, ack) -> kafka.send(topics.framesRelayAcks(), origin, ack.toByteArray())
                        .whenComplete((result, error) -> {
                            if (error != null) {
                                log.warn("a relay ack could not be sent: {}", error.toString());
                            }
                        }),
                properties.instanceId(), Clock.systemUTC());
    }

    RelayDispatcher(SessionRegistry sessions, GatewayMetrics metrics, AckSender acks, String gatewayId, Clock clock) {
        this.sessions = sessions;
        this.metrics = metrics;
        this.acks = acks;
        this.gatewayId = gatewayId;
        this.clock = clock;
    }

    /** @return how many sockets here took the frame */
    public int dispatch(RelayFrame relay) {
        try (CorrelationIds.Scope correlation = CorrelationIds.open(relay.getFrameId())) {
            return toSockets(relay);
        }
    }

    private int toSockets(RelayFrame relay) {
        if (relay.getSentAtMs() > 0 && clock.millis() - relay.getSentAtMs() > MAX_AGE.toMillis()) {
            metrics.relayDropped("expired");
            return 0;
        }
        boolean screen = FrameRules.isScreen(relay.getFrame());
        int sockets = 0;
        for (SocketConnection connection : sessions.ofUser(relay.getRecipientUuid())) {
            SocketConnection.RelayResult result = connection.relay(relay.getFrame(), screen);
            if (result.accepted()) {
                sockets++;
                metrics.relayOut();
            }
            if (result == SocketConnection.RelayResult.REPLACED) {
                metrics.screenDropped();
            } else if (result == SocketConnection.RelayResult.DROPPED) {
                metrics.relayDropped("lane_full");
            }
        }
        if (relay.getWantAck() && sockets > 0 && !relay.getOriginGatewayId().isEmpty()) {
            acks.send(relay.getOriginGatewayId(), RelayAck.newBuilder()
                    .setFrameId(relay.getFrameId())
                    .setGatewayId(gatewayId)
                    .setSockets(sockets)
                    .build());
        }
        return sockets;
    }
}
