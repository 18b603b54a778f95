package im.messaging.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import im.messaging.api.ConversationIds;
import im.messaging.support.MessagingIntegrationTest;
import im.proto.Message;
import im.proto.events.EventEnvelope;
import im.proto.events.message.MessageSent;
import im.proto.frames.Delivery;
import im.proto.frames.DeliveryBatch;
import im.proto.frames.InboundFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Group chat through real Kafka: group events and frames in, re-addressed deliveries out. */
class GroupChatIT extends MessagingIntegrationTest {

    private static boolean isMessage(Delivery delivery) {
        return delivery.getInboxSeq() > 0;
    }

    private static boolean isAck(Delivery delivery) {
        return "ack".equals(delivery.getFrame().getType());
    }

    private static boolean isError(Delivery delivery) {
        return "error".equals(delivery.getFrame().getType());
    }

    private long storedMessages(String group) {
        return jdbc.sql("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = :id")
                .param("id", ConversationIds.group(group)).query(Long.class).single();
    }

    private List<Delivery> messagesTo(String uuid) {
        return deliveriesTo(uuid).stream().filter(GroupChatIT::isMessage).toList();
    }

    @Test
    void aGroupMessageReachesEveryOtherMemberReaddressedToTheGroup() throws InterruptedException {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        String carol = registeredUser("carol");
        String group = createdGroup(alice, "crew");
        joined(group, bob);
        joined(group, carol);
        InboundFrame inbound = groupFrame(alice, group, "hi crew", "client-1");

        publishInbound(inbound);

        Delivery toBob = awaitDeliveries(bob, 1, GroupChatIT::isMessage).get(0);
        Delivery toCarol = awaitDeliveries(carol, 1, GroupChatIT::isMessage).get(0);
        for (Delivery delivery : List.of(toBob, toCarol)) {
            Message frame = delivery.getFrame();
            assertThat(delivery.getTargetConnectionId()).isEmpty();
            assertThat(delivery.getInboxSeq()).isEqualTo(1);
            assertThat(frame.getFrom()).isEqualTo(group);
            assertThat(frame.getTo()).isEqualTo(alice);
            assertThat(frame.getAvatar()).isEqualTo("alice.png");
            assertThat(frame.getFromUsername()).isEqualTo(usernameOf(alice));
            assertThat(frame.getContent()).isEqualTo("hi crew");
            assertThat(frame.getContentType()).isEqualTo(1);
            assertThat(frame.getMessageType()).isEqualTo(2);
            assertThat(frame.getUrl()).isEmpty();
            assertThat(frame.getType()).isEmpty();
            assertThat(frame.getSeq()).isEqualTo(1);
            assertThat(frame.getInboxSeq()).isEqualTo(1);
            assertThat(frame.getServerTime()).isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis());
        }
        assertThat(toBob.getFrame().getMessageId()).isNotBlank().isEqualTo(toCarol.getFrame().getMessageId());
        Delivery ack = awaitDeliveries(alice, 1, GroupChatIT::isAck).get(0);
        assertThat(ack.getTargetConnectionId()).isEqualTo(inbound.getConnectionId());
        assertThat(ack.getFrame().getMessageId()).isEqualTo(toBob.getFrame().getMessageId());
        assertThat(ack.getFrame().getSeq()).isEqualTo(1);
        Thread.sleep(300); // a delivery to the sender would be published with the others
        assertThat(messagesTo(alice)).isEmpty();
        assertThat(storedMessages(group)).isEqualTo(1);
    }

    @Test
    void theSameGroupFrameTwiceIsStoredAndDeliveredOnce() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        String group = createdGroup(alice, "crew");
        joined(group, bob);
        InboundFrame inbound = groupFrame(alice, group, "once", "");

        publishInbound(inbound);
        publishInbound(inbound); // a Kafka redelivery
        publishInbound(groupFrame(alice, group, "twice", ""));

        List<Delivery> messages = awaitDeliveries(bob, 2, GroupChatIT::isMessage);
        assertThat(messages).extracting(d -> d.getFrame().getContent()).containsExactly("once", "twice");
        assertThat(messages).extracting(d -> d.getFrame().getSeq()).containsExactly(1L, 2L);
        assertThat(storedMessages(group)).isEqualTo(2);
    }

    @Test
    void aNonMemberIsRefusedWithAnErrorFrameAndNothingIsStored() throws InterruptedException {
        String alice = registeredUser("alice");
        String dave = registeredUser("dave");
        String group = createdGroup(alice, "crew");
        InboundFrame inbound = groupFrame(dave, group, "let me in", "client-2");

        publishInbound(inbound);

        Delivery error = awaitDeliveries(dave, 1, GroupChatIT::isError).get(0);
        assertThat(error.getTargetConnectionId()).isEqualTo(inbound.getConnectionId());
        assertThat(error.getFrame().getFrom()).isEqualTo("system");
        assertThat(error.getFrame().getErrorCode()).isEqualTo("not_group_member");
        assertThat(error.getFrame().getContent()).isEqualTo("you are not a member of this group");
        assertThat(error.getFrame().getClientMessageId()).isEqualTo("client-2");
        Thread.sleep(300);
        assertThat(messagesTo(alice)).isEmpty();
        assertThat(storedMessages(group)).isZero();
    }

    @Test
    void anUnknownGroupIsRefused() {
        String alice = registeredUser("alice");
        String nowhere = newGroupUuid();

        publishInbound(groupFrame(alice, nowhere, "hello?", "client-3"));

        Delivery error = awaitDeliveries(alice, 1, GroupChatIT::isError).get(0);
        assertThat(error.getFrame().getErrorCode()).isEqualTo("unknown_group");
        assertThat(error.getFrame().getContent()).isEqualTo("group doesn't exist");
        assertThat(storedMessages(nowhere)).isZero();
    }

    @Test
    void aClosedGroupIsRefusedAsUnknown() {
        String alice = registeredUser("alice");
        String group = createdGroup(alice, "gone");
        left(group, alice, Instant.now(), true); // the last member left: closed

        publishInbound(groupFrame(alice, group, "anyone?", ""));

        Delivery error = awaitDeliveries(alice, 1, GroupChatIT::isError).get(0);
        assertThat(error.getFrame().getErrorCode()).isEqualTo("unknown_group");
    }

    @Test
    void aUserWhoJustJoinedIsNotRefusedFromTheRememberedRefusal() {
        String alice = registeredUser("alice");
        String dave = registeredUser("dave");
        String group = createdGroup(alice, "crew");
        publishInbound(groupFrame(dave, group, "refused", ""));
        awaitDeliveries(dave, 1, GroupChatIT::isError); // remembered as a non-member for 5 s

        joined(group, dave);
        publishInbound(groupFrame(dave, group, "accepted", ""));

        Delivery delivery = awaitDeliveries(alice, 1, GroupChatIT::isMessage).get(0);
        assertThat(delivery.getFrame().getContent()).isEqualTo("accepted");
        assertThat(deliveriesTo(dave).stream().filter(GroupChatIT::isError)).hasSize(1);
    }

    @Test
    void aMemberWhoLeftGetsNothingAndAfterRejoiningGetsNewMessages() throws InterruptedException {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        String carol = registeredUser("carol");
        String group = createdGroup(alice, "crew");
        joined(group, bob);
        joined(group, carol);

        left(group, bob, Instant.now(), false);
        publishInbound(groupFrame(alice, group, "while bob is away", ""));
        awaitDeliveries(carol, 1, GroupChatIT::isMessage);
        Thread.sleep(300); // bob's would have been published together with carol's
        assertThat(messagesTo(bob)).isEmpty();

        joined(group, bob);
        publishInbound(groupFrame(alice, group, "welcome back", ""));

        Delivery delivery = awaitDeliveries(bob, 1, GroupChatIT::isMessage).get(0);
        assertThat(delivery.getFrame().getContent()).isEqualTo("welcome back");
        assertThat(delivery.getFrame().getSeq()).isEqualTo(2);
        awaitDeliveries(carol, 2, GroupChatIT::isMessage);
        assertThat(messagesTo(bob)).hasSize(1);
    }

    @Test
    void aLeftMembersFrameIsRefused() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        String group = createdGroup(alice, "crew");
        joined(group, bob);
        left(group, bob, Instant.now(), false);

        publishInbound(groupFrame(bob, group, "still here?", ""));

        Delivery error = awaitDeliveries(bob, 1, GroupChatIT::isError).get(0);
        assertThat(error.getFrame().getErrorCode()).isEqualTo("not_group_member");
    }

    @Test
    void anOfflineMembersPendingInboxHasTheGroupMessagesInOrder() throws Exception {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        String group = createdGroup(alice, "crew");
        joined(group, bob);
        publishInbound(groupFrame(alice, group, "one", ""));
        publishInbound(groupFrame(alice, group, "two", ""));
        publishInbound(groupFrame(alice, group, "three", ""));
        awaitDeliveries(bob, 3, GroupChatIT::isMessage);

        byte[] body = http().get().uri("/internal/v1/inbox/{uuid}/pending", bob).retrieve().body(byte[].class);
        DeliveryBatch batch = DeliveryBatch.parseFrom(body);

        assertThat(batch.getDeliveriesList()).extracting(d -> d.getFrame().getContent())
                .containsExactly("one", "two", "three");
        assertThat(batch.getDeliveriesList()).extracting(Delivery::getInboxSeq).containsExactly(1L, 2L, 3L);
        assertThat(batch.getDeliveriesList()).extracting(d -> d.getFrame().getFrom()).containsOnly(group);
        assertThat(batch.getDeliveriesList()).extracting(d -> d.getFrame().getTo()).containsOnly(alice);
    }

    @Test
    void everyMemberOfALargeGroupGetsExactlyOneDelivery() throws InterruptedException {
        int members = 200;
        String alice = registeredUser("alice");
        String group = createdGroup(alice, "big");
        List<String> others = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            String member = newUuid();
            others.add(member);
            publishJoined(group, member);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                        "SELECT count(*) FROM group_members WHERE group_uuid = :g AND active")
                .param("g", group).query(Long.class).single() == members + 1);
        Set<String> recipients = Set.copyOf(others);

        long started = System.nanoTime();
        publishInbound(groupFrame(alice, group, "hello everyone", ""));
        List<ConsumerRecord<String, byte[]>> records = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> deliveries().matching(r -> recipients.contains(r.key())), found -> found.size() >= members);
        long allRecordedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        Thread.sleep(500); // a second delivery to anyone would follow at once

        List<Delivery> all = deliveries().matching(r -> recipients.contains(r.key())).stream()
                .map(r -> parse(r.value())).toList();
        assertThat(all).hasSize(members);
        assertThat(all.stream().map(Delivery::getRecipientUuid).collect(Collectors.toSet())).isEqualTo(recipients);
        assertThat(all).allSatisfy(d -> {
            assertThat(d.getFrame().getFrom()).isEqualTo(group);
            assertThat(d.getFrame().getTo()).isEqualTo(alice);
            assertThat(d.getInboxSeq()).isEqualTo(1);
        });
        assertThat(messagesTo(alice)).isEmpty();
        long storedAt = all.get(0).getFrame().getServerTime();
        LongSummaryStatistics published = records.stream().mapToLong(ConsumerRecord::timestamp).summaryStatistics();
        System.out.printf("group fan-out to %d members: stored -> last delivery published %d ms "
                        + "(first to last publish %d ms); frame sent -> all recorded %d ms%n",
                members, published.getMax() - storedAt, published.getMax() - published.getMin(), allRecordedMs);
    }

    @Test
    void aGroupMessageIsPublishedAsAPublicEventAddressedToTheGroup() {
        String alice = registeredUser("alice");
        String group = createdGroup(alice, "crew");
        String conversation = ConversationIds.group(group);

        publishInbound(groupFrame(alice, group, "public", ""));

        EventEnvelope envelope = await().atMost(Duration.ofSeconds(20))
                .until(() -> messageEvents().matching(r -> conversation.equals(r.key())), found -> !found.isEmpty())
                .stream().map(r -> parseEnvelope(r.value())).findFirst().orElseThrow();
        assertThat(envelope.getEventType()).isEqualTo("im.message.MessageSent");
        MessageSent payload = unpack(envelope);
        assertThat(payload.getConversationId()).isEqualTo(conversation);
        assertThat(payload.getToUuid()).isEqualTo(group);
        assertThat(payload.getFromUuid()).isEqualTo(alice);
        assertThat(payload.getMessageType()).isEqualTo(2);
        assertThat(payload.getSeq()).isEqualTo(1);
    }

    @Test
    void aBareGroupUuidIsReadAsTheGroup() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        String group = createdGroup(alice, "crew");
        joined(group, bob);

        publishInbound(groupFrame(alice, group.substring("[grp]".length()), "bare", ""));

        Delivery delivery = awaitDeliveries(bob, 1, GroupChatIT::isMessage).get(0);
        assertThat(delivery.getFrame().getFrom()).isEqualTo(group);
    }

    private static Delivery parse(byte[] bytes) {
        try {
            return Delivery.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static EventEnvelope parseEnvelope(byte[] bytes) {
        try {
            return EventEnvelope.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static MessageSent unpack(EventEnvelope envelope) {
        try {
            return envelope.getPayload().unpack(MessageSent.class);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
