package im.gateway.delivery;

import im.gateway.config.GatewayProperties;
import im.platform.kafka.ImTopics;
import im.proto.frames.DeliveryReceipt;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Tells messaging-service how far each socket has been written ({@code DeliveryReceipt} on
 * {@code im.frames.receipts.v1}, keyed by recipient). Receipts are coalesced per connection for
 * {@code receipt-flush-interval}: only the highest {@code inbox_seq} written in that time is sent, so an offline
 * sync of hundreds of entries produces one receipt for the last one. A failed send is logged and dropped: the cursor
 * only ever moves forward, a later receipt covers it, and at worst the entries are re-sent on the next connect.
 */
@Component
public class ReceiptPublisher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReceiptPublisher.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final String topic;
    private final String gatewayId;
    private final long flushMillis;
    private final Map<String, DeliveryReceipt> unsent = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;

    public ReceiptPublisher(KafkaTemplate<String, byte[]> kafka, ImTopics topics, GatewayProperties properties) {
        this.kafka = kafka;
        this.topic = topics.framesReceipts();
        this.gatewayId = properties.instanceId();
        this.flushMillis = Math.max(1, properties.ws().receiptFlushInterval().toMillis());
    }

    /** {@code inboxSeq} of {@code recipient} was written to socket {@code connectionId}. */
    public void written(String recipient, String connectionId, long inboxSeq) {
        unsent.merge(connectionId, receipt(recipient, connectionId, inboxSeq),
                (old, fresh) -> fresh.getUpToInboxSeq() > old.getUpToInboxSeq() ? fresh : old);
    }

    void flush() {
        for (String connectionId : unsent.keySet()) {
            DeliveryReceipt receipt = unsent.remove(connectionId);
            if (receipt != null) {
                kafka.send(topic, receipt.getRecipientUuid(), receipt.toByteArray()).whenComplete((result, error) -> {
                    if (error != null) {
                        log.warn("a delivery receipt could not be sent: {}", error.toString());
                    }
                });
            }
        }
    }

    private DeliveryReceipt receipt(String recipient, String connectionId, long inboxSeq) {
        return DeliveryReceipt.newBuilder()
                .setRecipientUuid(recipient)
                .setUpToInboxSeq(inboxSeq)
                .setGatewayId(gatewayId)
                .setConnectionId(connectionId)
                .build();
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "gateway-receipts");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::safeFlush, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    }

    private void safeFlush() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("flushing delivery receipts failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdown();
            scheduler = null;
            safeFlush();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    /** Stops after the web server (which stops last-started-first) so the last receipts still go out. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
