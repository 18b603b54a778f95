package im.gateway.support;

import im.gateway.config.GatewayProperties;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.util.unit.DataSize;

/** {@link GatewayProperties} for unit tests: the defaults of application.yml unless a test says otherwise. */
public final class TestProperties {

    private TestProperties() {
    }

    public static GatewayProperties.Ws ws(int pendingPageSize) {
        return ws(16, 16, pendingPageSize, DataSize.ofMegabytes(2), DataSize.ofMegabytes(2));
    }

    /** application.yml's socket settings but the queues, the pending page and the relay's byte bounds. */
    public static GatewayProperties.Ws ws(int outboundQueueSize, int liveQueueSize, int pendingPageSize,
                                          DataSize relayQueueBytes, DataSize relayByteRate) {
        return new GatewayProperties.Ws(DataSize.ofMegabytes(16), 5000, outboundQueueSize, liveQueueSize,
                pendingPageSize, Duration.ofSeconds(5), Duration.ofMillis(20), Duration.ofSeconds(45),
                Duration.ofSeconds(15), 10, 20, 40, 30, 30, 256, relayQueueBytes, relayByteRate);
    }

    public static GatewayProperties gateway(List<String> origins, GatewayProperties.AuthRateLimit authRateLimit,
                                            boolean trustForwardedFor) {
        return gateway(origins, authRateLimit, trustForwardedFor, messageWriteRateLimit(10, Duration.ofSeconds(1), 30));
    }

    public static GatewayProperties.MessageWriteRateLimit messageWriteRateLimit(int requests, Duration period,
                                                                                int burst) {
        return new GatewayProperties.MessageWriteRateLimit(requests, period, burst, 100_000);
    }

    public static GatewayProperties gateway(GatewayProperties.MessageWriteRateLimit messageWriteRateLimit) {
        return gateway(List.of("*"), new GatewayProperties.AuthRateLimit(30, Duration.ofMinutes(1), 30, 100_000),
                false, messageWriteRateLimit);
    }

    private static GatewayProperties gateway(List<String> origins, GatewayProperties.AuthRateLimit authRateLimit,
                                             boolean trustForwardedFor,
                                             GatewayProperties.MessageWriteRateLimit messageWriteRateLimit) {
        return new GatewayProperties("gw", "",
                new GatewayProperties.Services(URI.create("http://u"), URI.create("http://g"),
                        URI.create("http://m"), URI.create("http://f")),
                new GatewayProperties.Cors(origins),
                new GatewayProperties.Limits(DataSize.ofMegabytes(1), DataSize.ofMegabytes(10)),
                ws(200), authRateLimit, trustForwardedFor,
                new GatewayProperties.DeletedAccounts(Duration.ofSeconds(5), Duration.ofMillis(200),
                        Duration.ofSeconds(5)),
                messageWriteRateLimit, media(), relay(), new GatewayProperties.Management(null, "127.0.0.1"));
    }

    public static GatewayProperties.Relay relay() {
        return new GatewayProperties.Relay(Duration.ofMillis(1500), Duration.ofSeconds(2), 100_000,
                DataSize.ofKilobytes(1000), DataSize.ofKilobytes(64), DataSize.ofMegabytes(16),
                Duration.ofMillis(100));
    }

    public static GatewayProperties.Media media() {
        return new GatewayProperties.Media(Duration.ofSeconds(30), DataSize.ofMegabytes(64));
    }

    public static GatewayProperties gateway(List<String> origins) {
        return gateway(origins, new GatewayProperties.AuthRateLimit(30, Duration.ofMinutes(1), 30, 100_000), false);
    }
}
