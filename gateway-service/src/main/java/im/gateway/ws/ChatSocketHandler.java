package im.gateway.ws;

import im.gateway.accounts.DeletedAccounts;
import im.gateway.config.GatewayProperties;
import im.gateway.delivery.OfflineSync;
import im.gateway.delivery.ReceiptPublisher;
import im.gateway.media.ChatFileClient;
import im.gateway.relay.CallRelay;
import im.gateway.web.SocketHandshakeFilter;
import im.platform.logging.CorrelationIds;
import im.platform.web.CallerHeaders;
import im.proto.Message;
import im.proto.frames.InboundFrame;
import io.github.bucket4j.Bucket;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * meanwhile), the welcome frame, the offline sync, then live.
 *
 * <p><b>Inbound.</b> Frames are decoded as they arrive (Reactor Netty releases a frame's buffer once it was passed
 * on) and handled strictly one after the other: the next frame of a socket is read only when the previous one is
 * done (its file stored by media-service, its record accepted by Kafka), so a socket's frames keep their order, a
 * client that sends faster than that is slowed down by TCP, and a socket holds one decoded frame at a time. Binary protobuf only, judged by
 * {@link FrameRules}:
 * <ul>
 *   <li>relayed frames ({@link FrameRules#isRelayed}: call signalling, screen frames) spend the relay budget of the
 *       socket's user, shared by all of the user's sockets here ({@code relay-frame-rate}/{@code relay-frame-burst},
 *       {@link RelayBudgets}; above it the frame is dropped and {@code rate_limited} is answered at most once a second
 *       per socket, {@link RelayReports}), everything else (heartbeats included, control frames not) the socket's
 *       chat budget ({@code frame-rate}/{@code frame-burst}; above it {@code rate_limited});</li>
 *   <li>messages go to Kafka as {@link InboundFrame}; a file ({@link FrameRules.Upload}) goes to media-service first
 *       ({@link ChatFileClient}, at most {@code im.gateway.media.upload-timeout}) and the frame then carries the
 *       stored name in {@code url} and the stored kind in {@code contentType}: refused by media-service
 *       {@code file_too_large} or {@code bad_file}, not stored (or no room among the uploads in flight)
 *       {@code unavailable}, and nothing is forwarded;</li>
 *   <li>relayed frames go to {@link CallRelay} (permission, the user's relay byte budget, then
 *       {@code im.frames.relay.v1});</li>
 *   <li>refused ones get an error frame (a screen frame's at most once a second), and the socket stays open whatever
 *       the client sends (an oversized frame closes it, with 1009, in Netty). Ack frames confirm, with the same
 *       {@link ReceiptPublisher receipt} a hand-off sends, what {@link SocketConnection#acknowledge} allows.</li>
 * </ul>
 *
 * <p><b>Outbound.</b> The connection's single writer ({@link SocketWriter}) takes a batch at a time from
 * {@link SocketConnection#outboundBatches} (every frame waiting, up to {@link SocketConnection#WRITE_BATCH_FRAMES}
 * frames and {@link SocketConnection#WRITE_BATCH_BYTES} bytes), writes it in one send and asks for the next once the
 * whole batch was written to the connection; only then are its frames counted and, for inbox entries, confirmed
 * with a hand-off receipt where the socket wants one. The gateway's pings go through the same writer
 * ({@link SocketConnection#ping()}).
 *
 * <p><b>Correlation.</b> Each inbound data frame but heartbeats and acks (answered here, never forwarded) gets a fresh
 * id, the {@link InboundFrame#getFrameId() frame_id} of
 * the {@link InboundFrame} it becomes; while the frame is handled on the socket's thread (its checks, answers, the
 * start of its upload or publication) the id is the MDC's {@code correlationId}, and the log lines of its
 * asynchronous outcomes (Kafka or media-service failing) set it again. Log lines name ids, never frame contents.
 *
 * <p>The handshake's {@link SocketProfile} (its query, which {@link SocketHandshakeFilter} already checked) decides
 * which frame kinds the socket gets, whether the writer sends hand-off receipts (legacy) or the client confirms with
 * ack frames ({@code v=2}), and where its offline sync starts.
 *
 * <p>Half-open sockets: a socket that sent nothing for {@code idle-timeout} (no frame of any kind: Reactor Netty
 * passes pongs on as {@link WebSocketMessage.Type#PONG}, so a pong counts; a frame still being handled counts until
 * it is done) is closed with 1001 "idle timeout". The gateway pings every socket each {@code ping-interval}, so a
 * client that answers pings (browsers and the JDK client do) stays open even when it sends nothing else.
 */
@Component
public class ChatSocketHandler implements WebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(ChatSocketHandler.class);
    /** Status 1001 for a socket that sent nothing (not even a pong) for {@code idle-timeout}. */
    public static final CloseStatus IDLE = new CloseStatus(1001, "idle timeout");

    private final SessionRegistry sessions;
    private final FrameRules rules;
    private final InboundFramePublisher publisher;
    private final OfflineSync offlineSync;
    private final ReceiptPublisher receipts;
    private final GatewayMetrics metrics;
    private final DeletedAccounts deletedAccounts;
    private final ChatFileClient files;
    private final CallRelay relay;
    private final RelayBudgets relayBudgets;
    private final GatewayProperties.Ws limits;
    private final String gatewayId;
    private final SocketWriter writer;

    public ChatSocketHandler(SessionRegistry sessions, InboundFramePublisher publisher, OfflineSync offlineSync,
                             ReceiptPublisher receipts, GatewayMetrics metrics, DeletedAccounts deletedAccounts,
                             ChatFileClient files, CallRelay relay, RelayBudgets relayBudgets,
                             GatewayProperties properties) {
        this.sessions = sessions;
        this.deletedAccounts = deletedAccounts;
        this.publisher = publisher;
        this.offlineSync = offlineSync;
        this.receipts = receipts;
        this.metrics = metrics;
        this.files = files;
        this.relay = relay;
        this.relayBudgets = relayBudgets;
        this.limits = properties.ws();
        this.rules = new FrameRules(limits.maxTextLength(), properties.relay().maxSignallingBytes().toBytes());
        this.gatewayId = properties.instanceId();
        this.writer = new SocketWriter(metrics, receipts::written, System::currentTimeMillis);
    }

    /** One inbound WebSocket message, decoded while its buffer is still valid. */
    private record Inbound(WebSocketMessage.Type type, Message frame) {

        static Inbound of(WebSocketMessage message) {
            if (message.getType() != WebSocketMessage.Type.BINARY) {
                return new Inbound(message.getType(), null);
            }
            try (InputStream in = message.getPayload().asInputStream()) {
                return new Inbound(WebSocketMessage.Type.BINARY, Message.parseFrom(in));
            } catch (IOException | RuntimeException undecodable) {
                return new Inbound(WebSocketMessage.Type.BINARY, null);
            }
        }

        boolean control() {
            return type == WebSocketMessage.Type.PING || type == WebSocketMessage.Type.PONG;
        }
    }

    /** The chat budget of one socket, and how often it hears of its dropped relayed frames. */
    private record Budgets(Bucket frames, RelayReports relayed) {
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
                limits.relayQueueSize(), limits.relayQueueBytes().toBytes(),
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
        Budgets budgets = new Budgets(Bucket.builder()
                .addLimit(limit -> limit.capacity(limits.frameBurst())
                        .refillGreedy(limits.frameRate(), Duration.ofSeconds(1)))
                .build(), new RelayReports());

        // A watchdog beside receive(), not a timeout on it: cancelling receive() drops the connection without a
        // close frame. closeWith() starts the close on its own subscription, so the cleanup below cannot cancel it.
        Sinks.Many<Boolean> heard = Sinks.many().multicast().directBestEffort();
        Disposable idleWatch = heard.asFlux()
                .timeout(limits.idleTimeout())
                .subscribe(null, idle -> connection.closeWith(IDLE));
        Disposable pings = Flux.interval(limits.pingInterval()).subscribe(tick -> connection.ping());

        Mono<Void> inbound = session.receive()
                .doOnNext(message -> heard.tryEmitNext(Boolean.TRUE))
                .map(Inbound::of)
                .concatMap(message -> handleInbound(connection, budgets, message)
                        .doFinally(signal -> heard.tryEmitNext(Boolean.TRUE)), 0)
                .then()
                .doFinally(signal -> connection.close());
        Mono<Void> outbound = connection
                .outboundBatches(SocketConnection.WRITE_BATCH_FRAMES, SocketConnection.WRITE_BATCH_BYTES)
                .concatMap(batch -> writer.write(session, connection, batch), 0)
                .then()
                .onErrorResume(error -> {
                    log.debug("a socket's writer ended: {}", error.toString());
                    connection.close();
                    return Mono.empty();
                });
        return Mono.zip(inbound, outbound)
                .then()
                .doFinally(signal -> {
                    sync.dispose();
                    idleWatch.dispose();
                    pings.dispose();
                    connection.close();
                    sessions.unregister(connection);
                    metrics.duplicatesSkipped(connection.skippedDuplicates());
                });
    }

    private Mono<Void> handleInbound(SocketConnection connection, Budgets budgets, Inbound message) {
        if (message.control()) {
            return Mono.empty(); // it kept the socket from being idle, nothing else
        }
        FrameKind kind = message.type() == WebSocketMessage.Type.BINARY ? FrameKind.ofInbound(message.frame())
                : FrameKind.OTHER;
        metrics.frameIn(kind);
        if (kind == FrameKind.HEARTBEAT || kind == FrameKind.ACK) {
            // answered or confirmed here, never forwarded: no frame id (and no SecureRandom draw per heartbeat)
            return handleFrame(connection, budgets, message, "");
        }
        String frameId = UUID.randomUUID().toString();
        return correlated(frameId, () -> handleFrame(connection, budgets, message, frameId));
    }

    /**
     * Runs {@code work} and subscribes to its answer with {@code frameId} as the MDC's correlation id, which is
     * restored before this returns: what the frame's handling does synchronously on the socket's thread logs the
     * id, and nothing leaks to the next frame or socket on that thread.
     */
    private static Mono<Void> correlated(String frameId, java.util.function.Supplier<Mono<Void>> work) {
        return Mono.fromDirect(subscriber -> {
            try (CorrelationIds.Scope correlation = CorrelationIds.open(frameId)) {
                work.get().subscribe(subscriber);
            }
        });
    }

    private Mono<Void> handleFrame(SocketConnection connection, Budgets budgets, Inbound message, String frameId) {
        Message frame = message.frame();
        boolean relayed = frame != null && FrameRules.isRelayed(frame);
        String clientMessageId = frame == null ? "" : frame.getClientMessageId();
        if (relayed) {
            if (!relayBudgets.tryConsumeFrame(connection.userUuid())) {
                relayRateLimited(connection, budgets, clientMessageId);
                return Mono.empty();
            }
        } else if (!budgets.frames().tryConsume(1)) {
            refuse(connection, FrameError.RATE_LIMITED, clientMessageId);
            return Mono.empty();
        }
        if (message.type() == WebSocketMessage.Type.TEXT) {
            refuse(connection, FrameError.TEXT_FRAMES_NOT_SUPPORTED, "");
            return Mono.empty();
        }
        if (frame == null) {
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
            metrics.refused(refusal.error());
            if (!relayed || !FrameRules.isScreen(frame) || budgets.relayed().mayReportScreenRefusal(System.nanoTime())) {
                connection.send(SystemFrames.error(connection.userUuid(), refusal.error(), clientMessageId));
            }
            return Mono.empty();
        }
        if (verdict instanceof FrameRules.Upload upload) {
            return upload(connection, upload, frameId);
        }
        if (verdict instanceof FrameRules.Relay relayVerdict) {
            return relay(connection, budgets, relayVerdict, frameId);
        }
        FrameRules.Forward forward = (FrameRules.Forward) verdict;
        return forward(connection, forward.frame(), forward.conversationKey(), frameId);
    }

    /** The file goes to media-service first; the frame follows with the stored name, or the sender hears why not. */
    private Mono<Void> upload(SocketConnection connection, FrameRules.Upload upload, String frameId) {
        String clientMessageId = upload.frame().getClientMessageId();
        return files.store(connection.userUuid(), upload)
                .flatMap(stored -> {
                    metrics.fileUpload("stored");
                    Message frame = upload.frame().toBuilder()
                            .setUrl(stored.name())
                            .setContentType(stored.contentType())
                            .build();
                    return forward(connection, frame, upload.conversationKey(), frameId);
                })
                .onErrorResume(ChatFileClient.UploadsBusy.class, busy -> {
                    CorrelationIds.run(frameId, () -> log.debug("a file of a frame was refused: {}",
                            busy.getMessage()));
                    metrics.fileUpload("busy");
                    refuse(connection, FrameError.UNAVAILABLE, clientMessageId);
                    return Mono.empty();
                })
                .onErrorResume(ChatFileClient.FileRefused.class, refused -> {
                    metrics.fileUpload(refused.error().code());
                    metrics.refused(refused.error());
                    connection.send(SystemFrames.error(connection.userUuid(), refused.error().code(),
                            refused.getMessage(), clientMessageId));
                    return Mono.empty();
                })
                .onErrorResume(error -> {
                    CorrelationIds.run(frameId, () -> log.warn(
                            "a file of a frame could not be stored by media-service: {}", error.toString()));
                    metrics.fileUpload(FrameError.UNAVAILABLE.code());
                    refuse(connection, FrameError.UNAVAILABLE, clientMessageId);
                    return Mono.empty();
                });
    }

    private Mono<Void> relay(SocketConnection connection, Budgets budgets, FrameRules.Relay verdict, String frameId) {
        return relay.relay(connection, verdict, frameId)
                .doOnNext(outcome -> {
                    if (outcome instanceof CallRelay.RateLimited) {
                        relayRateLimited(connection, budgets, verdict.frame().getClientMessageId());
                        return;
                    }
                    if (!(outcome instanceof CallRelay.Refused refused)) {
                        return;
                    }
                    metrics.refused(refused.code());
                    if (!verdict.screen() || budgets.relayed().mayReportScreenRefusal(System.nanoTime())) {
                        connection.send(SystemFrames.error(connection.userUuid(), refused.code(), refused.reason(),
                                verdict.frame().getClientMessageId()));
                    }
                })
                .then();
    }

    /** A relayed frame over the user's relay budget: dropped, {@code rate_limited} at most once a second. */
    private void relayRateLimited(SocketConnection connection, Budgets budgets, String clientMessageId) {
        metrics.relayDropped("rate_limited");
        if (budgets.relayed().mayReportRateLimited(System.nanoTime())) {
            refuse(connection, FrameError.RATE_LIMITED, clientMessageId);
        }
    }

    private Mono<Void> forward(SocketConnection connection, Message frame, String conversationKey, String frameId) {
        InboundFrame inbound = InboundFrame.newBuilder()
                .setFrameId(frameId.isEmpty() ? UUID.randomUUID().toString() : frameId)
                .setFrame(frame)
                .setSenderUuid(connection.userUuid())
                .setSenderUsername(connection.username())
                .setGatewayId(gatewayId)
                .setConnectionId(connection.connectionId())
                .setReceivedAtMs(System.currentTimeMillis())
                .build();
        if (log.isDebugEnabled()) {
            // also after an upload, on media-service's answer thread: the id set again
            CorrelationIds.run(frameId, () -> log.debug("frame from socket {} to {}", connection.connectionId(),
                    conversationKey));
        }
        return publisher.publish(conversationKey, inbound)
                .onErrorResume(error -> {
                    CorrelationIds.run(frameId, () -> log.warn("an inbound frame could not be sent to Kafka: {}",
                            error.toString()));
                    refuse(connection, FrameError.UNAVAILABLE, frame.getClientMessageId());
                    return Mono.empty();
                });
    }

    private void refuse(SocketConnection connection, FrameError error, String clientMessageId) {
        metrics.refused(error);
        connection.send(SystemFrames.error(connection.userUuid(), error, clientMessageId));
    }
}
