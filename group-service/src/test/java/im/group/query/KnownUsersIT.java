package im.group.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpMethod.GET;

import im.group.GroupServiceIntegrationTest;
import im.group.query.knownusers.KnownUser;
import im.group.query.knownusers.KnownUsersRepository;
import im.proto.events.user.UserRegistered;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** user-service's events feed known_users idempotently; group views show the latest profile. */
class KnownUsersIT extends GroupServiceIntegrationTest {

    @Autowired
    KnownUsersRepository users;

    @Test
    void aProfileChangeReplacesTheProfileAndOlderOrRepeatedEventsAreIgnored() {
        String uuid = knownUser("nami");
        String group = createGroup(uuid, "weather");

        publishProfileChanged(uuid, 2, "nami-renamed");
        publishProfileChanged(uuid, 1, "nami-stale"); // older sequence, delivered later
        publishProfileChanged(uuid, 2, "nami-duplicate"); // same sequence again
        publishRegistered(uuid, "nami-replayed-registration"); // sequence 0 again
        // a marker on the same key (same partition) arrives after the events above were handled
        String marker = newUserUuid();
        publishUserEvent(uuid, 0, UserRegistered.newBuilder().setUuid(marker).setUsername("marker").build(),
                "im.user.UserRegistered");
        awaitKnown(marker);

        KnownUser user = users.findByUuid(uuid).orElseThrow();
        assertThat(user.username()).isEqualTo("nami-renamed");
        assertThat(user.avatar()).isEqualTo("nami-renamed.png");
        assertThat(ok(GET, "/group/info/" + group, uuid, null).get("members").get(0).get("username").asString())
                .isEqualTo("nami-renamed");
    }

    @Test
    void otherEventTypesAndGarbageAreSkipped() {
        publishUserEvent("[usr]pair", 0, im.proto.events.user.ContactAdded.newBuilder().setContactId("x")
                .setUserUuid("a").setContactUuid("b").build(), "im.user.ContactAdded");
        try {
            kafka.send(topics.userEvents(), "[usr]garbage", new byte[] {1, 2, 3}).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        String after = knownUser("after-garbage");
        assertThat(users.findByUuid(after)).isPresent();
        assertThat(users.findByUuid("a")).isEmpty();
    }
}
