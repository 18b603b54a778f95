package im.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ActuatorGuardFilterTest {

    @Test
    void onlyTheHealthOfTheActuatorIsPublic() {
        for (String path : new String[]{"/actuator/health", "/actuator/health/", "/actuator/health/liveness",
                "/actuator/health/readiness", "//actuator//health/readiness", "/actuatorx", "/user/actuator/x",
                "/", "/socket.io"}) {
            assertThat(ActuatorGuardFilter.refused(path)).as(path).isFalse();
        }
        for (String path : new String[]{"/actuator", "/actuator/", "/actuator/prometheus", "//actuator/prometheus",
                "/actuator//prometheus", "/actuator/prometheus/", "/actuator/info", "/actuator/env",
                "/actuator/gateway/routes", "/actuator/healthx", "/actuator/health-x", "/actuator/metrics/jvm"}) {
            assertThat(ActuatorGuardFilter.refused(path)).as(path).isTrue();
        }
    }
}
