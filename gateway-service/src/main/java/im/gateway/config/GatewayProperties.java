package im.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the gateway ({@code im.gateway.*}); every value has an environment variable in application.yml.
 *
 * @param instanceId        identifies this gateway instance in frames it forwards and in its delivery consumer group
 * @param webRoot           directory of the static web client served at {@code /}; blank = none
 * @param trustForwardedFor take the client address of the REST rate limit from {@code X-Forwarded-For} (its last
 *                          entry, the one the proxy in front of the gateway appended); only behind such a proxy
 * @param deletedAccounts   loading the accounts deleted within the token lifetime from user-service
 * @param messageWriteRateLimit the rate limit of the REST writes that make messaging-service fan out, per user
 * @param media             handing the files of socket frames to media-service
 * @param relay             relaying call signalling and screen frames between sockets (never stored)
 * @param management        the optional port of the metrics scrape, apart from the public port
 */
@ConfigurationProperties("im.gateway")
public record GatewayProperties(
        String instanceId,
        String webRoot,
        @DefaultValue Services services,
        @DefaultValue Cors cors,
        @DefaultValue Limits limits,
        @DefaultValue Ws ws,
        @DefaultValue AuthRateLimit authRateLimit,
        @DefaultValue("false") boolean trustForwardedFor,
        @DefaultValue DeletedAccounts deletedAccounts,
        @DefaultValue MessageWriteRateLimit messageWriteRateLimit,
        @DefaultValue Media media,
        @DefaultValue Relay relay,
        @DefaultValue Management management) {

    public GatewayProperties {
        if (instanceId == null || instanceId.isBlank()) {
            throw new IllegalStateException("im.gateway.instance-id (GATEWAY_INSTANCE_ID) must not be blank");
        }
        long maxRelayed = relay.maxFrameBytes().toBytes();
        if (ws.relayQueueBytes().toBytes() < maxRelayed || ws.relayByteRate().toBytes() < maxRelayed) {
            throw new IllegalStateException("im.gateway.ws.relay-queue-bytes and relay-byte-rate "
                    + "(IM_WS_RELAY_QUEUE_BYTES, IM_WS_RELAY_BYTE_RATE) must not be below "
                    + "im.gateway.relay.max-frame-bytes (IM_RELAY_MAX_FRAME_BYTES, " + maxRelayed
                    + " bytes): a relayed frame of that size could never pass");
        }
        if (media.uploadBytesInFlight().toBytes() < ws.maxFrameBytes().toBytes()) {
            throw new IllegalStateException("im.gateway.media.upload-bytes-in-flight (IM_MEDIA_UPLOAD_BYTES_IN_FLIGHT) "
                    + "must not be below im.gateway.ws.max-frame-bytes (IM_WS_MAX_FRAME_BYTES, "
                    + ws.maxFrameBytes().toBytes() + " bytes): a file of that size could never be uploaded");
        }
    }

    public boolean hasWebRoot() {
        return webRoot != null && !webRoot.isBlank();
    }

    /** Base URLs of the services the REST routes lead to. */
    public record Services(
            @DefaultValue("http://127.0.0.1:8081") URI user,
            @DefaultValue("http://127.0.0.1:8082") URI group,
            @DefaultValue("http://127.0.0.1:8083") URI messaging,
            @DefaultValue("http://127.0.0.1:8084") URI media) {
    }

    /**
     * @param allowedOrigins {@code *} (any origin, never with credentials) or an explicit list of origins such as
     *                       {@code https://chat.example.org}; an explicit list is also what a cookie-authenticated
     *                       cross-origin WebSocket must match
     */
    public record Cors(@DefaultValue("*") List<String> allowedOrigins) {

        public boolean anyOrigin() {
            return allowedOrigins.isEmpty() || allowedOrigins.contains("*");
        }

        public boolean explicitlyAllows(String origin) {
            return !anyOrigin() && allowedOrigins.stream().anyMatch(allowed -> allowed.equalsIgnoreCase(origin));
        }
    }

    /**
     * @param maxBody     largest request body of an API request
     * @param maxFileBody largest request body under {@code /file} (uploads)
     */
    public record Limits(@DefaultValue("1MB") DataSize maxBody, @DefaultValue("10MB") DataSize maxFileBody) {
    }

    /**
     * @param maxFrameBytes        largest inbound WebSocket frame (a file in a frame included; media-service has
     *                             its own limit per kind of file); a larger one closes the socket with 1009
     * @param maxTextLength        most characters (code points) of a text message
     * @param outboundQueueSize    frames waiting for one socket's writer; when full the socket is closed (1013)
     * @param liveQueueSize        live deliveries held back while a socket receives its pending inbox
     * @param pendingPageSize      {@code limit} of one pending-inbox request to messaging-service (1..1000, the
     *                             most messaging-service answers)
     * @param pendingTimeout       timeout of one pending-inbox request
     * @param receiptFlushInterval how long delivery receipts are coalesced before they go to Kafka
     * @param idleTimeout          a socket that sent nothing for this long (no frame of any kind, pongs included)
     *                             is closed (1001)
     * @param pingInterval         how often the gateway pings each socket (a client answering pings stays open)
     * @param maxSocketsPerUser    most open sockets of one user on this gateway; above it the handshake is 429
     * @param frameRate            inbound frames per second one socket may send (heartbeats included) ...
     * @param frameBurst           ... with bursts up to this many; frames above it get {@code rate_limited}
     * @param relayFrameRate       relayed frames (call signalling, screen frames) per second one user may send from
     *                             all their sockets on this gateway together, a budget of their own (not the chat
     *                             frames') ...
     * @param relayFrameBurst      ... with bursts up to this many; above it the frame is dropped and the sender gets
     *                             {@code rate_limited} at most once a second per socket
     * @param relayQueueSize       relayed frames waiting for one socket's writer beside its stored messages (screen
     *                             frames take one place per sender, the newest replacing an older one); above it
     *                             further relayed frames are dropped, the socket stays open
     * @param relayQueueBytes      the most bytes (of the frames as written) of relayed frames waiting for one socket's
     *                             writer; a frame that does not fit is dropped like one above {@code relayQueueSize}
     * @param relayByteRate        bytes of relayed records per second one user may publish from all their sockets on
     *                             this gateway together (bursts up to the same); above it dropped like a frame above
     *                             {@code relayFrameRate}
     */
    public record Ws(
            @DefaultValue("16MB") DataSize maxFrameBytes,
            @DefaultValue("5000") int maxTextLength,
            @DefaultValue("1024") int outboundQueueSize,
            @DefaultValue("1024") int liveQueueSize,
            @DefaultValue("200") int pendingPageSize,
            @DefaultValue("5s") Duration pendingTimeout,
            @DefaultValue("20ms") Duration receiptFlushInterval,
            @DefaultValue("45s") Duration idleTimeout,
            @DefaultValue("15s") Duration pingInterval,
            @DefaultValue("10") int maxSocketsPerUser,
            @DefaultValue("20") int frameRate,
            @DefaultValue("40") int frameBurst,
            @DefaultValue("30") int relayFrameRate,
            @DefaultValue("30") int relayFrameBurst,
            @DefaultValue("256") int relayQueueSize,
            @DefaultValue("2MB") DataSize relayQueueBytes,
            @DefaultValue("2MB") DataSize relayByteRate) {

        /** The most entries messaging-service answers in one pending-inbox page. */
        public static final int MAX_PENDING_PAGE_SIZE = 1000;

        public Ws {
            if (pendingPageSize < 1 || pendingPageSize > MAX_PENDING_PAGE_SIZE) {
                throw new IllegalStateException("im.gateway.ws.pending-page-size (IM_WS_PENDING_PAGE) must be 1.."
                        + MAX_PENDING_PAGE_SIZE + ", not " + pendingPageSize);
            }
            requirePositive(idleTimeout, "im.gateway.ws.idle-timeout (IM_WS_IDLE_TIMEOUT)");
            requirePositive(pingInterval, "im.gateway.ws.ping-interval (IM_WS_PING_INTERVAL)");
            if (maxSocketsPerUser < 1 || frameRate < 1 || frameBurst < 1) {
                throw new IllegalStateException("im.gateway.ws.max-sockets-per-user, frame-rate and frame-burst "
                        + "must be at least 1");
            }
            if (relayFrameRate < 1 || relayFrameBurst < 1 || relayQueueSize < 1) {
                throw new IllegalStateException("im.gateway.ws.relay-frame-rate, relay-frame-burst and relay-queue-size "
                        + "(IM_WS_RELAY_FRAME_RATE, IM_WS_RELAY_FRAME_BURST, IM_WS_RELAY_QUEUE) must be at least 1");
            }
            if (maxFrameBytes == null || maxFrameBytes.toBytes() < 1 || maxFrameBytes.toBytes() > Integer.MAX_VALUE) {
                throw new IllegalStateException("im.gateway.ws.max-frame-bytes (IM_WS_MAX_FRAME_BYTES) must be 1B..2GB");
            }
            if (relayQueueBytes == null || relayQueueBytes.toBytes() < 1 || relayByteRate == null
                    || relayByteRate.toBytes() < 1) {
                throw new IllegalStateException("im.gateway.ws.relay-queue-bytes and relay-byte-rate "
                        + "(IM_WS_RELAY_QUEUE_BYTES, IM_WS_RELAY_BYTE_RATE) must be at least 1B");
            }
        }
    }

    /**
     * Files sent in socket frames go to media-service ({@code POST /internal/v1/chat-files}) before the frame goes on.
     *
     * @param uploadTimeout       how long one upload may take (the socket's next frames wait for it); above it the
     *                            sender gets {@code unavailable}
     * @param uploadBytesInFlight the most bytes of files this gateway hands to media-service at once, all sockets
     *                            together; a file that does not fit is answered {@code unavailable} at once
     */
    public record Media(
            @DefaultValue("30s") Duration uploadTimeout,
            @DefaultValue("64MB") DataSize uploadBytesInFlight) {

        public Media {
            requirePositive(uploadTimeout, "im.gateway.media.upload-timeout (IM_MEDIA_UPLOAD_TIMEOUT)");
            if (uploadBytesInFlight == null || uploadBytesInFlight.toBytes() < 1) {
                throw new IllegalStateException("im.gateway.media.upload-bytes-in-flight "
                        + "(IM_MEDIA_UPLOAD_BYTES_IN_FLIGHT) must be at least 1B");
            }
        }
    }

    /**
     * Call signalling and screen frames, relayed between sockets through {@code im.frames.relay.v1}.
     *
     * @param ackTimeout          how long the caller's gateway waits for a gateway to report a dial or an offer
     *                            written to a socket of the callee; then the caller gets {@code not_reachable}
     * @param permissionTimeout   timeout of one permission request to messaging-service
     * @param permissionCacheSize most (sender, recipient) answers remembered (allowed for 30 s, refused for 5 s)
     * @param maxFrameBytes       largest relayed record (the frame and its envelope): Kafka's default record limit
     *                            is 1 MiB; above it the sender gets {@code frame_too_large}
     * @param maxSignallingBytes  largest call-signalling frame (a relayed frame that is not a screen or video-image
     *                            frame: dials, offers, answers, ICE candidates), as relayed; above it the sender gets
     *                            {@code frame_too_large}
     * @param producerBuffer      {@code buffer.memory} of the relay's own Kafka producer (chat frames have another):
     *                            relayed records waiting to be sent
     * @param producerMaxBlock    {@code max.block.ms} of the relay's producer: how long a send may wait for room in
     *                            that buffer (or for metadata); then the frame is not relayed ({@code unavailable})
     */
    public record Relay(
            @DefaultValue("1500ms") Duration ackTimeout,
            @DefaultValue("2s") Duration permissionTimeout,
            @DefaultValue("100000") int permissionCacheSize,
            @DefaultValue("1000KB") DataSize maxFrameBytes,
            @DefaultValue("64KB") DataSize maxSignallingBytes,
            @DefaultValue("16MB") DataSize producerBuffer,
            @DefaultValue("100ms") Duration producerMaxBlock) {

        public Relay {
            requirePositive(ackTimeout, "im.gateway.relay.ack-timeout (IM_RELAY_ACK_TIMEOUT)");
            requirePositive(permissionTimeout, "im.gateway.relay.permission-timeout (IM_RELAY_PERMISSION_TIMEOUT)");
            requirePositive(producerMaxBlock, "im.gateway.relay.producer-max-block (IM_RELAY_PRODUCER_MAX_BLOCK)");
            if (permissionCacheSize < 1 || maxFrameBytes == null || maxFrameBytes.toBytes() < 1) {
                throw new IllegalStateException("im.gateway.relay.permission-cache-size and max-frame-bytes "
                        + "(IM_RELAY_PERMISSION_CACHE_SIZE, IM_RELAY_MAX_FRAME_BYTES) must be at least 1");
            }
            if (maxSignallingBytes == null || maxSignallingBytes.toBytes() < 1) {
                throw new IllegalStateException("im.gateway.relay.max-signalling-bytes (IM_RELAY_MAX_SIGNALLING_BYTES) "
                        + "must be at least 1B");
            }
            if (producerBuffer == null || producerBuffer.toBytes() < maxFrameBytes.toBytes()
                    || producerBuffer.toBytes() > Integer.MAX_VALUE) {
                throw new IllegalStateException("im.gateway.relay.producer-buffer (IM_RELAY_PRODUCER_BUFFER) must hold "
                        + "one record of im.gateway.relay.max-frame-bytes at least, and be at most 2GB");
            }
        }
    }

    /**
     * The public port answers only {@code /actuator/health} and {@code /actuator/health/**} of the actuator
     * ({@link im.gateway.web.ActuatorGuardFilter}). The metrics ({@code GET /actuator/prometheus}) are served on a
     * port of their own when {@code port} is set ({@link im.gateway.web.ManagementServer}).
     *
     * @param port    the metrics port; null (unset): none, 0: any free port
     * @param address the address it listens on (loopback by default: scraped from the same host or through a tunnel)
     */
    public record Management(Integer port, @DefaultValue("127.0.0.1") String address) {

        public Management {
            if (port != null && (port < 0 || port > 65535)) {
                throw new IllegalStateException("im.gateway.management.port (GATEWAY_MANAGEMENT_PORT) must be "
                        + "0..65535 or unset");
            }
            if (address == null || address.isBlank()) {
                throw new IllegalStateException("im.gateway.management.address (GATEWAY_MANAGEMENT_ADDRESS) must not "
                        + "be blank");
            }
        }

        public boolean enabled() {
            return port != null;
        }
    }

    /**
     * The rate limit of {@code POST /user/login} and {@code POST /user/register}, per client address and endpoint:
     * {@code requests} per {@code period}, bursts up to {@code burst}; above it 429.
     *
     * @param maxClients most client addresses remembered at once (least recently used ones are forgotten first)
     */
    public record AuthRateLimit(
            @DefaultValue("30") int requests,
            @DefaultValue("1m") Duration period,
            @DefaultValue("30") int burst,
            @DefaultValue("100000") int maxClients) {

        public AuthRateLimit {
            requirePositive(period, "im.gateway.auth-rate-limit.period (IM_AUTH_RATE_PERIOD)");
            if (requests < 1 || burst < 1 || maxClients < 1) {
                throw new IllegalStateException("im.gateway.auth-rate-limit requests, burst and max-clients must be "
                        + "at least 1");
            }
        }
    }

    /**
     * The rate limit of the REST writes that make messaging-service fan out ({@code POST /forward},
     * {@code PUT /message/id}, {@code DELETE /message/id/delete-all} and {@code /delete-self}, every method but
     * {@code GET}/{@code HEAD} under {@code /api/v1}), one bucket per authenticated user shared by all of them:
     * {@code requests} per {@code period}, bursts up to {@code burst}; above it 429 with {@code Retry-After}.
     *
     * @param maxUsers most users remembered at once (least recently used ones are forgotten first)
     */
    public record MessageWriteRateLimit(
            @DefaultValue("10") int requests,
            @DefaultValue("1s") Duration period,
            @DefaultValue("30") int burst,
            @DefaultValue("100000") int maxUsers) {

        public MessageWriteRateLimit {
            requirePositive(period, "im.gateway.message-write-rate-limit.period (IM_MESSAGE_WRITE_RATE_PERIOD)");
            if (requests < 1 || burst < 1 || maxUsers < 1) {
                throw new IllegalStateException("im.gateway.message-write-rate-limit requests, burst and max-users "
                        + "(IM_MESSAGE_WRITE_RATE_LIMIT, IM_MESSAGE_WRITE_RATE_BURST, IM_MESSAGE_WRITE_RATE_MAX_USERS) "
                        + "must be at least 1");
            }
        }

        /** How long an unused bucket takes to be full again (at least one period): after that it can be forgotten. */
        public Duration untilFull() {
            Duration untilFull = period.multipliedBy(burst).dividedBy(requests);
            return untilFull.compareTo(period) < 0 ? period : untilFull;
        }
    }

    /**
     * How the gateway loads the list of deleted accounts from user-service
     * ({@code GET /internal/v1/users/deleted?sinceMs=}) after its account-events consumer was assigned; see
     * {@link im.gateway.accounts.DeletedAccounts}.
     *
     * @param loadTimeout timeout of one request for the list
     * @param retryMin    wait before the first retry of a failed load; it doubles (with jitter) ...
     * @param retryMax    ... up to this wait, and the gateway keeps retrying (not ready meanwhile)
     */
    public record DeletedAccounts(
            @DefaultValue("5s") Duration loadTimeout,
            @DefaultValue("200ms") Duration retryMin,
            @DefaultValue("5s") Duration retryMax) {

        public DeletedAccounts {
            requirePositive(loadTimeout, "im.gateway.deleted-accounts.load-timeout (IM_DELETED_ACCOUNTS_TIMEOUT)");
            requirePositive(retryMin, "im.gateway.deleted-accounts.retry-min (IM_DELETED_ACCOUNTS_RETRY_MIN)");
            requirePositive(retryMax, "im.gateway.deleted-accounts.retry-max (IM_DELETED_ACCOUNTS_RETRY_MAX)");
            if (retryMax.compareTo(retryMin) < 0) {
                throw new IllegalStateException("im.gateway.deleted-accounts.retry-max must not be below retry-min");
            }
        }
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new IllegalStateException(name + " must be positive");
        }
    }
}
