package im.gateway.support;

import im.proto.frames.Delivery;
import im.proto.frames.DeliveryBatch;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Small HTTP servers in place of user-, group-, messaging- and media-service. Each answers every request with a
 * JSON echo of what it received ({@code service}, {@code method}, {@code uri}, the caller headers, body size). The
 * messaging stand-in also serves the pending inbox from {@link #pending} (honouring {@code after} and
 * {@code limit}; like messaging, the entries above both {@code after} and the cursor {@link #deliveredSeq}, or with
 * {@code resume=true} above {@code after} only; reporting {@link #deliveredSeq}, failing for
 * {@link #failingPending}) and records the requests in {@link #pendingRequests}. The user stand-in serves
 * {@code GET /internal/v1/users/deleted} from {@link #deletedAccounts} (which starts with {@link #LISTED_DELETED}),
 * answers 503 while {@link #deletedListFails}, and records each {@code sinceMs} in {@link #deletedListSinceMs}.
 * The media stand-in serves {@code POST /internal/v1/chat-files} as media-service does (records each request in
 * {@link #chatFileRequests}; answers what {@link #chatFileAnswers} holds for the sender, else 201 with a fresh stored
 * name, contentType 5 for a {@code webm} suffix, 4 for {@code wav}, else 3; after {@link #chatFileDelay}). The
 * messaging stand-in serves {@code GET /internal/v1/relay/permission} (records each in
 * {@link #relayPermissionRequests}; refuses a pair with the code {@link #relayRefusals} holds for
 * {@code from|to}, else allows).
 */
public final class StandInServices {

    public static final Map<String, List<Delivery>> pending = new ConcurrentHashMap<>();
    public static final List<String> pendingRequests = new CopyOnWriteArrayList<>();
    /** The delivery cursor ({@code delivered_seq}) the pending inbox reports per user. */
    public static final Map<String, Long> deliveredSeq = new ConcurrentHashMap<>();
    /** Users whose pending-inbox request is answered 500. */
    public static final Set<String> failingPending = ConcurrentHashMap.newKeySet();

    /** An account user-service lists as deleted from the start. */
    public static final String LISTED_DELETED = "[usr]d0d0d0d0-1111-4222-8333-444455556666";

    /** A request media-service's stand-in got for {@code /internal/v1/chat-files}. */
    public record ChatFileRequest(String uri, String userId, String contentType, byte[] body) {
    }

    /** What the media stand-in answers a sender instead of storing: an HTTP status and its JSON body. */
    public record ChatFileAnswer(int status, String json) {
    }

    public static final List<ChatFileRequest> chatFileRequests = new CopyOnWriteArrayList<>();
    public static final Map<String, ChatFileAnswer> chatFileAnswers = new ConcurrentHashMap<>();
    /** How long the media stand-in takes to answer a sender's upload. */
    public static final Map<String, java.time.Duration> chatFileDelay = new ConcurrentHashMap<>();
    public static final List<String> relayPermissionRequests = new CopyOnWriteArrayList<>();
    /** {@code from|to} -> the refusal code the messaging stand-in answers. */
    public static final Map<String, String> relayRefusals = new ConcurrentHashMap<>();

    public final List<String> deletedAccounts = new CopyOnWriteArrayList<>(List.of(LISTED_DELETED));
    public final List<Long> deletedListSinceMs = new CopyOnWriteArrayList<>();
    public volatile boolean deletedListFails;

    public final DisposableServer user = start("user");
    public final DisposableServer group = start("group");
    public final DisposableServer messaging = start("messaging");
    public final DisposableServer media = start("media");

    public static String url(DisposableServer server) {
        return "http://127.0.0.1:" + server.port();
    }

    /** A set whose user stand-in fails the deleted-accounts route until {@link #deletedListFails} is cleared. */
    public static StandInServices withFailingDeletedList() {
        StandInServices services = new StandInServices();
        services.deletedListFails = true;
        return services;
    }

    private DisposableServer start(String name) {
        return HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> {
                    if (request.uri().startsWith("/internal/v1/inbox/")) {
                        return pendingInbox(request, response);
                    }
                    if ("user".equals(name) && request.uri().startsWith("/internal/v1/users/deleted")) {
                        return deletedList(request, response);
                    }
                    if ("media".equals(name) && request.uri().startsWith("/internal/v1/chat-files")) {
                        return chatFile(request, response);
                    }
                    if ("messaging".equals(name) && request.uri().startsWith("/internal/v1/relay/permission")) {
                        return relayPermission(request, response);
                    }
                    return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                            .flatMap(body -> response
                                    .header("Content-Type", "application/json")
                                    .header("Access-Control-Allow-Origin", "http://set-by-the-service")
                                    .sendString(Mono.just(echo(name, request, body.length)))
                                    .then());
                })
                .bindNow();
    }

    private static String echo(String name, HttpServerRequest request, int bodyBytes) {
        return "{\"service\":\"" + name + "\",\"method\":\"" + request.method().name()
                + "\",\"uri\":\"" + json(request.uri())
                + "\",\"userId\":\"" + json(request.requestHeaders().get("X-IM-User-Id", ""))
                + "\",\"username\":\"" + json(request.requestHeaders().get("X-IM-Username", ""))
                + "\",\"userIdCount\":" + request.requestHeaders().getAll("X-IM-User-Id").size()
                + ",\"bodyBytes\":" + bodyBytes + "}";
    }

    private static Mono<Void> pendingInbox(HttpServerRequest request, HttpServerResponse response) {
        pendingRequests.add(request.uri());
        QueryStringDecoder query = new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8);
        String path = query.path();
        String uuid = path.substring("/internal/v1/inbox/".length(), path.length() - "/pending".length());
        if (failingPending.contains(uuid)) {
            return response.status(500).send();
        }
        int limit = Integer.parseInt(query.parameters().getOrDefault("limit", List.of("500")).get(0));
        long after = Long.parseLong(query.parameters().getOrDefault("after", List.of("0")).get(0));
        boolean resume = "true".equals(query.parameters().getOrDefault("resume", List.of("false")).get(0));
        long cursor = deliveredSeq.getOrDefault(uuid, 0L);
        long from = resume ? after : Math.max(after, cursor);
        List<Delivery> entries = pending.getOrDefault(uuid, List.of()).stream()
                .filter(delivery -> delivery.getInboxSeq() > from).toList();
        DeliveryBatch batch = DeliveryBatch.newBuilder()
                .addAllDeliveries(entries.subList(0, Math.min(limit, entries.size())))
                .setHasMore(entries.size() > limit)
                .setDeliveredSeq(cursor)
                .build();
        return response.header("Content-Type", "application/x-protobuf")
                .sendByteArray(Mono.just(batch.toByteArray())).then();
    }

    private Mono<Void> deletedList(HttpServerRequest request, HttpServerResponse response) {
        QueryStringDecoder query = new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8);
        deletedListSinceMs.add(Long.parseLong(query.parameters().get("sinceMs").get(0)));
        if (deletedListFails) {
            return response.status(503).send();
        }
        String uuids = String.join(",", deletedAccounts.stream().map(uuid -> "\"" + json(uuid) + "\"").toList());
        return response.header("Content-Type", "application/json")
                .sendString(Mono.just("{\"uuids\":[" + uuids + "]}")).then();
    }

    private static Mono<Void> chatFile(HttpServerRequest request, HttpServerResponse response) {
        String userId = request.requestHeaders().get("X-IM-User-Id", "");
        return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).flatMap(body -> {
            chatFileRequests.add(new ChatFileRequest(request.uri(), userId,
                    request.requestHeaders().get("Content-Type", ""), body));
            QueryStringDecoder query = new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8);
            String suffix = query.parameters().getOrDefault("suffix", List.of("")).get(0);
            ChatFileAnswer answer = chatFileAnswers.get(userId);
            if (answer == null) {
                int contentType = suffix.equals("webm") ? 5 : suffix.equals("wav") ? 4 : 3;
                String extension = contentType == 5 ? "webm" : contentType == 4 ? "wav" : "png";
                answer = new ChatFileAnswer(201, "{\"name\":\"" + UUID.randomUUID() + "." + extension
                        + "\",\"contentType\":" + contentType + ",\"mimeType\":\"x/y\",\"size\":" + body.length
                        + ",\"sha256\":\"00\",\"thumbnail\":false,\"durationMs\":null}");
            }
            ChatFileAnswer chosen = answer;
            return Mono.delay(chatFileDelay.getOrDefault(userId, java.time.Duration.ZERO))
                    .then(response.status(chosen.status()).header("Content-Type", "application/json")
                            .sendString(Mono.just(chosen.json())).then());
        });
    }

    private static Mono<Void> relayPermission(HttpServerRequest request, HttpServerResponse response) {
        QueryStringDecoder query = new QueryStringDecoder(request.uri(), StandardCharsets.UTF_8);
        String from = query.parameters().get("from").get(0);
        String to = query.parameters().get("to").get(0);
        relayPermissionRequests.add(from + "|" + to);
        String refusal = relayRefusals.get(from + "|" + to);
        String json = refusal == null ? "{\"allowed\":true}"
                : "{\"allowed\":false,\"code\":\"" + refusal + "\",\"detail\":\"refused: " + refusal + "\"}";
        return response.header("Content-Type", "application/json").sendString(Mono.just(json)).then();
    }

    private static String json(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
