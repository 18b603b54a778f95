package im.gateway.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import im.gateway.config.GatewayProperties;
import im.gateway.support.MutableClock;
import im.gateway.ws.SessionRegistry;
import im.gateway.ws.SocketConnection;
import im.proto.Message;
import im.proto.events.EventEnvelope;
import im.proto.events.user.UserDeleted;
import im.proto.events.user.UserRegistered;
import im.proto.frames.Delivery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.socket.CloseStatus;
import reactor.core.publisher.Mono;

class AccountDeletionConsumerTest {

    private static final String ANNA = "[usr]a0000000-0000-4000-8000-000000000001";
    private static final String BORIS = "[usr]b0000000-0000-4000-8000-000000000002";
    private static final GatewayProperties.DeletedAccounts FAST_RETRY =
            new GatewayProperties.DeletedAccounts(Duration.ofSeconds(1), Duration.ofMillis(10), Duration.ofMillis(20));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final DeletedAccounts accounts = new DeletedAccounts(Duration.ofDays(7), clock);
    private final SessionRegistry sessions = new SessionRegistry();
    private final Map<String, List<CloseStatus>> closes = new ConcurrentHashMap<>();

    private AccountDeletionConsumer consumer(LongFunction<Mono<List<String>>> loader) {
        return new AccountDeletionConsumer(accounts, sessions, loader, FAST_RETRY);
    }

    private SocketConnection open(String connectionId, String user) {
        List<CloseStatus> statuses = closes.computeIfAbsent(connectionId, id -> new CopyOnWriteArrayList<>());
        SocketConnection connection = new SocketConnection(connectionId, user, "name", 16, 16, statuses::add);
        sessions.register(connection);
        return connection;
    }

    private static ConsumerRecord<String, byte[]> record(byte[] value) {
        return new ConsumerRecord<>("im.user.events.v1", 0, 42, "key", value);
    }

    private static ConsumerRecord<String, byte[]> event(com.google.protobuf.Message payload) {
        return record(EventEnvelope.newBuilder().setEventId("e-1").setEventType("im.user." + payload
                        .getDescriptorForType().getName()).setAggregateId(ANNA).setAggregateSequence(3)
                .setPayload(Any.pack(payload)).build().toByteArray());
    }

    private ConsumerRecord<String, byte[]> deleted(String uuid) {
        return event(UserDeleted.newBuilder().setUuid(uuid).setUsername("anna").setDeletedAtMs(clock.millis()).build());
    }

    @Test
    void aUserDeletedClosesEverySocketOfThatAccountWith1008AndNoOtherSocket() {
        open("anna-phone", ANNA);
        open("anna-laptop", ANNA);
        SocketConnection boris = open("boris", BORIS);
        consumer(since -> Mono.just(List.of())).handle(deleted(ANNA));
        assertThat(accounts.contains(ANNA)).isTrue();
        assertThat(closes.get("anna-phone")).containsExactly(SocketConnection.ACCOUNT_DELETED);
        assertThat(closes.get("anna-laptop")).containsExactly(SocketConnection.ACCOUNT_DELETED);
        assertThat(SocketConnection.ACCOUNT_DELETED.getCode()).isEqualTo(1008);
        assertThat(SocketConnection.ACCOUNT_DELETED.getReason()).isEqualTo("account deleted");
        assertThat(closes.get("boris")).isEmpty();
        assertThat(boris.isClosed()).isFalse();
        assertThat(accounts.contains(BORIS)).isFalse();
    }

    @Test
    void theDeletedAccountsQueuedDeliveriesAreDropped() {
        SocketConnection phone = open("anna-phone", ANNA); // nobody reads yet: frames stay queued
        phone.goLive();
        phone.deliverLive(Delivery.newBuilder().setRecipientUuid(ANNA).setInboxSeq(1)
                .setFrame(Message.newBuilder().setContent("queued")).build());
        assertThat(phone.queued()).isEqualTo(1);
        consumer(since -> Mono.just(List.of())).handle(deleted(ANNA));
        assertThat(phone.queued()).isZero();
        assertThat(phone.outbound().collectList().block(Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void otherEventTypesAndUndecodableRecordsAreSkipped() {
        SocketConnection anna = open("anna", ANNA);
        AccountDeletionConsumer consumer = consumer(since -> Mono.just(List.of()));
        consumer.handle(event(UserRegistered.newBuilder().setUuid(ANNA).setUsername("anna").build()));
        consumer.handle(record(new byte[]{(byte) 0xFF, 0x01, 0x02}));
        consumer.handle(record(null));
        consumer.handle(record(EventEnvelope.newBuilder().setEventId("e-2").setPayload(Any.newBuilder()
                .setTypeUrl("type.googleapis.com/" + UserDeleted.getDescriptor().getFullName())
                .setValue(com.google.protobuf.ByteString.copyFrom(new byte[]{(byte) 0xFF}))).build().toByteArray()));
        consumer.handle(event(UserDeleted.newBuilder().setUsername("no uuid").build()));
        assertThat(accounts.size()).isZero();
        assertThat(anna.isClosed()).isFalse();
        consumer.handle(deleted(ANNA));
        assertThat(anna.isClosed()).as("the consumer keeps working after skipped records").isTrue();
    }

    @Test
    void aFailedLoadIsRetriedUntilItSucceedsAndOnlyThenTheSetIsLoaded() {
        AtomicInteger calls = new AtomicInteger();
        List<Long> sinces = new CopyOnWriteArrayList<>();
        AccountDeletionConsumer consumer = consumer(since -> {
            sinces.add(since);
            return calls.incrementAndGet() <= 3
                    ? Mono.error(new IllegalStateException("503 from user-service"))
                    : Mono.just(List.of(ANNA));
        });
        consumer.reload();
        await().atMost(Duration.ofSeconds(5)).until(accounts::isLoaded);
        assertThat(consumer.loadAttempts()).isEqualTo(4);
        assertThat(accounts.contains(ANNA)).isTrue();
        assertThat(sinces).as("every attempt looks back over the token lifetime plus the margin")
                .allMatch(since -> since == clock.millis() - Duration.ofDays(7).plusHours(1).toMillis());
    }

    @Test
    void whileTheLoadFailsTheSetIsNotLoadedButLiveDeletionsAlreadyCount() throws InterruptedException {
        AccountDeletionConsumer consumer = consumer(since -> Mono.error(new IllegalStateException("down")));
        consumer.reload();
        consumer.handle(deleted(BORIS));
        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.loadAttempts() >= 3);
        assertThat(accounts.isLoaded()).isFalse();
        assertThat(accounts.contains(BORIS)).isTrue();
        consumer.cancelLoad();
    }

    @Test
    void aLoadedListClosesOpenSocketsOfListedAccounts() {
        open("anna", ANNA);
        open("boris", BORIS);
        consumer(since -> Mono.just(List.of(ANNA))).reload();
        await().atMost(Duration.ofSeconds(5)).until(accounts::isLoaded);
        assertThat(closes.get("anna")).containsExactly(SocketConnection.ACCOUNT_DELETED);
        assertThat(closes.get("boris")).isEmpty();
    }

    @Test
    void aNewLoadReplacesOneStillRunning() {
        AtomicInteger calls = new AtomicInteger();
        AccountDeletionConsumer consumer = consumer(since -> calls.incrementAndGet() == 1
                ? Mono.never()
                : Mono.just(List.of(BORIS)));
        consumer.reload();
        assertThat(accounts.isLoaded()).isFalse();
        consumer.reload();
        await().atMost(Duration.ofSeconds(5)).until(accounts::isLoaded);
        assertThat(accounts.contains(BORIS)).isTrue();
    }
}
