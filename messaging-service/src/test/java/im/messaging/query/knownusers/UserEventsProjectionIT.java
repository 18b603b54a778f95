package im.messaging.query.knownusers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.messaging.api.ConversationIds;
import im.messaging.support.MessagingIntegrationTest;
import im.proto.events.user.ContactAdded;
import im.proto.events.user.ContactLeft;
import im.proto.events.user.UserRegistered;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

    @Test
    void aContactLeftMakesTheLeaversDirectionInactiveWithItsTimeAndAReAddKeepsTheTime() {
        String zoro = registeredUser("zoro");
        String sanji = registeredUser("sanji");
        contacts(zoro, sanji);
        Instant leftAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        publishContactLeft(zoro, sanji, leftAt);

        await().atMost(Duration.ofSeconds(20)).until(() -> !users.areContacts(zoro, sanji));
        assertThat(users.areContacts(sanji, zoro)).isTrue();
        assertThat(users.areMutualContacts(zoro, sanji)).isFalse();
        assertThat(users.contactLeftAt(zoro, sanji)).contains(leftAt);
        assertThat(users.contactLeftAt(sanji, zoro)).isEmpty();

        contacts(zoro, sanji);

        assertThat(users.areMutualContacts(sanji, zoro)).isTrue();
        assertThat(users.contactLeftAt(zoro, sanji)).contains(leftAt);
    }

    @Test
    void anOlderContactEventArrivingLateIsIgnored() {
        String zoro = registeredUser("zoro");
        String sanji = registeredUser("sanji");
        String pairId = ConversationIds.pairKey(zoro, sanji);
        publishUserEvent(pairId, 0, ContactAdded.newBuilder().setContactId(pairId).setUserUuid(zoro)
                .setContactUuid(sanji).build(), "im.user.ContactAdded");
        publishUserEvent(pairId, 1, ContactLeft.newBuilder().setContactId(pairId).setUserUuid(zoro)
                .setContactUuid(sanji).setLeftAtMs(System.currentTimeMillis()).build(), "im.user.ContactLeft");
        publishUserEvent(pairId, 0, ContactAdded.newBuilder().setContactId(pairId).setUserUuid(zoro)
                .setContactUuid(sanji).build(), "im.user.ContactAdded"); // re-published by user-service

        // a marker on the same key (same partition) arrives after the stale event was handled
        String marker = newUuid();
        publishUserEvent(pairId, 0, UserRegistered.newBuilder().setUuid(marker).setUsername("marker").build(),
                "im.user.UserRegistered");
        awaitKnown(marker);
        assertThat(users.areContacts(zoro, sanji)).isFalse();
        assertThat(users.areContacts(sanji, zoro)).isTrue();
    }

    @Test
    void aDeletedUserStaysKnownAsDeletedAndItsNameNoLongerResolves() {
        String nami = registeredUser("nami");
        String name = usernameOf(nami);

        publishUserDeleted(nami, 1);
        publishProfileChanged(nami, 1, "nami-stale", "stale.png"); // same sequence, delivered later

        await().atMost(Duration.ofSeconds(20)).until(() -> users.findByUuid(nami).orElseThrow().deleted());
        String marker = newUuid();
        publishUserEvent(nami, 0, UserRegistered.newBuilder().setUuid(marker).setUsername("marker").build(),
                "im.user.UserRegistered");
        awaitKnown(marker);
        KnownUser user = users.findByUuid(nami).orElseThrow();
        assertThat(user.username()).isEqualTo(name);
        assertThat(user.deleted()).isTrue();
        assertThat(users.findByUsername(name)).isEmpty();
    }
}
