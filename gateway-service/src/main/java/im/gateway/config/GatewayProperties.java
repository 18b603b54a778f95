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
 * @param instanceId identifies this gateway instance in frames it forwards and in its delivery consumer group
 * @param webRoot    directory of the static web client served at {@code /}; blank = none
 */
@ConfigurationProperties("im.gateway")
public record GatewayProperties(
        String instanceId,
        String webRoot,
        @DefaultValue Services services,
        @DefaultValue Cors cors,
        @DefaultValue Limits limits,
        @DefaultValue Ws ws) {

    public GatewayProperties {
        if (instanceId == null || instanceId.isBlank()) {
            throw new IllegalStateException("im.gateway.instance-id (GATEWAY_INSTANCE_ID) must not be blank");
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
     * @param maxFrameBytes        largest inbound WebSocket frame; a larger one closes the socket with 1009
     * @param maxTextLength        most characters (code points) of a text message
     * @param outboundQueueSize    frames waiting for one socket's writer; when full the socket is closed (1013)
     * @param liveQueueSize        live deliveries held back while a socket receives its pending inbox
     * @param pendingPageSize      {@code limit} of one pending-inbox request to messaging-service
     * @param pendingMaxPages      most pending pages fetched on one connect (the rest comes on the next)
     * @param pendingTimeout       timeout of one pending-inbox request
     * @param receiptFlushInterval how long delivery receipts are coalesced before they go to Kafka
     */
    public record Ws(
            @DefaultValue("1MB") DataSize maxFrameBytes,
            @DefaultValue("5000") int maxTextLength,
            @DefaultValue("1024") int outboundQueueSize,
            @DefaultValue("1024") int liveQueueSize,
            @DefaultValue("500") int pendingPageSize,
            @DefaultValue("20") int pendingMaxPages,
            @DefaultValue("5s") Duration pendingTimeout,
            @DefaultValue("20ms") Duration receiptFlushInterval) {
    }
}
