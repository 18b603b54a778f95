package im.user.groupservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.platform.web.Caller;
import im.platform.web.DomainException;
import im.user.config.UserProperties;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GroupServiceClientTest {

    @Test
    void aGroupServiceThatRefusesConnectionsIsTheBusinessErrorGroupServiceUnavailable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        GroupServiceClient client = new GroupServiceClient(
                new UserProperties(6, 4, "http://127.0.0.1:" + port, Duration.ZERO));
        Caller caller = new Caller("[usr]me", "me");

        assertThatThrownBy(() -> client.join(caller, "[grp]00000000-0000-4000-8000-000000000000"))
                .isInstanceOf(DomainException.class).hasMessage("group service unavailable");
        assertThatThrownBy(() -> client.leave(caller, "[grp]00000000-0000-4000-8000-000000000000"))
                .isInstanceOf(DomainException.class).hasMessage("group service unavailable");
    }

    @Test
    void onlyAPlainAsciiUsernameIsForwarded() {
        assertThat(GroupServiceClient.forwardableUsername("luffy.d-monkey_1")).isEqualTo("luffy.d-monkey_1");
        assertThat(GroupServiceClient.forwardableUsername("ルフィ")).isNull();
        assertThat(GroupServiceClient.forwardableUsername("caf\u00e9")).isNull();
        assertThat(GroupServiceClient.forwardableUsername("a\u0001b")).isNull();
        assertThat(GroupServiceClient.forwardableUsername("")).isNull();
        assertThat(GroupServiceClient.forwardableUsername(null)).isNull();
    }
}
