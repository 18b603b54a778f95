package im.user.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class UserPropertiesTest {

    private static UserProperties withCost(int cost) {
        return new UserProperties(6, cost, "http://127.0.0.1:8082", Duration.ofSeconds(2));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 3, 17, 31})
    void aBcryptCostOutside4To16StopsTheStartWithANamedSetting(int cost) {
        assertThatThrownBy(() -> withCost(cost))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("im.user.bcrypt-cost (IM_BCRYPT_COST) must be between 4 and 16, was " + cost);
    }

    @Test
    void theEncoderHashesWithTheConfiguredCost() {
        BCryptPasswordEncoder low = new UserServiceConfig().passwordEncoder(withCost(4));
        BCryptPasswordEncoder standard = new UserServiceConfig().passwordEncoder(withCost(10));
        assertThat(low.encode("secret-pw")).startsWith("$2a$04$");
        assertThat(standard.encode("secret-pw")).startsWith("$2a$10$");
        assertThat(withCost(16).bcryptCost()).isEqualTo(16);
    }

    @Test
    void theGroupServiceUrlMustBeHttp() {
        assertThatThrownBy(() -> new UserProperties(6, 10, "ftp://x", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GROUP_SERVICE_URL");
        assertThatThrownBy(() -> new UserProperties(6, 10, "http://x", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IM_USER_GROUP_WAIT");
    }
}
