package im.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.gateway.support.TestProperties;
import org.junit.jupiter.api.Test;

class GatewayPropertiesTest {

    @Test
    void thePendingPageSizeMustBeWithinMessagingsLimit() {
        assertThat(TestProperties.ws(1).pendingPageSize()).isEqualTo(1);
        assertThat(TestProperties.ws(1000).pendingPageSize()).isEqualTo(1000);
        assertThatThrownBy(() -> TestProperties.ws(0)).hasMessageContaining("IM_WS_PENDING_PAGE")
                .hasMessageContaining("1..1000");
        assertThatThrownBy(() -> TestProperties.ws(1001)).hasMessageContaining("IM_WS_PENDING_PAGE");
    }
}
