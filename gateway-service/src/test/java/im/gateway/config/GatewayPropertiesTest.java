package im.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.gateway.support.TestProperties;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.unit.DataSize;

class GatewayPropertiesTest {

    @Test
    void thePendingPageSizeMustBeWithinMessagingsLimit() {
        assertThat(TestProperties.ws(1).pendingPageSize()).isEqualTo(1);
        assertThat(TestProperties.ws(1000).pendingPageSize()).isEqualTo(1000);
        assertThatThrownBy(() -> TestProperties.ws(0)).hasMessageContaining("IM_WS_PENDING_PAGE")
                .hasMessageContaining("1..1000");
        assertThatThrownBy(() -> TestProperties.ws(1001)).hasMessageContaining("IM_WS_PENDING_PAGE");
    }

    private static Binder applicationYml() throws IOException {
        MutablePropertySources sources = new MutablePropertySources();
        for (PropertySource<?> source : new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml"))) {
            sources.addLast(source);
        }
        return new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources));
    }

    @Test
    void framesMayCarryA16MegabyteFileAndRelayedFramesHaveTheirOwnBudgetAndLimits() throws IOException {
        Binder binder = applicationYml();
        GatewayProperties.Ws ws = binder.bind("im.gateway.ws", GatewayProperties.Ws.class).get();
        assertThat(ws.maxFrameBytes()).isEqualTo(DataSize.ofMegabytes(16));
        assertThat(ws.relayFrameRate()).isEqualTo(30);
        assertThat(ws.relayFrameBurst()).isEqualTo(30);
        assertThat(ws.relayQueueSize()).isEqualTo(256);
        assertThat(ws.relayQueueBytes()).as("a relay lane holds 2 MB at most").isEqualTo(DataSize.ofMegabytes(2));
        assertThat(ws.relayByteRate()).as("per user and second").isEqualTo(DataSize.ofMegabytes(4));
        assertThat(ws).isEqualTo(TestProperties.ws(1024, 1024, 200, DataSize.ofMegabytes(2), DataSize.ofMegabytes(4)));
        assertThat(binder.bind("im.gateway.media", GatewayProperties.Media.class).get())
                .isEqualTo(new GatewayProperties.Media(Duration.ofSeconds(30), DataSize.ofMegabytes(64)))
                .isEqualTo(TestProperties.media());
        GatewayProperties.Relay relay = binder.bind("im.gateway.relay", GatewayProperties.Relay.class).get();
        assertThat(relay).isEqualTo(TestProperties.relay());
        assertThat(relay.maxSignallingBytes()).isEqualTo(DataSize.ofKilobytes(64));
        assertThat(relay.producerBuffer()).isEqualTo(DataSize.ofMegabytes(16));
        assertThat(relay.producerMaxBlock()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void theMetricsPortIsOffUnlessSetAndListensOnLoopback() throws IOException {
        GatewayProperties.Management management = applicationYml()
                .bind("im.gateway.management", GatewayProperties.Management.class).get();
        assertThat(management.enabled()).isFalse();
        assertThat(management.address()).isEqualTo("127.0.0.1");
        assertThat(new GatewayProperties.Management(0, "127.0.0.1").enabled()).isTrue();
        assertThatThrownBy(() -> new GatewayProperties.Management(65536, "127.0.0.1"))
                .hasMessageContaining("GATEWAY_MANAGEMENT_PORT");
    }

    @Test
    void relayAndMediaSettingsMustBePositive() {
        assertThatThrownBy(() -> new GatewayProperties.Media(Duration.ZERO, DataSize.ofMegabytes(64)))
                .hasMessageContaining("IM_MEDIA_UPLOAD_TIMEOUT");
        assertThatThrownBy(() -> new GatewayProperties.Media(Duration.ofSeconds(1), DataSize.ofBytes(0)))
                .hasMessageContaining("IM_MEDIA_UPLOAD_BYTES_IN_FLIGHT");
        assertThatThrownBy(() -> relay(Duration.ZERO, 1, DataSize.ofKilobytes(1), DataSize.ofKilobytes(1)))
                .hasMessageContaining("IM_RELAY_ACK_TIMEOUT");
        assertThatThrownBy(() -> relay(Duration.ofSeconds(1), 0, DataSize.ofKilobytes(1), DataSize.ofKilobytes(1)))
                .hasMessageContaining("IM_RELAY_PERMISSION_CACHE_SIZE");
        assertThatThrownBy(() -> relay(Duration.ofSeconds(1), 1, DataSize.ofBytes(0), DataSize.ofKilobytes(1)))
                .hasMessageContaining("IM_RELAY_MAX_SIGNALLING_BYTES");
        assertThatThrownBy(() -> relay(Duration.ofSeconds(1), 1, DataSize.ofKilobytes(1), DataSize.ofBytes(1000)))
                .as("the producer's buffer holds one largest record").hasMessageContaining("IM_RELAY_PRODUCER_BUFFER");
    }

    private static GatewayProperties.Relay relay(Duration ackTimeout, int cacheSize, DataSize maxSignalling,
                                                 DataSize producerBuffer) {
        return new GatewayProperties.Relay(ackTimeout, Duration.ofSeconds(1), cacheSize, DataSize.ofKilobytes(1),
                maxSignalling, producerBuffer, Duration.ofMillis(100));
    }

    @Test
    void theRelayLaneTheRelayByteRateAndTheUploadsInFlightMustHoldTheLargestFrame() {
        GatewayProperties defaults = TestProperties.gateway(List.of("*"));
        GatewayProperties.Ws ws = defaults.ws();
        assertThatThrownBy(() -> withWs(defaults, relayBytes(DataSize.ofKilobytes(999), DataSize.ofMegabytes(2))))
                .hasMessageContaining("IM_WS_RELAY_QUEUE_BYTES").hasMessageContaining("IM_RELAY_MAX_FRAME_BYTES");
        assertThatThrownBy(() -> withWs(defaults, relayBytes(DataSize.ofMegabytes(2), DataSize.ofKilobytes(999))))
                .hasMessageContaining("IM_WS_RELAY_BYTE_RATE");
        assertThat(withWs(defaults, relayBytes(DataSize.ofKilobytes(1000), DataSize.ofKilobytes(1000))))
                .isNotNull();
        assertThatThrownBy(() -> new GatewayProperties(defaults.instanceId(), "", defaults.services(),
                defaults.cors(), defaults.limits(), ws, defaults.authRateLimit(), false, defaults.deletedAccounts(),
                defaults.messageWriteRateLimit(), new GatewayProperties.Media(Duration.ofSeconds(1),
                DataSize.ofMegabytes(15)), defaults.relay(), defaults.management()))
                .hasMessageContaining("IM_MEDIA_UPLOAD_BYTES_IN_FLIGHT").hasMessageContaining("IM_WS_MAX_FRAME_BYTES");
    }

    private static GatewayProperties.Ws relayBytes(DataSize relayQueueBytes, DataSize relayByteRate) {
        return TestProperties.ws(16, 16, 200, relayQueueBytes, relayByteRate);
    }

    private static GatewayProperties withWs(GatewayProperties defaults, GatewayProperties.Ws ws) {
        return new GatewayProperties(defaults.instanceId(), "", defaults.services(), defaults.cors(),
                defaults.limits(), ws, defaults.authRateLimit(), false, defaults.deletedAccounts(),
                defaults.messageWriteRateLimit(), defaults.media(), defaults.relay(), defaults.management());
    }

    @Test
    void theMessageWriteRateLimitDefaultsTo10PerSecondWithBurstsOf30For100000Users() throws IOException {
        Binder binder = applicationYml();
        GatewayProperties.MessageWriteRateLimit limit = binder
                .bind("im.gateway.message-write-rate-limit", GatewayProperties.MessageWriteRateLimit.class).get();
        assertThat(limit).isEqualTo(new GatewayProperties.MessageWriteRateLimit(10, Duration.ofSeconds(1), 30,
                100_000));
        assertThat(limit.untilFull()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void theMessageWriteRateLimitMustBePositive() {
        assertThatThrownBy(() -> TestProperties.messageWriteRateLimit(10, Duration.ZERO, 30))
                .hasMessageContaining("IM_MESSAGE_WRITE_RATE_PERIOD");
        assertThatThrownBy(() -> TestProperties.messageWriteRateLimit(0, Duration.ofSeconds(1), 30))
                .hasMessageContaining("IM_MESSAGE_WRITE_RATE_LIMIT");
        assertThatThrownBy(() -> TestProperties.messageWriteRateLimit(10, Duration.ofSeconds(1), 0))
                .hasMessageContaining("IM_MESSAGE_WRITE_RATE_BURST");
        assertThatThrownBy(() -> new GatewayProperties.MessageWriteRateLimit(10, Duration.ofSeconds(1), 30, 0))
                .hasMessageContaining("IM_MESSAGE_WRITE_RATE_MAX_USERS");
        assertThat(TestProperties.messageWriteRateLimit(30, Duration.ofMinutes(1), 10).untilFull())
                .as("never below one period").isEqualTo(Duration.ofMinutes(1));
    }
}
