package im.gateway.delivery;

import com.google.protobuf.InvalidProtocolBufferException;
import im.gateway.config.GatewayProperties;
import im.proto.frames.DeliveryBatch;
import java.time.Duration;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Asks messaging-service for a user's pending inbox:
 * {@code GET /internal/v1/inbox/{uuid}/pending?limit=<n>&after=<inbox_seq>[&resume=true]}, answered with a protobuf
 * {@link DeliveryBatch} ({@code application/x-protobuf}) in inbox order. {@code after} is the last inbox entry this
 * socket already has, so a second page continues where the first ended even before the receipts reached messaging.
 * Without {@code resume} messaging answers the entries above both {@code after} and the user's delivery cursor;
 * with {@code resume=true} (a socket that gave its own {@code since}) it ignores the cursor and answers every entry
 * above {@code after}.
 */
@Component
public class PendingInboxClient {

    public static final MediaType PROTOBUF = MediaType.parseMediaType("application/x-protobuf");
    /** Room for a full page of long texts (500 x 5000 code points of up to 4 bytes, plus framing). */
    private static final int MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

    private final WebClient client;
    private final Duration timeout;

    public PendingInboxClient(GatewayProperties properties) {
        this.client = WebClient.builder()
                .baseUrl(properties.services().messaging().toString())
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(MAX_RESPONSE_BYTES))
                .build();
        this.timeout = properties.ws().pendingTimeout();
    }

    /**
     * @param resume whether the socket resumes from its own position ({@code resume=true}: the cursor is ignored)
     */
    public Mono<DeliveryBatch> pending(String userUuid, long afterInboxSeq, int limit, boolean resume) {
        return client.get()
                .uri(uri -> {
                    uri.path("/internal/v1/inbox/{uuid}/pending")
                            .queryParam("limit", limit)
                            .queryParam("after", afterInboxSeq);
                    if (resume) {
                        uri.queryParam("resume", true);
                    }
                    return uri.build(userUuid);
                })
                .accept(PROTOBUF)
                .retrieve()
                .bodyToMono(byte[].class)
                .defaultIfEmpty(new byte[0])
                .timeout(timeout)
                .map(PendingInboxClient::parse);
    }

    private static DeliveryBatch parse(byte[] body) {
        try {
            return DeliveryBatch.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("messaging-service answered an undecodable DeliveryBatch", e);
        }
    }
}
