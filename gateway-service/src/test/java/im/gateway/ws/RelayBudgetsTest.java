package im.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import im.gateway.support.TestProperties;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class RelayBudgetsTest {

    private static final String ALICE = "[usr]0b5e3f3a-7c1d-4e2f-9a8b-1c2d3e4f5a6b";
    private static final String BOB = "[usr]5f0c9e1a-2b3c-4d5e-8f9a-0b1c2d3e4f5a";

    private final AtomicLong nanos = new AtomicLong();
    private final TimeMeter time = new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    };
    /** application.yml's budgets: 30 frames/s (bursts of 30) and 2 MB/s per user. */
    private final RelayBudgets budgets = new RelayBudgets(TestProperties.ws(200), time);

    @Test
    void allSocketsOfAUserShareOneFrameBudgetAndOtherUsersHaveTheirOwn() {
        int relayed = 0;
        for (int n = 0; n < 100; n++) {
            // ten sockets of alice take turns: the budget is the user's, not the socket's
            if (budgets.tryConsumeFrame(ALICE)) {
                relayed++;
            }
        }
        assertThat(relayed).isEqualTo(30);
        assertThat(budgets.tryConsumeFrame(BOB)).isTrue();
        nanos.addAndGet(Duration.ofMillis(100).toNanos());
        assertThat(budgets.tryConsumeFrame(ALICE)).as("3 refilled in 100 ms").isTrue();
        assertThat(budgets.tryConsumeFrame(ALICE)).isTrue();
        assertThat(budgets.tryConsumeFrame(ALICE)).isTrue();
        assertThat(budgets.tryConsumeFrame(ALICE)).isFalse();
    }

    @Test
    void aUserRelaysAtMostItsBytesPerSecond() {
        long megabyte = DataSize.ofMegabytes(1).toBytes();
        assertThat(budgets.tryConsumeBytes(ALICE, megabyte + megabyte / 2)).isTrue();
        assertThat(budgets.tryConsumeBytes(ALICE, megabyte)).as("1.5 of 2 MB spent").isFalse();
        assertThat(budgets.tryConsumeBytes(BOB, megabyte)).isTrue();
        nanos.addAndGet(Duration.ofMillis(250).toNanos());
        assertThat(budgets.tryConsumeBytes(ALICE, megabyte)).as("0.5 MB refilled").isTrue();
        assertThat(budgets.tryConsumeBytes(ALICE, 1)).isFalse();
        assertThat(budgets.tryConsumeBytes(BOB, 3 * megabyte)).as("more than a whole second's worth").isFalse();
        assertThat(budgets.tryConsumeBytes(BOB, megabyte)).as("and it cost nothing").isTrue();
    }
}
