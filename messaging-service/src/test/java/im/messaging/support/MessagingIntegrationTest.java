package im.messaging.support;

import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import im.messaging.api.ConversationIds;
import im.platform.kafka.ImTopics;
import im.platform.test.TestInfrastructure;
import im.proto.Message;
import im.proto.events.EventEnvelope;
import im.proto.events.user.ContactAdded;
import im.proto.events.user.UserProfileChanged;
import im.proto.events.user.UserRegistered;
import im.proto.frames.Delivery;
import im.proto.frames.InboundFrame;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.http.HttpStatusCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * Base of the integration tests: one Spring context (real PostgreSQL and Kafka from {@link TestInfrastructure})
 * shared by every IT class, helpers that act as user-service (user events) and as the gateway (inbound frames,
 * receipts), and recorders of what messaging-service publishes. Every test uses fresh users.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RecorderConfig.class)
public abstract class MessagingIntegrationTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "messaging_it");
    }

    @LocalServerPort
    protected int port;
    @Autowired
    protected KafkaTemplate<String, byte[]> kafka;
    @Autowired
    protected ImTopics topics;
    @Autowired
    protected JdbcClient jdbc;

    protected RestClient http() {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> { })
                .build();
    }

    @Autowired
    @Lazy
    @Qualifier("deliveryRecorder")
    private TopicRecorder deliveryRecorder;
    @Autowired
    @Lazy
    @Qualifier("messageEventRecorder")
    private TopicRecorder messageEventRecorder;

    protected TopicRecorder deliveries() {
        return deliveryRecorder;
    }

    protected TopicRecorder messageEvents() {
        return messageEventRecorder;
    }

    protected static String newUuid() {
        return "[usr]" + UUID.randomUUID();
    }

    // ---- user-service's side ----

    protected void publishUserEvent(String aggregateId, long sequence, com.google.protobuf.Message payload,
                                    String type) {
        EventEnvelope envelope = EventEnvelope.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setEventType(type)
                .setAggregateId(aggregateId)
                .setAggregateSequence(sequence)
                .setTimestampMs(System.currentTimeMillis())
                .setPayload(Any.pack(payload))
                .build();
        send(topics.userEvents(), aggregateId, envelope.toByteArray());
    }

    protected void publishRegistered(String uuid, String username, String avatar) {
        publishUserEvent(uuid, 0, UserRegistered.newBuilder().setUuid(uuid).setUsername(username)
                .setNickname(username + " nick").setAvatar(avatar).setEmail("secret@example.org").build(),
                "im.user.UserRegistered");
    }

    protected void publishProfileChanged(String uuid, long sequence, String username, String avatar) {
        publishUserEvent(uuid, sequence, UserProfileChanged.newBuilder().setUuid(uuid).setUsername(username)
                .setNickname(username + " nick").setAvatar(avatar).build(), "im.user.UserProfileChanged");
    }

    protected void publishContactAdded(String userUuid, String contactUuid) {
        String pairId = ConversationIds.pairKey(userUuid, contactUuid);
        publishUserEvent(pairId, 0, ContactAdded.newBuilder().setContactId(pairId).setUserUuid(userUuid)
                .setContactUuid(contactUuid).build(), "im.user.ContactAdded");
    }

    /** Registers a user and waits until messaging-service knows it. */
    protected String registeredUser(String usernamePrefix) {
        String uuid = newUuid();
        publishRegistered(uuid, usernamePrefix + "-" + uuid.substring(5, 13), usernamePrefix + ".png");
        awaitKnown(uuid);
        return uuid;
    }

    protected String usernameOf(String uuid) {
        return jdbc.sql("SELECT username FROM known_users WHERE uuid = :uuid").param("uuid", uuid)
                .query(String.class).single();
    }

    protected void awaitKnown(String uuid) {
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("SELECT count(*) FROM known_users WHERE uuid = :u")
                .param("u", uuid).query(Long.class).single() == 1);
    }

    // ---- the gateway's side ----

    protected InboundFrame textFrame(String from, String to, String text, String clientMessageId) {
        Message frame = Message.newBuilder()
                .setFrom(from).setFromUsername("name-of-" + from).setTo(to)
                .setContent(text).setContentType(1).setMessageType(1)
                .setClientMessageId(clientMessageId)
                .build();
        return inbound(from, frame);
    }

    protected InboundFrame inbound(String from, Message frame) {
        return InboundFrame.newBuilder()
                .setFrameId(UUID.randomUUID().toString())
                .setFrame(frame)
                .setSenderUuid(from)
                .setSenderUsername(frame.getFromUsername())
                .setGatewayId("gw-test")
                .setConnectionId("conn-" + UUID.randomUUID())
                .setReceivedAtMs(System.currentTimeMillis())
                .build();
    }

    protected void publishInbound(InboundFrame inbound) {
        send(topics.framesInbound(), ConversationIds.pairKey(inbound.getSenderUuid(), inbound.getFrame().getTo()),
                inbound.toByteArray());
    }

    protected void send(String topic, String key, byte[] value) {
        try {
            kafka.send(topic, key, value).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- what messaging-service published ----

    protected List<Delivery> deliveriesTo(String recipientUuid) {
        return deliveries().matching(record -> recipientUuid.equals(record.key())).stream()
                .map(record -> parseDelivery(record.value()))
                .filter(delivery -> delivery.getRecipientUuid().equals(recipientUuid))
                .toList();
    }

    protected List<Delivery> awaitDeliveries(String recipientUuid, int count, Predicate<Delivery> filter) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> deliveriesTo(recipientUuid).stream().filter(filter).toList(),
                        found -> found.size() >= count);
    }

    private static Delivery parseDelivery(byte[] bytes) {
        try {
            return Delivery.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("messaging-service published an undecodable Delivery", e);
        }
    }
}
