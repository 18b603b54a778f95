package im.gateway.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class RelayPermissionsTest {

    private final AtomicLong nanos = new AtomicLong();
    private final List<String> asked = new ArrayList<>();
    private RelayPermissions.Permission answer = RelayPermissions.Permission.ALLOWED;
    private RuntimeException failure;

    private final RelayPermissions permissions = new RelayPermissions((from, to) -> {
        asked.add(from + ">" + to);
        return failure != null ? Mono.error(failure) : Mono.just(answer);
    }, 100, nanos::get, Runnable::run);

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    @Test
    void anAllowedPairIsAskedAgainAfter30Seconds() {
        assertThat(permissions.check("a", "b").block().allowed()).isTrue();
        advance(Duration.ofSeconds(29));
        assertThat(permissions.check("a", "b").block().allowed()).isTrue();
        assertThat(asked).containsExactly("a>b");
        advance(Duration.ofSeconds(2));
        permissions.check("a", "b").block();
        assertThat(asked).containsExactly("a>b", "a>b");
    }

    @Test
    void aRefusedPairIsAskedAgainAfter5SecondsAndPairsAreDirected() {
        answer = new RelayPermissions.Permission(false, "not_contact", "you can only call your contacts");
        assertThat(permissions.check("a", "b").block()).isEqualTo(answer);
        advance(Duration.ofSeconds(4));
        permissions.check("a", "b").block();
        assertThat(asked).containsExactly("a>b");
        permissions.check("b", "a").block();
        assertThat(asked).containsExactly("a>b", "b>a");
        advance(Duration.ofSeconds(2));
        answer = RelayPermissions.Permission.ALLOWED;
        assertThat(permissions.check("a", "b").block().allowed()).isTrue();
    }

    @Test
    void aFailedRequestIsNotRemembered() {
        failure = new IllegalStateException("messaging-service is down");
        assertThatThrownBy(() -> permissions.check("a", "b").block()).hasMessageContaining("down");
        failure = null;
        assertThat(permissions.check("a", "b").block().allowed()).isTrue();
        assertThat(asked).hasSize(2);
    }

    @Test
    void theAnswerIsParsedStrictly() {
        assertThat(parse("{\"allowed\":true}")).isEqualTo(RelayPermissions.Permission.ALLOWED);
        assertThat(parse("{\"allowed\":false,\"code\":\"calls_are_one_to_one\",\"detail\":\"1:1 only\"}"))
                .isEqualTo(new RelayPermissions.Permission(false, "calls_are_one_to_one", "1:1 only"));
        assertThat(parse("{\"allowed\":false,\"code\":\"not_contact\"}").detail()).isEmpty();
        for (String bad : new String[]{"", "[]", "{}", "{\"allowed\":\"yes\"}", "{\"allowed\":false}",
                "{\"allowed\":false,\"code\":\"\"}", "not json"}) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(IllegalStateException.class);
        }
    }

    private static RelayPermissions.Permission parse(String json) {
        return RelayPermissions.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
