package im.gateway.ws;

import com.google.protobuf.InvalidProtocolBufferException;
import im.gateway.config.GatewayProperties;
import im.gateway.delivery.OfflineSync;
import im.gateway.delivery.ReceiptPublisher;
import im.gateway.web.SocketHandshakeFilter;
import im.platform.web.CallerHeaders;
import im.proto.Message;
import im.proto.frames.InboundFrame;
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
import reactor.core.publisher.Mono;

/**
 * The legacy WebSocket {@code /socket.io}, authenticated by {@link SocketHandshakeFilter}.
 *
 * <p>On open: the welcome frame, registration (live deliveries are held), the offline sync, then live. Inbound
 * frames are handled one after the other: binary protobuf only, judged by {@link FrameRules}; accepted ones go to
 * Kafka as {@link InboundFrame}, refused ones get an error frame, and the socket stays open whatever the client
 * sends (only an oversized frame closes it, with 1009, in Netty). Outbound: the connection's single writer.
 */
@Component
public class ChatSocketHandler implements WebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(ChatSocketHandler.class);

    private final SessionRegistry sessions;
    private final FrameRules rules;
    private final InboundFramePublisher publisher;
    private final OfflineSync offlineSync;
    private final ReceiptPublisher receipts;
    private final GatewayMetrics metrics;
    private final GatewayProperties.Ws limits;
    private final String gatewayId;

    public ChatSocketHandler(SessionRegistry sessions, InboundFramePublisher publisher, OfflineSync offlineSync,
                             ReceiptPublisher receipts, GatewayMetrics metrics, GatewayProperties properties) {
        this.sessions = sessions;
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
        SocketConnection connection = new SocketConnection(UUID.randomUUID().toString(), userUuid,
                username == null ? "" : username, limits.outboundQueueSize(), limits.liveQueueSize(),
                status -> session.close(status).subscribe());
        connection.send(SystemFrames.welcome(connection.userUuid()));
        sessions.register(connection);
        Disposable sync = offlineSync.run(connection).subscribe();

        Mono<Void> inbound = session.receive()
                .concatMap(message -> handleInbound(connection, message))
                .then()
                .doFinally(signal -> connection.close());
        Mono<Void> outbound = session.send(connection.outbound()
                .doOnNext(frame -> written(connection, frame))
                .map(frame -> session.binaryMessage(factory -> factory.wrap(frame.frame().toByteArray()))));
        return Mono.zip(inbound, outbound)
                .then()
                .doFinally(signal -> {
                    sync.dispose();
                    connection.close();
                    sessions.unregister(connection);
                    metrics.duplicatesSkipped(connection.skippedDuplicates());
                });
    }

    private void written(SocketConnection connection, SocketConnection.OutboundFrame frame) {
        metrics.frameOut();
        if (frame.inboxSeq() > 0) {
            receipts.written(connection.userUuid(), connection.connectionId(), frame.inboxSeq());
        }
    }

    private Mono<Void> handleInbound(SocketConnection connection, WebSocketMessage message) {
        if (message.getType() == WebSocketMessage.Type.PING || message.getType() == WebSocketMessage.Type.PONG) {
            return Mono.empty();
        }
        metrics.frameIn();
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
