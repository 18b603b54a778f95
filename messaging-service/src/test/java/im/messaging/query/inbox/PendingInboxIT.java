package im.messaging.query.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.messaging.support.MessagingIntegrationTest;
import im.proto.frames.Delivery;
import im.proto.frames.DeliveryBatch;
import im.proto.frames.DeliveryReceipt;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/** Offline sync: the pending inbox answer and delivery receipts. */
class PendingInboxIT extends MessagingIntegrationTest {

    private ResponseEntity<byte[]> pendingResponse(String uuid, Integer limit) {
        String uri = "/internal/v1/inbox/{uuid}/pending" + (limit == null ? "" : "?limit=" + limit);
        return http().get().uri(uri, uuid).retrieve().toEntity(byte[].class);
    }

    private DeliveryBatch pending(String uuid, Integer limit) throws Exception {
        ResponseEntity<byte[]> response = pendingResponse(uuid, limit);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getHeaders().getContentType()).hasToString("application/x-protobuf");
        return DeliveryBatch.parseFrom(response.getBody() == null ? new byte[0] : response.getBody());
    }

    private void receipt(String recipient, long upTo) {
        send(topics.framesReceipts(), recipient, DeliveryReceipt.newBuilder().setRecipientUuid(recipient)
                .setUpToInboxSeq(upTo).setGatewayId("gw-test").setConnectionId("conn-x").build().toByteArray());
    }

    private String offlineRecipientWithThreeMessages() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);
        publishInbound(textFrame(alice, bob, "one", ""));
        publishInbound(textFrame(alice, bob, "two", ""));
        publishInbound(textFrame(alice, bob, "three", ""));
        awaitDeliveries(bob, 3, d -> d.getInboxSeq() > 0);
        return bob;
    }

    @Test
    void undeliveredMessagesArePendingInInboxOrder() throws Exception {
        String bob = offlineRecipientWithThreeMessages();

        DeliveryBatch batch = pending(bob, null);

        assertThat(batch.getHasMore()).isFalse();
        assertThat(batch.getDeliveriesList()).extracting(Delivery::getInboxSeq).containsExactly(1L, 2L, 3L);
        assertThat(batch.getDeliveriesList()).extracting(d -> d.getFrame().getContent())
                .containsExactly("one", "two", "three");
        assertThat(batch.getDeliveriesList()).extracting(d -> d.getFrame().getInboxSeq()).containsExactly(1L, 2L, 3L);
        assertThat(batch.getDeliveriesList()).extracting(Delivery::getRecipientUuid).containsOnly(bob);
        // a replay is not a live delivery: no latency start (the gateway's latency histogram skips it)
        assertThat(batch.getDeliveriesList()).extracting(Delivery::getSourceReceivedAtMs).containsOnly(0L);
    }

    @Test
    void aLimitedAnswerSaysThereIsMore() throws Exception {
        String bob = offlineRecipientWithThreeMessages();

        DeliveryBatch batch = pending(bob, 2);

        assertThat(batch.getHasMore()).isTrue();
        assertThat(batch.getDeliveriesList()).extracting(Delivery::getInboxSeq).containsExactly(1L, 2L);
    }

    @Test
    void theNextPageStartsAfterTheLastEntryTheGatewayWrote() throws Exception {
        String bob = offlineRecipientWithThreeMessages();

        ResponseEntity<byte[]> response = http().get()
                .uri("/internal/v1/inbox/{uuid}/pending?limit=2&after=2", bob).retrieve().toEntity(byte[].class);
        DeliveryBatch batch = DeliveryBatch.parseFrom(response.getBody());

        assertThat(batch.getHasMore()).isFalse();
        assertThat(batch.getDeliveriesList()).extracting(Delivery::getInboxSeq).containsExactly(3L);
    }

    @Test
    void aReceiptRemovesDeliveredEntriesAndAnOlderOneNeverBringsThemBack() throws Exception {
        String bob = offlineRecipientWithThreeMessages();

        receipt(bob, 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> pending(bob, null).getDeliveriesCount() == 1);
        receipt(bob, 1);
        receipt(bob, 99); // beyond the inbox: clamped, later messages must still be pending
        String carol = registeredUser("carol");
        contacts(carol, bob);
        publishInbound(textFrame(carol, bob, "four", ""));
        awaitDeliveries(bob, 4, d -> d.getInboxSeq() > 0);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(pending(bob, null).getDeliveriesList())
                .extracting(Delivery::getInboxSeq).containsExactly(4L));
    }

    @Test
    void theAnswerNamesTheRecipientsDeliveryCursor() throws Exception {
        String bob = offlineRecipientWithThreeMessages();
        assertThat(pending(bob, null).getDeliveredSeq()).isZero();

        receipt(bob, 2);

        await().atMost(Duration.ofSeconds(20)).until(() -> pending(bob, null).getDeliveredSeq() == 2);
        DeliveryBatch batch = pending(bob, null);
        assertThat(batch.getDeliveriesList()).extracting(Delivery::getInboxSeq).containsExactly(3L);
        receipt(bob, 3);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            DeliveryBatch empty = pending(bob, null);
            assertThat(empty.getDeliveredSeq()).isEqualTo(3);
            assertThat(empty.getDeliveriesCount()).isZero();
        });
    }

    @Test
    void aRecipientWithNothingPendingGetsAnEmptyBatch() throws Exception {
        DeliveryBatch batch = pending(newUuid(), 10);

        assertThat(batch.getDeliveriesCount()).isZero();
        assertThat(batch.getHasMore()).isFalse();
        assertThat(batch.getDeliveredSeq()).isZero();
    }

    @Test
    void aLimitOutsideOneToThousandIsABadRequest() {
        assertThat(pendingResponse(newUuid(), 0).getStatusCode().value()).isEqualTo(400);
        assertThat(pendingResponse(newUuid(), 1001).getStatusCode().value()).isEqualTo(400);
    }
}
