package im.messaging.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class MessagingPropertiesTest {

    private static MessagingProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("im.messaging", MessagingProperties.class);
    }

    @Test
    void theDefaultsAreAShortWaitAndContactsOnly() {
        MessagingProperties defaults = bind(Map.of());

        assertThat(defaults.recipientWait()).isEqualTo(Duration.ofMillis(300));
        assertThat(defaults.policy()).isEqualTo(DirectMessagePolicy.CONTACTS_ONLY);
    }

    @Test
    void theOpenPolicyCanBeChosen() {
        assertThat(bind(Map.of("im.messaging.direct-message-policy", "open")).policy())
                .isEqualTo(DirectMessagePolicy.OPEN);
    }

    @Test
    void anyOtherPolicyFailsWithAMessageNamingTheSettingAndTheValidValues() {
        assertThatThrownBy(() -> bind(Map.of("im.messaging.direct-message-policy", "friends")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessage("im.messaging.direct-message-policy (IM_DIRECT_MESSAGE_POLICY) must be one of "
                        + "contacts-only, open, not 'friends'");
    }
}
