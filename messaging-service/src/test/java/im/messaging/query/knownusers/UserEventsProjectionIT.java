package im.messaging.query.knownusers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.messaging.support.MessagingIntegrationTest;
import im.proto.events.user.UserRegistered;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** user-service's events feed known_users and known_contacts, idempotently. */
class UserEventsProjectionIT extends MessagingIntegrationTest {

    @Autowired
    KnownUsersRepository users;

    @Test
    void aRegisteredUserBecomesKnown() {
        String uuid = newUuid();

        publishRegistered(uuid, "luffy-" + uuid.substring(5, 13), "luffy.png");

        await().atMost(Duration.ofSeconds(20)).until(() -> users.findByUuid(uuid).isPresent());
        KnownUser user = users.findByUuid(uuid).orElseThrow();
        assertThat(user.username()).isEqualTo("luffy-" + uuid.substring(5, 13));
        assertThat(user.nickname()).isEqualTo(user.username() + " nick");
        assertThat(user.avatar()).isEqualTo("luffy.png");
    }

    @Test
    void aProfileChangeReplacesTheProfileAndAnOlderEventArrivingLateIsIgnored() {
        String uuid = registeredUser("nami");

        publishProfileChanged(uuid, 2, "nami-renamed-" + uuid.substring(5, 13), "new.png");
        publishProfileChanged(uuid, 1, "nami-stale", "stale.png"); // older sequence, delivered later
        publishProfileChanged(uuid, 2, "nami-duplicate", "dup.png"); // same sequence again

        // a marker on the same key (same partition) arrives after the stale events were handled
        String marker = newUuid();
        publishUserEvent(uuid, 0, UserRegistered.newBuilder().setUuid(marker).setUsername("marker").build(),
                "im.user.UserRegistered");
        awaitKnown(marker);
        KnownUser user = users.findByUuid(uuid).orElseThrow();
        assertThat(user.username()).isEqualTo("nami-renamed-" + uuid.substring(5, 13));
        assertThat(user.avatar()).isEqualTo("new.png");
        assertThat(users.findByUsername("nami-renamed-" + uuid.substring(5, 13))).contains(user);
    }

    @Test
    void anAddedContactIsRecordedBothWays() {
        String zoro = registeredUser("zoro");
        String sanji = registeredUser("sanji");

        publishContactAdded(zoro, sanji);
        publishContactAdded(zoro, sanji); // redelivery

        await().atMost(Duration.ofSeconds(20)).until(() -> users.areContacts(zoro, sanji));
        assertThat(users.areContacts(sanji, zoro)).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM known_contacts WHERE owner_uuid IN (:a, :b)")
                .param("a", zoro).param("b", sanji).query(Long.class).single()).isEqualTo(2);
    }
}
