package im.messaging.support;

import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import im.messaging.api.ConversationIds;
import im.platform.kafka.ImTopics;
import im.platform.test.TestInfrastructure;
import im.proto.Message;
import im.proto.events.EventEnvelope;
import im.proto.events.group.GroupCreated;
import im.proto.events.group.MemberJoined;
import im.proto.events.group.MemberLeft;
import im.proto.events.user.ContactAdded;
import im.proto.events.user.ContactLeft;
import im.proto.events.user.UserDeleted;
import im.proto.events.user.UserProfileChanged;
import im.proto.events.user.UserRegistered;
import im.proto.frames.Delivery;
import im.proto.frames.InboundFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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

    /** The next aggregate sequence of a contact pair or a group (what user-/group-service would number). */
    private long nextSequence(String aggregateId) {
        return sequences.computeIfAbsent(aggregateId, id -> new AtomicLong()).getAndIncrement();
    }

    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();

    /** ContactAdded for the pair, with the pair's next sequence. */
    protected void publishContactAdded(String userUuid, String contactUuid) {
        String pairId = ConversationIds.pairKey(userUuid, contactUuid);
        publishUserEvent(pairId, nextSequence(pairId), ContactAdded.newBuilder().setContactId(pairId)
                .setUserUuid(userUuid).setContactUuid(contactUuid).build(), "im.user.ContactAdded");
    }

    /** ContactLeft ({@code leaverUuid} left the 1:1 chat) at {@code leftAt}, with the pair's next sequence. */
    protected void publishContactLeft(String leaverUuid, String contactUuid, Instant leftAt) {
        String pairId = ConversationIds.pairKey(leaverUuid, contactUuid);
        publishUserEvent(pairId, nextSequence(pairId), ContactLeft.newBuilder().setContactId(pairId)
                .setUserUuid(leaverUuid).setContactUuid(contactUuid).setLeftAtMs(leftAt.toEpochMilli()).build(),
                "im.user.ContactLeft");
    }

    protected void publishUserDeleted(String uuid, long sequence) {
        publishUserEvent(uuid, sequence, UserDeleted.newBuilder().setUuid(uuid).setUsername(usernameOf(uuid))
                .setDeletedAtMs(System.currentTimeMillis()).build(), "im.user.UserDeleted");
    }

    /** Makes the two users contacts (ContactAdded) and waits until messaging-service has both directions. */
    protected void contacts(String a, String b) {
        publishContactAdded(a, b);
        await().atMost(Duration.ofSeconds(20)).until(() -> activeContacts(a, b) == 2);
    }

    protected long activeContacts(String a, String b) {
        return jdbc.sql("""
                        SELECT count(*) FROM known_contacts WHERE active
                           AND ((owner_uuid = :a AND contact_uuid = :b) OR (owner_uuid = :b AND contact_uuid = :a))""")
                .param("a", a).param("b", b).query(Long.class).single();
    }

    // ---- group-service's side ----

    protected static String newGroupUuid() {
        return "[grp]" + UUID.randomUUID();
    }

    protected void publishGroupEvent(String groupUuid, long sequence, com.google.protobuf.Message payload,
                                     String type) {
        EventEnvelope envelope = EventEnvelope.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setEventType(type)
                .setAggregateId(groupUuid)
                .setAggregateSequence(sequence)
                .setTimestampMs(System.currentTimeMillis())
                .setPayload(Any.pack(payload))
                .build();
        send(topics.groupEvents(), groupUuid, envelope.toByteArray());
    }

    /** GroupCreated by {@code ownerUuid}; waits until messaging-service knows the group. */
    protected String createdGroup(String ownerUuid, String name) {
        String group = newGroupUuid();
        publishGroupEvent(group, nextSequence(group), GroupCreated.newBuilder().setGroupUuid(group)
                .setCreatorUuid(ownerUuid).setName(name).setCreatedAtMs(System.currentTimeMillis()).setRole("owner")
                .build(), "im.group.GroupCreated");
        awaitMember(group, ownerUuid, true);
        return group;
    }

    /** MemberJoined with the group's next sequence (not awaited). */
    protected void publishJoined(String group, String userUuid) {
        publishGroupEvent(group, nextSequence(group), MemberJoined.newBuilder().setGroupUuid(group)
                .setUserUuid(userUuid).setRole("member").setJoinedAtMs(System.currentTimeMillis()).build(),
                "im.group.MemberJoined");
    }

    /** MemberJoined; waits until messaging-service has the member. */
    protected void joined(String group, String userUuid) {
        publishJoined(group, userUuid);
        awaitMember(group, userUuid, true);
    }

    /** MemberLeft at {@code leftAt}; waits until messaging-service has it. */
    protected void left(String group, String userUuid, Instant leftAt, boolean groupClosed) {
        publishGroupEvent(group, nextSequence(group), MemberLeft.newBuilder().setGroupUuid(group)
                .setUserUuid(userUuid).setLeftAtMs(leftAt.toEpochMilli()).setGroupClosed(groupClosed).build(),
                "im.group.MemberLeft");
        awaitMember(group, userUuid, false);
    }

    protected void awaitMember(String group, String userUuid, boolean active) {
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
                        SELECT count(*) FROM group_members WHERE group_uuid = :g AND user_uuid = :u AND active = :active""")
                .param("g", group).param("u", userUuid).param("active", active).query(Long.class).single() == 1);
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

    /** A text frame to a group (messageType 2). */
    protected InboundFrame groupFrame(String from, String group, String text, String clientMessageId) {
        return inbound(from, Message.newBuilder()
                .setFrom(from).setFromUsername("name-of-" + from).setTo(group)
                .setContent(text).setContentType(1).setMessageType(2)
                .setClientMessageId(clientMessageId)
                .build());
    }

    /** Sends the frame keyed as the gateway keys it: 1:1 the sorted pair, group the group uuid. */
    protected void publishInbound(InboundFrame inbound) {
        Message frame = inbound.getFrame();
        send(topics.framesInbound(), frame.getMessageType() == 2 ? frame.getTo()
                : ConversationIds.pairKey(inbound.getSenderUuid(), frame.getTo()), inbound.toByteArray());
    }

    protected void send(String topic, String key, byte[] value) {
        try {
            kafka.send(topic, key, value).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends each text from {@code from} to {@code to} (1:1) and waits until the history has all of them. */
    protected void sendAndAwaitStored(String from, String to, String... texts) {
        String conversation = ConversationIds.direct(from, to);
        int before = jdbc.sql("SELECT count(*) FROM messages WHERE conversation_id = :c").param("c", conversation)
                .query(Integer.class).single();
        for (String text : texts) {
            publishInbound(textFrame(from, to, text, ""));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                        "SELECT count(*) FROM messages WHERE conversation_id = :c").param("c", conversation)
                .query(Integer.class).single() == before + texts.length);
    }

    /** The message id and the legacy numeric id of a stored message, by its text. */
    protected StoredMessage stored(String conversationId, String text) {
        return jdbc.sql("SELECT id, message_id, seq FROM messages WHERE conversation_id = :c AND content = :t")
                .param("c", conversationId).param("t", text)
                .query((rs, row) -> new StoredMessage(rs.getLong("id"), rs.getString("message_id"), rs.getLong("seq")))
                .single();
    }

    protected record StoredMessage(long id, String messageId, long seq) {
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
