package im.gateway.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import im.gateway.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeletedAccountsTest {

    private static final Duration TTL = Duration.ofDays(7);
    private static final Duration RETENTION = TTL.plus(DeletedAccounts.MARGIN);
    private static final String ANNA = "[usr]a0000000-0000-4000-8000-000000000001";
    private static final String BORIS = "[usr]b0000000-0000-4000-8000-000000000002";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final DeletedAccounts accounts = new DeletedAccounts(TTL, clock);

    private long now() {
        return clock.millis();
    }

    @Test
    void aDeletedAccountIsKeptForTheTokenLifetimePlusTheMarginAfterItsDeletion() {
        long deletedAt = now() - Duration.ofDays(1).toMillis();
        assertThat(accounts.add(ANNA, deletedAt)).isTrue();
        clock.advance(RETENTION.minus(Duration.ofDays(1)).minusMillis(1));
        assertThat(accounts.contains(ANNA)).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(accounts.contains(ANNA)).as("every token issued before the deletion has expired").isFalse();
    }

    @Test
    void aDeletionOlderThanTheRetentionIsNotAdded() {
        assertThat(accounts.add(ANNA, now() - RETENTION.toMillis())).isFalse();
        assertThat(accounts.contains(ANNA)).isFalse();
        assertThat(accounts.size()).isZero();
    }

    @Test
    void aDeletionWithoutTimeOrFromTheFutureCountsFromNow() {
        accounts.add(ANNA, 0);
        accounts.add(BORIS, now() + Duration.ofDays(30).toMillis());
        clock.advance(RETENTION.minusMillis(1));
        assertThat(accounts.contains(ANNA)).isTrue();
        assertThat(accounts.contains(BORIS)).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(accounts.contains(ANNA)).isFalse();
        assertThat(accounts.contains(BORIS)).isFalse();
    }

    @Test
    void listedAccountsAreKeptForTheRetentionFromTheLoad() {
        accounts.addLoaded(List.of(ANNA, BORIS));
        clock.advance(RETENTION.minusMillis(1));
        assertThat(accounts.contains(ANNA)).isTrue();
        assertThat(accounts.contains(BORIS)).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(accounts.contains(ANNA)).isFalse();
    }

    @Test
    void anAccountSeenLiveAndInTheListIsKeptOnceForTheLongerOfBoth() {
        accounts.add(ANNA, now() - Duration.ofDays(7).toMillis()); // live event, about to expire
        accounts.addLoaded(List.of(ANNA, BORIS, ANNA));               // the overlap: the list has it too
        assertThat(accounts.size()).isEqualTo(2);
        clock.advance(Duration.ofDays(2));
        assertThat(accounts.contains(ANNA)).as("the load's later expiry wins").isTrue();
        accounts.add(BORIS, now() - Duration.ofDays(6).toMillis()); // an older event after the load
        clock.advance(RETENTION.minus(Duration.ofDays(2)).minusMillis(1));
        assertThat(accounts.contains(BORIS)).as("an older event does not shorten the load's expiry").isTrue();
    }

    @Test
    void expiredEntriesAreDroppedWhenEntriesAreAdded() {
        accounts.add(ANNA, now());
        clock.advance(RETENTION);
        assertThat(accounts.size()).isEqualTo(1);
        accounts.add(BORIS, now());
        assertThat(accounts.size()).isEqualTo(1);
        assertThat(accounts.contains(BORIS)).isTrue();
    }

    @Test
    void blankIdsAreIgnored() {
        assertThat(accounts.add("", now())).isFalse();
        assertThat(accounts.add(null, now())).isFalse();
        accounts.addLoaded(List.of(" "));
        assertThat(accounts.size()).isZero();
        assertThat(accounts.contains(null)).isFalse();
    }

    @Test
    void itIsNotLoadedUntilTheListWasAddedAndTheLoadLooksBackOverTheRetention() {
        assertThat(accounts.isLoaded()).isFalse();
        accounts.addLoaded(List.of());
        assertThat(accounts.isLoaded()).isFalse();
        accounts.markLoaded();
        assertThat(accounts.isLoaded()).isTrue();
        assertThat(accounts.loadSinceMs()).isEqualTo(now() - TTL.toMillis() - Duration.ofHours(1).toMillis());
    }
}
