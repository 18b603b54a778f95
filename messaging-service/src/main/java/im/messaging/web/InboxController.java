package im.messaging.web;

import im.messaging.config.MessagingProperties;
import im.messaging.query.inbox.InboxEntry;
import im.messaging.query.inbox.InboxRepository;
import im.proto.frames.DeliveryBatch;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Internal (gateway -> messaging, never routed by the gateway): the recipient's inbox entries after its delivery
 * cursor, for a socket that just connected. Answer: protobuf {@code DeliveryBatch} in inbox order,
 * {@code has_more} when more than {@code limit} are pending. {@code limit} 1..1000 (default 500), else 400.
 * {@code after} (default 0): also skip entries at or below it — the gateway pages with the last inbox_seq it
 * wrote, since its receipts move the cursor only a moment later. {@code delivered_seq}: the recipient's delivery
 * cursor (0 if none), read before the entries. {@code resume=true}: a client that keeps its own position (a v2
 * socket connecting with {@code since}): entries after {@code after} whatever the cursor says.
 */
@RestController
public class InboxController {

    public static final MediaType PROTOBUF = MediaType.parseMediaType("application/x-protobuf");

    private final InboxRepository inbox;
    private final MessagingProperties properties;

    public InboxController(InboxRepository inbox, MessagingProperties properties) {
        this.inbox = inbox;
        this.properties = properties;
    }

    @GetMapping("/internal/v1/inbox/{uuid}/pending")
    ResponseEntity<byte[]> pending(@PathVariable String uuid,
                                   @RequestParam(value = "limit", defaultValue = "500") int limit,
                                   @RequestParam(value = "after", defaultValue = "0") long after,
                                   @RequestParam(value = "resume", defaultValue = "false") boolean resume) {
        if (limit < 1 || limit > properties.pendingMaxLimit() || after < 0) {
            return ResponseEntity.badRequest().build();
        }
        // the cursor first: it only moves forward, so every entry of the answer is above the delivered_seq it names
        long deliveredSeq = inbox.deliveredSeq(uuid);
        List<InboxEntry> entries = resume
                ? inbox.after(uuid, after, limit + 1)
                : inbox.pending(uuid, after, limit + 1);
        boolean hasMore = entries.size() > limit;
        DeliveryBatch.Builder batch = DeliveryBatch.newBuilder().setHasMore(hasMore).setDeliveredSeq(deliveredSeq);
        entries.stream().limit(limit).forEach(entry -> batch.addDeliveries(entry.toDelivery()));
        return ResponseEntity.ok().contentType(PROTOBUF).body(batch.build().toByteArray());
    }
}
