package im.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.gateway.support.TestProperties;
import java.io.IOException;
import java.time.Duration;
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
        assertThat(binder.bind("im.gateway.media", GatewayProperties.Media.class).get().uploadTimeout())
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(binder.bind("im.gateway.relay", GatewayProperties.Relay.class).get())
                .isEqualTo(TestProperties.relay());
    }

    @Test
    void relayAndMediaSettingsMustBePositive() {
        assertThatThrownBy(() -> new GatewayProperties.Media(Duration.ZERO))
                .hasMessageContaining("IM_MEDIA_UPLOAD_TIMEOUT");
        assertThatThrownBy(() -> new GatewayProperties.Relay(Duration.ZERO, Duration.ofSeconds(1), 1,
                DataSize.ofKilobytes(1))).hasMessageContaining("IM_RELAY_ACK_TIMEOUT");
        assertThatThrownBy(() -> new GatewayProperties.Relay(Duration.ofSeconds(1), Duration.ofSeconds(1), 0,
                DataSize.ofKilobytes(1))).hasMessageContaining("IM_RELAY_PERMISSION_CACHE_SIZE");
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
