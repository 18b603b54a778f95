package im.gateway.relay;

import im.gateway.config.GatewayProperties;
import im.gateway.ws.FrameError;
import im.gateway.ws.FrameRules;
import im.gateway.ws.GatewayMetrics;
import im.gateway.ws.SocketConnection;
import im.gateway.ws.SystemFrames;
import im.platform.kafka.ImTopics;
import im.proto.frames.RelayFrame;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The sender's side of a relayed frame (call signalling, screen frames; never stored, never through
 * messaging-service's inbound topic):
 * <ol>
 *   <li>permission: {@link RelayPermissions} (cached); refused: the code messaging-service gave
 *       ({@code not_contact}, {@code calls_are_one_to_one}, {@code unknown_recipient}, {@code account_deleted});
 *       not answered: {@code unavailable};</li>
 *   <li>a {@link RelayFrame} (fresh {@code frame_id}, this gateway and the sender's connection as the origin) larger
 *       than {@code im.gateway.relay.max-frame-bytes}: {@code frame_too_large};</li>
 *   <li>published to {@code im.frames.relay.v1} keyed by the recipient (one partition per recipient: a sender's
 *       frames to one recipient stay in order); every gateway writes it to the recipient's sockets there
 *       ({@link RelayDispatcher}). Not accepted by Kafka: {@code unavailable};</li>
 *   <li>a dial or an offer ({@code want_ack}): if no gateway reports it written to a socket of the recipient
 *       ({@code RelayAck}) within {@code im.gateway.relay.ack-timeout}, the sender gets the error frame
 *       {@code not_reachable} "the user is not online" with the frame's {@code clientMessageId}. This wait does not
 *       hold up the socket's next frames.</li>
 * </ol>
 */
@Component
public class CallRelay {

    private static final Logger log = LoggerFactory.getLogger(CallRelay.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);
    private static final long LOG_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

    /** What became of a frame to relay. */
    public sealed interface Outcome permits Published, Refused {
    }

    /** On its way to the recipient's gateways. */
    public record Published(String frameId) implements Outcome {
    }

    /** Refused: the sender gets an error frame with {@code code} and {@code reason}. */
    public record Refused(String code, String reason) implements Outcome {

        static Refused of(FrameError error) {
            return new Refused(error.code(), error.reason());
        }
    }

    private final RelayPermissions permissions;
    private final RelayAcks acks;
    private final KafkaTemplate<String, byte[]> kafka;
    private final GatewayMetrics metrics;
    private final String topic;
    private final String gatewayId;
    private final Duration ackTimeout;
    private final long maxFrameBytes;
    private final AtomicLong lastFailureLog = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);

    public CallRelay(RelayPermissions permissions, RelayAcks acks, KafkaTemplate<String, byte[]> kafka,
                     GatewayMetrics metrics, ImTopics topics, GatewayProperties properties) {
        this.permissions = permissions;
        this.acks = acks;
        this.kafka = kafka;
        this.metrics = metrics;
        this.topic = topics.framesRelay();
        this.gatewayId = properties.instanceId();
        this.ackTimeout = properties.relay().ackTimeout();
        this.maxFrameBytes = properties.relay().maxFrameBytes().toBytes();
    }

    /** Relays {@code relay} from {@code sender}'s socket; completes once Kafka has it (or it was refused). */
    public Mono<Outcome> relay(SocketConnection sender, FrameRules.Relay relay) {
        return permissions.check(sender.userUuid(), relay.frame().getTo())
                .flatMap(permission -> permission.allowed()
                        ? publish(sender, relay)
                        : Mono.just((Outcome) new Refused(permission.code(), permission.detail())))
                .onErrorResume(error -> {
                    logFailure("the relay permission could not be checked", error);
                    return Mono.just(Refused.of(FrameError.UNAVAILABLE));
                });
    }

    private Mono<Outcome> publish(SocketConnection sender, FrameRules.Relay relay) {
        String frameId = UUID.randomUUID().toString();
        RelayFrame record = RelayFrame.newBuilder()
                .setFrameId(frameId)
                .setRecipientUuid(relay.recipient())
                .setFrame(relay.frame())
                .setOriginGatewayId(gatewayId)
                .setOriginConnectionId(sender.connectionId())
                .setWantAck(relay.wantAck())
                .setSentAtMs(System.currentTimeMillis())
                .build();
        byte[] bytes = record.toByteArray();
        if (bytes.length > maxFrameBytes) {
            return Mono.just(Refused.of(FrameError.FRAME_TOO_LARGE));
        }
        Mono<Boolean> reached = relay.wantAck() ? acks.expect(frameId, ackTimeout) : null;
        return Mono.fromCallable(() -> kafka.send(topic, relay.recipient(), bytes))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(Mono::fromFuture)
                .timeout(SEND_TIMEOUT)
                .map(sent -> {
                    metrics.relayIn();
                    if (reached != null) {
                        reached.subscribe(ok -> {
                            if (!ok) {
                                notReachable(sender, relay);
                            }
                        });
                    }
                    return (Outcome) new Published(frameId);
                })
                .onErrorResume(error -> {
                    if (reached != null) {
                        acks.forget(frameId);
                    }
                    logFailure("a relayed frame could not be sent to Kafka", error);
                    return Mono.just(Refused.of(FrameError.UNAVAILABLE));
                });
    }

    private void notReachable(SocketConnection sender, FrameRules.Relay relay) {
        metrics.refused(FrameError.NOT_REACHABLE);
        sender.send(SystemFrames.error(sender.userUuid(), FrameError.NOT_REACHABLE,
                relay.frame().getClientMessageId()));
    }

    /** Logs a failure at most every 10 s (a screen share sends a frame every 60 ms). */
    private void logFailure(String what, Throwable error) {
        long now = System.nanoTime();
        long last = lastFailureLog.get();
        if (now - last >= LOG_INTERVAL_NANOS && lastFailureLog.compareAndSet(last, now)) {
            log.warn("{}: {}", what, error.toString());
        }
    }
}
