package im.messaging.query.inbox;

import com.google.protobuf.InvalidProtocolBufferException;
import im.platform.kafka.ImTopics;
import im.proto.frames.DeliveryReceipt;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Gateways confirm inbox entries written to a socket ({@code im.frames.receipts.v1}, consumer group
 * {@code messaging-receipts}); the recipient's delivery cursor follows, never backwards. Receipts are read in
 * batches (one per poll).
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

    /**
     * A poll's receipts at once: per recipient only the highest position counts (cursors never move backwards), and
     * all cursors move in one statement, instead of one write per delivered message.
     */
    @KafkaListener(topics = "#{__listener.topicName()}", groupId = "messaging-receipts", batch = "true")
    public void on(List<ConsumerRecord<String, byte[]>> records) {
        Map<String, Long> highest = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            DeliveryReceipt receipt;
            try {
                receipt = DeliveryReceipt.parseFrom(record.value() == null ? new byte[0] : record.value());
            } catch (InvalidProtocolBufferException e) {
                log.warn("skipping undecodable receipt at {}-{}@{}", record.topic(), record.partition(),
                        record.offset());
                continue;
            }
            if (receipt.getRecipientUuid().isEmpty() || receipt.getUpToInboxSeq() <= 0) {
                log.warn("skipping receipt without recipient or position at {}-{}@{}",
                        record.topic(), record.partition(), record.offset());
                continue;
            }
            highest.merge(receipt.getRecipientUuid(), receipt.getUpToInboxSeq(), Math::max);
        }
        inbox.advanceCursors(highest);
    }
}
