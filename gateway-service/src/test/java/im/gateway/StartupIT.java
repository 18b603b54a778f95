package im.gateway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The gateway refuses to start without the token secret (it could not verify any caller). */
class StartupIT {

    @Test
    void withoutJwtSecretTheGatewayDoesNotStart() {
        SpringApplicationBuilder gateway = new SpringApplicationBuilder(GatewayApplication.class)
                .properties("server.port=0", "im.security.jwt-secret=", "spring.kafka.bootstrap-servers=127.0.0.1:1");
        assertThatThrownBy(gateway::run)
                .hasStackTraceContaining("im.security.jwt-secret (IM_JWT_SECRET) must be set");
    }

    @Test
    void aPendingPageSizeOutsideMessagingsLimitStopsTheStart() {
        SpringApplicationBuilder gateway = new SpringApplicationBuilder(GatewayApplication.class)
                .properties("server.port=0", "spring.kafka.bootstrap-servers=127.0.0.1:1");
        assertThatThrownBy(() -> gateway.run("--im.security.jwt-secret=" + "s".repeat(32),
                "--im.gateway.ws.pending-page-size=1001"))
                .hasStackTraceContaining("im.gateway.ws.pending-page-size (IM_WS_PENDING_PAGE) must be 1..1000");
    }
}
