package im.gateway.delivery;

import im.gateway.ws.SessionRegistry;
import im.gateway.ws.SocketConnection;
import im.platform.logging.CorrelationIds;
import im.proto.frames.Delivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Pushes one {@link Delivery} to the sockets it addresses on this gateway:
 * {@code target_connection_id} set: only that socket (if it belongs to the recipient);
 * {@code exclude_connection_id} set: every socket of the recipient but that one;
 * otherwise every socket of {@code recipient_uuid}. A socket that is not held here is simply not addressed: every
 * gateway sees every delivery.
 *
 * <p>While it does (on the delivery consumer's thread), the delivery's {@code correlation_id} (the frame id of the
 * client frame that caused it) is the MDC's {@code correlationId}, removed (or the previous value restored) after;
 * the socket's writer sets it again when it hands the frame over on Netty's thread ({@code SocketWriter}).
 */
@Component
public class DeliveryDispatcher {

    private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);

    private final SessionRegistry sessions;

    public DeliveryDispatcher(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    public void dispatch(Delivery delivery) {
        try (CorrelationIds.Scope correlation = CorrelationIds.open(delivery.getCorrelationId())) {
            toSockets(delivery);
        }
    }

    private void toSockets(Delivery delivery) {
        String recipient = delivery.getRecipientUuid();
        if (log.isDebugEnabled()) {
            log.debug("delivery for {} (inbox_seq {}, socket {})", recipient, delivery.getInboxSeq(),
                    delivery.getTargetConnectionId().isEmpty() ? "all" : delivery.getTargetConnectionId());
        }
        if (!delivery.getTargetConnectionId().isEmpty()) {
            sessions.connection(delivery.getTargetConnectionId())
                    .filter(connection -> recipient.isEmpty() || recipient.equals(connection.userUuid()))
                    .ifPresent(connection -> connection.deliverLive(delivery));
            return;
        }
        if (recipient.isEmpty()) {
            return;
        }
        String excluded = delivery.getExcludeConnectionId();
        for (SocketConnection connection : sessions.ofUser(recipient)) {
            if (!connection.connectionId().equals(excluded)) {
                connection.deliverLive(delivery);
            }
        }
    }
}
