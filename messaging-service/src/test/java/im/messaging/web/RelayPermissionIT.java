package im.messaging.web;

import static org.assertj.core.api.Assertions.assertThat;

import im.messaging.support.MessagingIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;

/** The gateway asks before relaying call signalling or screen frames: mutual contacts only, 1:1 only. */
class RelayPermissionIT extends MessagingIntegrationTest {

    private Map<String, Object> permission(String from, String to) {
        return http().get().uri("/internal/v1/relay/permission?from={from}&to={to}", from, to).retrieve()
                .body(new ParameterizedTypeReference<Map<String, Object>>() {
                });
    }

    @Test
    void contactsMayCallEachOther() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);

        assertThat(permission(alice, bob)).containsEntry("allowed", true);
        assertThat(permission(bob, alice)).containsEntry("allowed", true);
    }

    @Test
    void aStrangerMayNotCall() {
        String alice = registeredUser("alice");
        String stranger = registeredUser("stranger");

        assertThat(permission(stranger, alice)).containsEntry("allowed", false).containsEntry("code", "not_contact");
    }

    @Test
    void callsAreOneToOne() {
        String alice = registeredUser("alice");
        String group = createdGroup(alice, "no group calls");

        assertThat(permission(alice, group)).containsEntry("allowed", false)
                .containsEntry("code", "calls_are_one_to_one");
    }

    @Test
    void anUnknownOrMalformedCalleeIsNobody() {
        String alice = registeredUser("alice");

        assertThat(permission(alice, newUuid())).containsEntry("code", "unknown_recipient");
        assertThat(permission(alice, "../../etc")).containsEntry("code", "unknown_recipient");
    }

    @Test
    void aDeletedContactCannotBeCalled() {
        String alice = registeredUser("alice");
        String bob = registeredUser("bob");
        contacts(alice, bob);
        publishUserDeleted(bob, 1);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> "unknown_recipient".equals(permission(alice, bob).get("code")));
    }
}
