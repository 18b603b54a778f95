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

    private static final String A = "[usr]0b5e3f3a-7c1d-4e2f-9a8b-1c2d3e4f5a6b";
    private static final String B = "[usr]5f0c9e1a-2b3c-4d5e-8f9a-0b1c2d3e4f5a";

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    @Test
    void anAllowedPairIsAskedAgainAfter30Seconds() {
        assertThat(permissions.check(A, B).block().allowed()).isTrue();
        advance(Duration.ofSeconds(29));
        assertThat(permissions.check(A, B).block().allowed()).isTrue();
        assertThat(asked).containsExactly(A + ">" + B);
        advance(Duration.ofSeconds(2));
        permissions.check(A, B).block();
        assertThat(asked).containsExactly(A + ">" + B, A + ">" + B);
    }

    @Test
    void aRefusedPairIsAskedAgainAfter5SecondsAndPairsAreDirected() {
        answer = new RelayPermissions.Permission(false, "not_contact", "you can only call your contacts");
        assertThat(permissions.check(A, B).block()).isEqualTo(answer);
        advance(Duration.ofSeconds(4));
        permissions.check(A, B).block();
        assertThat(asked).containsExactly(A + ">" + B);
        permissions.check(B, A).block();
        assertThat(asked).containsExactly(A + ">" + B, B + ">" + A);
        advance(Duration.ofSeconds(2));
        answer = RelayPermissions.Permission.ALLOWED;
        assertThat(permissions.check(A, B).block().allowed()).isTrue();
    }

    @Test
    void aFailedRequestIsNotRemembered() {
        failure = new IllegalStateException("messaging-service is down");
        assertThatThrownBy(() -> permissions.check(A, B).block()).hasMessageContaining("down");
        failure = null;
        assertThat(permissions.check(A, B).block().allowed()).isTrue();
        assertThat(asked).hasSize(2);
    }

    @Test
    void onlyNormalisedUserIdsAreAskedAboutAnythingElseIsRefusedBeforeAnyLookup() {
        for (String[] pair : new String[][]{{A, B.substring(5)}, {A, B.toUpperCase().replace("[USR]", "[usr]")},
                {A, "[grp]" + B.substring(5)}, {A, "[usr]b"}, {A, ""}, {A, null}, {"a", B}, {null, B}}) {
            assertThat(permissions.check(pair[0], pair[1]).block()).as(pair[0] + ">" + pair[1])
                    .isEqualTo(RelayPermissions.Permission.NOT_AN_ID);
        }
        assertThat(asked).as("nobody was asked").isEmpty();
        assertThat(RelayPermissions.Permission.NOT_AN_ID.code()).isEqualTo("bad_recipient");
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
