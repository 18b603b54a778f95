package im.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import im.gateway.ws.SessionRegistry;
import im.gateway.ws.SocketConnection;
import im.platform.logging.CorrelationIds;
import im.proto.Message;
import im.proto.frames.Delivery;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class DeliveryDispatcherTest {

    private final SessionRegistry sessions = new SessionRegistry();
    private final DeliveryDispatcher dispatcher = new DeliveryDispatcher(sessions);

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    /** A live socket whose writer records the MDC's correlation id as each frame reaches it. */
    private List<String> socketSeeingTheMdc(String user, String connectionId) {
        SocketConnection connection = new SocketConnection(connectionId, user, "name", 16, 16, status -> { });
        connection.goLive();
        sessions.register(connection);
        List<String> seen = new ArrayList<>();
        connection.outbound().subscribe(frame -> seen.add(frame.frame().getContent() + "@"
                + CorrelationIds.current()));
        return seen;
    }

    private static Delivery delivery(String recipient, long inboxSeq, String correlationId) {
        return Delivery.newBuilder().setRecipientUuid(recipient).setInboxSeq(inboxSeq).setCorrelationId(correlationId)
                .setSourceReceivedAtMs(System.currentTimeMillis())
                .setFrame(Message.newBuilder().setContent("m" + inboxSeq)).build();
    }

    @Test
    void aDeliveryIsHandledWithItsCorrelationIdInTheMdcAndTheMdcIsClearedAfter() {
        List<String> phone = socketSeeingTheMdc("[usr]me", "phone");
        List<String> laptop = socketSeeingTheMdc("[usr]me", "laptop");
        dispatcher.dispatch(delivery("[usr]me", 1, "frame-1"));
        assertThat(CorrelationIds.current()).isNull();
        dispatcher.dispatch(delivery("[usr]me", 2, ""));
        dispatcher.dispatch(delivery("[usr]me", 3, "frame-3").toBuilder().setTargetConnectionId("laptop").build());
        assertThat(CorrelationIds.current()).isNull();
        assertThat(phone).containsExactly("m1@frame-1", "m2@null");
        assertThat(laptop).containsExactly("m1@frame-1", "m2@null", "m3@frame-3");
    }

    @Test
    void anIdAlreadyInTheMdcIsRestored() {
        List<String> socket = socketSeeingTheMdc("[usr]me", "c1");
        MDC.put(CorrelationIds.MDC_KEY, "outer");
        dispatcher.dispatch(delivery("[usr]me", 1, "frame-1"));
        assertThat(CorrelationIds.current()).isEqualTo("outer");
        assertThat(socket).containsExactly("m1@frame-1");
    }
}
