package im.messaging.query.knownusers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import im.messaging.support.MessagingIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The one-statement look-up of the 1:1 message path answers what the separate look-ups answer. */
class KnownUsersRepositoryIT extends MessagingIntegrationTest {

    @Autowired
    KnownUsersRepository users;

    @Test
    void aDirectPairOfMutualContactsHasBothUsersAndTheContact() {
        String luffy = registeredUser("luffy");
        String zoro = registeredUser("zoro");
        contacts(luffy, zoro);

        DirectPair pair = users.directPair(luffy, zoro);

        assertThat(pair.sender()).isEqualTo(users.findByUuid(luffy));
        assertThat(pair.recipient()).isEqualTo(users.findByUuid(zoro));
        assertThat(pair.sender().orElseThrow().username()).isEqualTo(usernameOf(luffy));
        assertThat(pair.mutualContacts()).isTrue();
    }

    @Test
    void aDirectPairAfterOneSideLeftIsNoLongerMutual() {
        String nami = registeredUser("nami");
        String usopp = registeredUser("usopp");
        contacts(nami, usopp);

        publishContactLeft(nami, usopp, Instant.now());
        await().atMost(Duration.ofSeconds(20)).until(() -> !users.areContacts(nami, usopp));

        assertThat(users.directPair(nami, usopp).mutualContacts()).isFalse();
        assertThat(users.directPair(usopp, nami).mutualContacts()).isFalse();
    }

    @Test
    void aDirectPairToAnUnknownUserHasNoRecipientAndAStrangerIsNoContact() {
        String sanji = registeredUser("sanji");
        String chopper = registeredUser("chopper");
        String unknown = newUuid();

        DirectPair toUnknown = users.directPair(sanji, unknown);
        DirectPair strangers = users.directPair(sanji, chopper);

        assertThat(toUnknown.sender()).isPresent();
        assertThat(toUnknown.recipient()).isEmpty();
        assertThat(toUnknown.mutualContacts()).isFalse();
        assertThat(strangers.recipient()).isPresent();
        assertThat(strangers.mutualContacts()).isFalse();
    }

    @Test
    void aDirectPairShowsADeletedSenderAsDeleted() {
        String robin = registeredUser("robin");
        String franky = registeredUser("franky");
        publishUserDeleted(robin, 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> users.findByUuid(robin).orElseThrow().deleted());

        DirectPair pair = users.directPair(robin, franky);

        assertThat(pair.sender().orElseThrow().deleted()).isTrue();
        assertThat(pair.recipient().orElseThrow().deleted()).isFalse();
    }
}
