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

class GatewayPropertiesTest {

    @Test
    void thePendingPageSizeMustBeWithinMessagingsLimit() {
        assertThat(TestProperties.ws(1).pendingPageSize()).isEqualTo(1);
        assertThat(TestProperties.ws(1000).pendingPageSize()).isEqualTo(1000);
        assertThatThrownBy(() -> TestProperties.ws(0)).hasMessageContaining("IM_WS_PENDING_PAGE")
                .hasMessageContaining("1..1000");
        assertThatThrownBy(() -> TestProperties.ws(1001)).hasMessageContaining("IM_WS_PENDING_PAGE");
    }

    @Test
    void theMessageWriteRateLimitDefaultsTo10PerSecondWithBurstsOf30For100000Users() throws IOException {
        MutablePropertySources sources = new MutablePropertySources();
        for (PropertySource<?> source : new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml"))) {
            sources.addLast(source);
        }
        Binder binder = new Binder(ConfigurationPropertySources.from(sources),
                new PropertySourcesPlaceholdersResolver(sources));
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
