package im.messaging.query.inbox;

import com.google.protobuf.InvalidProtocolBufferException;
import im.platform.kafka.ImTopics;
import im.proto.frames.DeliveryReceipt;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Gateways confirm inbox entries written to a socket ({@code im.frames.receipts.v1}, consumer group
 * {@code messaging-receipts}); the recipient's delivery cursor follows, never backwards.
 */
@Component
public class ReceiptListener {

    private static final Logger log = LoggerFactory.getLogger(ReceiptListener.class);

    private final InboxRepository inbox;
    private final ImTopics topics;

    public ReceiptListener(InboxRepository inbox, ImTopics topics) {
        this.inbox = inbox;
        this.topics = topics;
    }

    public String topicName() {
        return topics.framesReceipts();
    }

    @KafkaListener(topics = "#{__listener.topicName()}", groupId = "messaging-receipts")
    public void on(ConsumerRecord<String, byte[]> record) {
        DeliveryReceipt receipt;
        try {
            receipt = DeliveryReceipt.parseFrom(record.value() == null ? new byte[0] : record.value());
        } catch (InvalidProtocolBufferException e) {
            log.warn("skipping undecodable receipt at {}-{}@{}", record.topic(), record.partition(), record.offset());
            return;
        }
        if (receipt.getRecipientUuid().isEmpty() || receipt.getUpToInboxSeq() <= 0) {
            log.warn("skipping receipt without recipient or position at {}-{}@{}",
                    record.topic(), record.partition(), record.offset());
            return;
        }
        inbox.advanceCursor(receipt.getRecipientUuid(), receipt.getUpToInboxSeq());
    }
}
