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
}
