package im.gateway.accounts;

import im.gateway.config.GatewayProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks user-service for the accounts deleted at or after a time:
 * {@code GET /internal/v1/users/deleted?sinceMs=<epoch ms>}, answered {@code {"uuids":[...]}}. Any other answer
 * (an error status, no {@code uuids} array, a timeout, more than {@link #MAX_RESPONSE_BYTES}) fails the load, which
 * the caller retries. Entries that are not plausible ids (not a string, blank, longer than {@link #MAX_ID_LENGTH})
 * are skipped and counted in the log.
 */
@Component
public class DeletedAccountsClient {

    private static final Logger log = LoggerFactory.getLogger(DeletedAccountsClient.class);
    /** Room for about 300k ids of the form {@code [usr]<uuid>}. */
    static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
    static final int MAX_ID_LENGTH = 100;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebClient client;
    private final Duration timeout;

    public DeletedAccountsClient(GatewayProperties properties) {
        this.client = WebClient.builder()
                .baseUrl(properties.services().user().toString())
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(MAX_RESPONSE_BYTES))
                .build();
        this.timeout = properties.deletedAccounts().loadTimeout();
    }

    public Mono<List<String>> deletedSince(long sinceMs) {
        return client.get()
                .uri(uri -> uri.path("/internal/v1/users/deleted").queryParam("sinceMs", sinceMs).build())
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .bodyToMono(byte[].class)
                .defaultIfEmpty(new byte[0])
                .timeout(timeout)
                .map(DeletedAccountsClient::parse);
    }

    static List<String> parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new IllegalStateException("user-service answered the deleted accounts with undecodable JSON");
        }
        JsonNode uuids = root == null ? null : root.get("uuids");
        if (uuids == null || !uuids.isArray()) {
            throw new IllegalStateException("user-service answered the deleted accounts without a uuids array");
        }
        List<String> out = new ArrayList<>(uuids.size());
        int skipped = 0;
        for (JsonNode uuid : uuids) {
            String value = uuid.isString() ? uuid.asString() : null;
            if (value == null || value.isBlank() || value.length() > MAX_ID_LENGTH) {
                skipped++;
            } else {
                out.add(value);
            }
        }
        if (skipped > 0) {
            log.warn("skipped {} entries of the deleted accounts that are no account ids", skipped);
        }
        return out;
    }
}
