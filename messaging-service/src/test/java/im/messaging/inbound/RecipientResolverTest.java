package im.messaging.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import im.messaging.config.MessagingProperties;
import im.messaging.query.knownusers.KnownUser;
import im.messaging.query.knownusers.KnownUsersRepository;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class RecipientResolverTest {

    private static final String NOBODY = "[usr]00000000-0000-4000-8000-000000000000";
    private static final KnownUser BOB = new KnownUser("[usr]bbbbbbbb-0000-4000-8000-000000000002", "bob", "", "");

    private final KnownUsersRepository users = mock(KnownUsersRepository.class);
    private final AtomicLong nanos = new AtomicLong();

    private RecipientResolver resolver(Duration wait) {
        return new RecipientResolver(users, new MessagingProperties(5000, 128, wait, 16, 200, 1000, 1000), nanos::get);
    }

    @Test
    void theDefaultWaitIsShort() {
        MessagingProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("im.messaging", MessagingProperties.class);

        assertThat(defaults.recipientWait()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void anUnknownRecipientIsWaitedForOnceThenRefusedAtOnceWithoutAQuery() {
        when(users.findByUuid(NOBODY)).thenReturn(Optional.empty());
        RecipientResolver resolver = resolver(Duration.ofMillis(300));

        long firstStarted = System.nanoTime();
        assertThat(resolver.resolve(NOBODY)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - firstStarted)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        int queries = mockingDetails(users).getInvocations().size();
        assertThat(queries).isGreaterThan(1); // retried during the wait

        long againStarted = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            assertThat(resolver.resolve(NOBODY)).isEmpty();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - againStarted)).isLessThan(Duration.ofMillis(300));
        assertThat(mockingDetails(users).getInvocations()).hasSize(queries);
    }

    @Test
    void anUnknownRecipientIsLookedUpAgainAfterFiveSeconds() {
        when(users.findByUuid(BOB.uuid())).thenReturn(Optional.empty());
        RecipientResolver resolver = resolver(Duration.ZERO);
        assertThat(resolver.resolve(BOB.uuid())).isEmpty();

        when(users.findByUuid(BOB.uuid())).thenReturn(Optional.of(BOB)); // registered meanwhile
        nanos.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(resolver.resolve(BOB.uuid())).isEmpty();
        nanos.addAndGet(Duration.ofMillis(1001).toNanos());
        assertThat(resolver.resolve(BOB.uuid())).contains(BOB);
    }

    @Test
    void aKnownRecipientIsNotRemembered() {
        when(users.findByUuid(BOB.uuid())).thenReturn(Optional.of(BOB));
        RecipientResolver resolver = resolver(Duration.ZERO);

        assertThat(resolver.resolve(BOB.uuid())).contains(BOB);
        assertThat(resolver.resolve(BOB.uuid())).contains(BOB);
        verify(users, times(2)).findByUuid(BOB.uuid());
    }
}
