package im.gateway.relay;

import im.gateway.config.GatewayProperties;
import im.gateway.ws.FrameError;
import im.gateway.ws.FrameRules;
import im.gateway.ws.GatewayMetrics;
import im.gateway.ws.RelayBudgets;
import im.gateway.ws.SocketConnection;
import im.gateway.ws.SystemFrames;
import im.platform.logging.CorrelationIds;
import im.proto.frames.RelayFrame;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The sender's side of a relayed frame (call signalling, screen frames; never stored, never through
 * messaging-service's inbound topic), for the recipient {@link FrameRules.Relay#recipient()} (already normalised to
 * {@code [usr]} + UUID: the same id is asked about, keyed on and delivered to):
 * <ol>
 *   <li>permission: {@link RelayPermissions} (cached); refused: the code messaging-service gave
 *       ({@code not_contact}, {@code calls_are_one_to_one}, {@code unknown_recipient}, {@code account_deleted});
 *       not answered: {@code unavailable};</li>
 *   <li>a {@link RelayFrame} (fresh {@code frame_id}, this gateway and the sender's connection as the origin) larger
 *       than {@code im.gateway.relay.max-frame-bytes}: {@code frame_too_large};</li>
 *   <li>its bytes spend the sender's relay byte budget ({@link RelayBudgets}, per user): over it {@link RateLimited}
 *       (dropped);</li>
 *   <li>published to {@code im.frames.relay.v1} keyed by the recipient (one partition per recipient: a sender's
 *       frames to one recipient stay in order) by the relay's own producer ({@link RelayProducer}); every gateway
 *       writes it to the recipient's sockets there ({@link RelayDispatcher}). Not accepted by Kafka (its buffer full
 *       for longer than the producer's {@code max.block.ms}, or no answer): {@code unavailable};</li>
 *   <li>a dial or an offer ({@code want_ack}): if no gateway reports it written to a socket of the recipient
 *       ({@code RelayAck}) within {@code im.gateway.relay.ack-timeout} of its publication, the sender gets the error
 *       frame {@code not_reachable} "the user is not online" with the frame's {@code clientMessageId}. This wait does
 *       not hold up the socket's next frames. The wait is registered when the publication starts (an early ack is
 *       not missed) and dropped when it fails or is cancelled (the socket closed meanwhile).</li>
 * </ol>
 */
@Component
public class CallRelay {

    private static final Logger log = LoggerFactory.getLogger(CallRelay.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);
    private static final long LOG_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

    /** What became of a frame to relay. */
    public sealed interface Outcome permits Published, Refused, RateLimited {
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

    /** Dropped: the sender's relay byte budget is spent (answered {@code rate_limited} at most once a second). */
    public record RateLimited() implements Outcome {
    }

    /** Publishes a relayed record keyed by its recipient ({@link RelayProducer#send}). */
    @FunctionalInterface
    public interface Sender {
        CompletableFuture<?> send(String recipient, byte[] record);
    }

    private final RelayPermissions permissions;
    private final RelayAcks acks;
    private final Sender kafka;
    private final RelayBudgets budgets;
    private final GatewayMetrics metrics;
    private final String gatewayId;
    private final Duration ackTimeout;
    private final long maxFrameBytes;
    private final AtomicLong lastFailureLog = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);

    @Autowired
    public CallRelay(RelayPermissions permissions, RelayAcks acks, RelayProducer producer, RelayBudgets budgets,
                     GatewayMetrics metrics, GatewayProperties properties) {
        this(permissions, acks, producer::send, budgets, metrics, properties);
    }

    public CallRelay(RelayPermissions permissions, RelayAcks acks, Sender kafka, RelayBudgets budgets,
                     GatewayMetrics metrics, GatewayProperties properties) {
        this.permissions = permissions;
        this.acks = acks;
        this.kafka = kafka;
        this.budgets = budgets;
        this.metrics = metrics;
        this.gatewayId = properties.instanceId();
        this.ackTimeout = properties.relay().ackTimeout();
        this.maxFrameBytes = properties.relay().maxFrameBytes().toBytes();
    }

    /** Relays {@code relay} from {@code sender}'s socket; completes once Kafka has it (or it was refused). */
    public Mono<Outcome> relay(SocketConnection sender, FrameRules.Relay relay) {
        return relay(sender, relay, UUID.randomUUID().toString());
    }

    /**
     * {@link #relay(SocketConnection, FrameRules.Relay)} with the {@code frame_id} of the {@link RelayFrame}: the id
     * the socket's handler gave the inbound frame (its correlation id, also in the log lines of the failures here).
     */
    public Mono<Outcome> relay(SocketConnection sender, FrameRules.Relay relay, String id) {
        String frameId = id == null || id.isEmpty() ? UUID.randomUUID().toString() : id;
        return permissions.check(sender.userUuid(), relay.recipient())
                .flatMap(permission -> permission.allowed()
                        ? publish(sender, relay, frameId)
                        : Mono.just((Outcome) new Refused(permission.code(), permission.detail())))
                .onErrorResume(error -> {
                    CorrelationIds.run(frameId, () -> logFailure("the relay permission could not be checked", error));
                    return Mono.just(Refused.of(FrameError.UNAVAILABLE));
                });
    }

    private Mono<Outcome> publish(SocketConnection sender, FrameRules.Relay relay, String frameId) {
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
        if (!budgets.tryConsumeBytes(sender.userUuid(), bytes.length)) {
            return Mono.just(new RateLimited());
        }
        return Mono.defer(() -> {
            // registered only now, when the publication starts, and dropped unless it ends published
            Mono<Boolean> reached = relay.wantAck() ? acks.expect(frameId, ackTimeout) : null;
            AtomicBoolean awaited = new AtomicBoolean();
            return Mono.fromCallable(() -> kafka.send(relay.recipient(), bytes))
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(Mono::fromFuture)
                    .timeout(SEND_TIMEOUT)
                    .then(Mono.fromSupplier(() -> {
                        metrics.relayIn();
                        if (reached != null) {
                            awaited.set(true);
                            reached.subscribe(ok -> {
                                if (!ok) {
                                    notReachable(sender, relay);
                                }
                            });
                        }
                        return (Outcome) new Published(frameId);
                    }))
                    .onErrorResume(error -> {
                        if (reached != null) {
                            acks.forget(frameId);
                        }
                        CorrelationIds.run(frameId,
                                () -> logFailure("a relayed frame could not be sent to Kafka", error));
                        return Mono.just(Refused.of(FrameError.UNAVAILABLE));
                    })
                    .doOnCancel(() -> {
                        if (reached != null && !awaited.get()) {
                            acks.forget(frameId); // the wait, once subscribed, ends by itself (ack or timeout)
                        }
                    });
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
