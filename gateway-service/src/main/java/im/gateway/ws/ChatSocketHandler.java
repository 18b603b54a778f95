package im.gateway.ws;

import com.google.protobuf.InvalidProtocolBufferException;
import im.gateway.accounts.DeletedAccounts;
import im.gateway.config.GatewayProperties;
import im.gateway.delivery.OfflineSync;
import im.gateway.delivery.ReceiptPublisher;
import im.gateway.web.SocketHandshakeFilter;
import im.platform.web.CallerHeaders;
import im.proto.Message;
import im.proto.frames.InboundFrame;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The legacy WebSocket {@code /socket.io}, authenticated by {@link SocketHandshakeFilter}.
 *
 * <p>On open: registration (live deliveries are held; refused with 1013 above {@code max-sockets-per-user}, which
 * {@link SocketHandshakeFilter} already answers 429 before the upgrade; closed with 1008 if the account was deleted
 * meanwhile), the welcome frame, the offline sync, then
 * live. Inbound frames are handled one after the other: at most {@code frame-rate} per second with bursts of
 * {@code frame-burst} (Bucket4j; heartbeats included, control frames not), above it an error frame
 * {@code rate_limited}; binary protobuf only, judged by {@link FrameRules}; accepted ones go to Kafka as
 * {@link InboundFrame}, refused ones get an error frame, and the socket stays open whatever the client sends (an
 * oversized frame closes it, with 1009, in Netty). Ack frames are handled here: they confirm, with the same
 * {@link ReceiptPublisher receipt} a hand-off sends, what {@link SocketConnection#acknowledge} allows.
 *
 * <p>The handshake's {@link SocketProfile} (its query, which {@link SocketHandshakeFilter} already checked) decides
 * which frame kinds the socket gets, whether the writer sends hand-off receipts (legacy) or the client confirms with
 * ack frames ({@code v=2}), and where its offline sync starts.
 *
 * <p>Half-open sockets: a socket that sent nothing for {@code idle-timeout} (no frame of any kind: Reactor Netty
 * passes pongs on as {@link WebSocketMessage.Type#PONG}, so a pong counts) is closed with 1001 "idle timeout". The
 * gateway pings every socket each {@code ping-interval}, so a client that answers pings (browsers and the JDK
 * client do) stays open even when it sends nothing else. Outbound: the connection's single writer, plus the pings.
 */
@Component
public class ChatSocketHandler implements WebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(ChatSocketHandler.class);
    /** Status 1001 for a socket that sent nothing (not even a pong) for {@code idle-timeout}. */
    public static final CloseStatus IDLE = new CloseStatus(1001, "idle timeout");
    private static final byte[] PING_PAYLOAD = new byte[0];

    private final SessionRegistry sessions;
    private final FrameRules rules;
    private final InboundFramePublisher publisher;
    private final OfflineSync offlineSync;
    private final ReceiptPublisher receipts;
    private final GatewayMetrics metrics;
    private final DeletedAccounts deletedAccounts;
    private final GatewayProperties.Ws limits;
    private final String gatewayId;

    public ChatSocketHandler(SessionRegistry sessions, InboundFramePublisher publisher, OfflineSync offlineSync,
                             ReceiptPublisher receipts, GatewayMetrics metrics, DeletedAccounts deletedAccounts,
                             GatewayProperties properties) {
        this.sessions = sessions;
        this.deletedAccounts = deletedAccounts;
        this.publisher = publisher;
        this.offlineSync = offlineSync;
        this.receipts = receipts;
        this.metrics = metrics;
        this.limits = properties.ws();
        this.rules = new FrameRules(limits.maxTextLength());
        this.gatewayId = properties.instanceId();
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        String userUuid = session.getHandshakeInfo().getHeaders().getFirst(CallerHeaders.USER_ID);
        String username = session.getHandshakeInfo().getHeaders().getFirst(CallerHeaders.USERNAME);
        if (userUuid == null || userUuid.isBlank()) {
            log.warn("a WebSocket session without a verified caller was closed");
            return session.close(CloseStatus.POLICY_VIOLATION);
        }
        SocketProfile profile;
        try {
            profile = SocketProfile.of(session.getHandshakeInfo().getUri());
        } catch (SocketProfile.BadSince e) {
            // the handshake filter answers 400 to this before the upgrade
            return session.close(CloseStatus.POLICY_VIOLATION);
        }
        SocketConnection connection = new SocketConnection(UUID.randomUUID().toString(), userUuid,
                username == null ? "" : username, profile, limits.outboundQueueSize(), limits.liveQueueSize(),
                status -> session.close(status).subscribe());
        if (!sessions.register(connection, limits.maxSocketsPerUser())) {
            log.info("a socket above max-sockets-per-user ({}) was closed", limits.maxSocketsPerUser());
            return session.close(SocketConnection.TRY_AGAIN_LATER);
        }
        if (deletedAccounts.contains(userUuid)) {
            // deleted between the handshake check and the registration: the deletion's socket sweep may have run
            // before this socket was registered (it marks the account first, this checks after registering)
            sessions.unregister(connection);
            return session.close(SocketConnection.ACCOUNT_DELETED);
        }
        connection.send(SystemFrames.welcome(connection.userUuid()));
        Disposable sync = offlineSync.run(connection).subscribe();
        Bucket frameBudget = Bucket.builder()
                .addLimit(limit -> limit.capacity(limits.frameBurst())
                        .refillGreedy(limits.frameRate(), Duration.ofSeconds(1)))
                .build();

        // A watchdog beside receive(), not a timeout on it: cancelling receive() drops the connection without a
        // close frame. closeWith() starts the close on its own subscription, so the cleanup below cannot cancel it.
        Sinks.Many<Boolean> heard = Sinks.many().multicast().directBestEffort();
        Disposable idleWatch = heard.asFlux()
                .timeout(limits.idleTimeout())
                .subscribe(null, idle -> connection.closeWith(IDLE));

        Mono<Void> inbound = session.receive()
                .doOnNext(message -> heard.tryEmitNext(Boolean.TRUE))
                .concatMap(message -> handleInbound(connection, frameBudget, message))
                .then()
                .doFinally(signal -> connection.close());
        Flux<WebSocketMessage> frames = connection.outbound()
                .doOnNext(frame -> handedOver(connection, frame))
                .filter(SocketConnection.OutboundFrame::writes)
                .map(frame -> session.binaryMessage(factory -> factory.wrap(frame.frame().toByteArray())));
        Flux<WebSocketMessage> pings = Flux.interval(limits.pingInterval())
                .map(tick -> session.pingMessage(factory -> factory.wrap(PING_PAYLOAD)))
                .takeUntilOther(connection.closed());
        Mono<Void> outbound = session.send(Flux.merge(frames, pings));
        return Mono.zip(inbound, outbound)
                .then()
                .doFinally(signal -> {
                    sync.dispose();
                    idleWatch.dispose();
                    connection.close();
                    sessions.unregister(connection);
                    metrics.duplicatesSkipped(connection.skippedDuplicates());
                });
    }

    /** The writer took {@code frame}: counted, and confirmed with a hand-off receipt where the socket wants one. */
    private void handedOver(SocketConnection connection, SocketConnection.OutboundFrame frame) {
        if (frame.writes()) {
            metrics.frameOut();
        }
        long confirmed = connection.handedOver(frame);
        if (confirmed > 0) {
            receipts.written(connection.userUuid(), connection.connectionId(), confirmed);
        }
    }

    private Mono<Void> handleInbound(SocketConnection connection, Bucket frameBudget, WebSocketMessage message) {
        if (message.getType() == WebSocketMessage.Type.PING || message.getType() == WebSocketMessage.Type.PONG) {
            return Mono.empty(); // it kept the socket from being idle, nothing else
        }
        metrics.frameIn();
        if (!frameBudget.tryConsume(1)) {
            refuse(connection, FrameError.RATE_LIMITED, "");
            return Mono.empty();
        }
        if (message.getType() == WebSocketMessage.Type.TEXT) {
            refuse(connection, FrameError.TEXT_FRAMES_NOT_SUPPORTED, "");
            return Mono.empty();
        }
        Message frame;
        try {
            frame = Message.parseFrom(bytes(message.getPayload()));
        } catch (InvalidProtocolBufferException e) {
            refuse(connection, FrameError.BAD_FRAME, "");
            return Mono.empty();
        }
        FrameRules.Verdict verdict = rules.evaluate(frame, connection.userUuid(), connection.username());
        if (verdict instanceof FrameRules.Reply reply) {
            connection.send(reply.frame());
            return Mono.empty();
        }
        if (verdict instanceof FrameRules.Acknowledge ack) {
            long confirmed = connection.acknowledge(ack.inboxSeq());
            if (confirmed > 0) {
                receipts.written(connection.userUuid(), connection.connectionId(), confirmed);
            }
            return Mono.empty();
        }
        if (verdict instanceof FrameRules.Refuse refusal) {
            refuse(connection, refusal.error(), frame.getClientMessageId());
            return Mono.empty();
        }
        FrameRules.Forward forward = (FrameRules.Forward) verdict;
        InboundFrame inbound = InboundFrame.newBuilder()
                .setFrameId(UUID.randomUUID().toString())
                .setFrame(forward.frame())
                .setSenderUuid(connection.userUuid())
                .setSenderUsername(connection.username())
                .setGatewayId(gatewayId)
                .setConnectionId(connection.connectionId())
                .setReceivedAtMs(System.currentTimeMillis())
                .build();
        return publisher.publish(forward.conversationKey(), inbound)
                .onErrorResume(error -> {
                    log.warn("an inbound frame could not be sent to Kafka: {}", error.toString());
                    refuse(connection, FrameError.UNAVAILABLE, frame.getClientMessageId());
                    return Mono.empty();
                });
    }

    private void refuse(SocketConnection connection, FrameError error, String clientMessageId) {
        metrics.refused(error);
        connection.send(SystemFrames.error(connection.userUuid(), error, clientMessageId));
    }

    private static byte[] bytes(DataBuffer payload) {
        byte[] bytes = new byte[payload.readableByteCount()];
        payload.read(bytes);
        return bytes;
    }
}
