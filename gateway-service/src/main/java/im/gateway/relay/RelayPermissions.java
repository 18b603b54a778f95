package im.gateway.relay;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import im.gateway.config.GatewayProperties;
import im.gateway.ws.FrameError;
import im.gateway.ws.FrameRules;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * May a user relay call signalling or screen frames to another? messaging-service decides (the contact graph is its
 * projection): {@code GET /internal/v1/relay/permission?from=&to=} answers {@code {"allowed": true}} or
 * {@code {"allowed": false, "code": "not_contact"|"calls_are_one_to_one"|"unknown_recipient"|"account_deleted",
 * "detail": "..."}}.
 *
 * <p>Answers are cached per (sender, recipient) in a bounded Caffeine cache ({@code permission-cache-size}): an
 * allowed pair for {@value #ALLOWED_SECONDS} s, a refused one for {@value #REFUSED_SECONDS} s (a contact added or
 * removed takes effect for relayed frames within that time). Concurrent checks of one pair share one request. A
 * failed request (unreachable, timeout of {@code permission-timeout}, an error status, an answer without
 * {@code allowed}, or a refusal without a code) is not cached: the check fails, and the sender gets
 * {@code unavailable}.
 *
 * <p>Both ids must be user ids in their normalised form ({@link FrameRules#userId}: {@code [usr]} + the UUID in lower
 * case), the form the frame is delivered to, so the answer cached for a pair is the answer for the sockets that get
 * the frames; anything else is refused {@code bad_recipient} before any lookup (nothing asked, nothing cached).
 */
@Component
public class RelayPermissions {

    static final long ALLOWED_SECONDS = 30;
    static final long REFUSED_SECONDS = 5;
    static final String PATH = "/internal/v1/relay/permission";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** messaging-service's answer; {@code code} and {@code detail} only when refused. */
    public record Permission(boolean allowed, String code, String detail) {

        public static final Permission ALLOWED = new Permission(true, null, null);
        /** Not a pair of normalised user ids: nobody is asked. */
        public static final Permission NOT_AN_ID = new Permission(false, FrameError.BAD_RECIPIENT.code(),
                FrameError.BAD_RECIPIENT.reason());
    }

    private record Pair(String from, String to) {
    }

    private final AsyncCache<Pair, Permission> cache;
    private final BiFunction<String, String, Mono<Permission>> fetch;

    @Autowired
    public RelayPermissions(GatewayProperties properties) {
        this(http(properties), properties.relay().permissionCacheSize(), Ticker.systemTicker(), null);
    }

    /** With another source of answers and clock, for tests; {@code executor} null: Caffeine's default. */
    RelayPermissions(BiFunction<String, String, Mono<Permission>> fetch, int maxSize, Ticker ticker,
                     Executor executor) {
        this.fetch = fetch;
        Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(maxSize).ticker(ticker);
        if (executor != null) {
            builder.executor(executor);
        }
        this.cache = builder.expireAfter(new Expiry<Pair, Permission>() {
            @Override
            public long expireAfterCreate(Pair key, Permission value, long currentTime) {
                return lifetime(value);
            }

            @Override
            public long expireAfterUpdate(Pair key, Permission value, long currentTime, long currentDuration) {
                return lifetime(value);
            }

            @Override
            public long expireAfterRead(Pair key, Permission value, long currentTime, long currentDuration) {
                return currentDuration;
            }
        }).buildAsync();
    }

    private static long lifetime(Permission permission) {
        return Duration.ofSeconds(permission.allowed() ? ALLOWED_SECONDS : REFUSED_SECONDS).toNanos();
    }

    /**
     * Whether {@code from} may relay frames to {@code to}, both normalised user ids ({@link FrameRules#userId});
     * {@link Permission#NOT_AN_ID} for anything else.
     */
    public Mono<Permission> check(String from, String to) {
        if (!isNormalisedUserId(from) || !isNormalisedUserId(to)) {
            return Mono.just(Permission.NOT_AN_ID);
        }
        return Mono.fromFuture(() -> cache.get(new Pair(from, to),
                (pair, executor) -> fetch.apply(pair.from(), pair.to()).toFuture()), true);
    }

    private static boolean isNormalisedUserId(String id) {
        return id != null && id.equals(FrameRules.userId(id));
    }

    private static BiFunction<String, String, Mono<Permission>> http(GatewayProperties properties) {
        WebClient client = WebClient.builder().baseUrl(properties.services().messaging().toString()).build();
        Duration timeout = properties.relay().permissionTimeout();
        return (from, to) -> client.get()
                .uri(uri -> uri.path(PATH).queryParam("from", "{from}").queryParam("to", "{to}").build(from, to))
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .bodyToMono(byte[].class)
                .defaultIfEmpty(new byte[0])
                .timeout(timeout)
                .map(RelayPermissions::parse);
    }

    static Permission parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new IllegalStateException("messaging-service answered the relay permission with undecodable JSON");
        }
        JsonNode allowed = root == null ? null : root.get("allowed");
        if (allowed == null || !allowed.isBoolean()) {
            throw new IllegalStateException("messaging-service answered the relay permission without allowed");
        }
        if (allowed.asBoolean()) {
            return Permission.ALLOWED;
        }
        JsonNode code = root.get("code");
        JsonNode detail = root.get("detail");
        if (code == null || !code.isString() || code.asString().isBlank() || code.asString().length() > 64) {
            throw new IllegalStateException("messaging-service refused a relay without a code");
        }
        return new Permission(false, code.asString(), detail != null && detail.isString() ? detail.asString() : "");
    }
}
