package im.messaging.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;

class ConversationCacheTest {

    private static final int SIZE = 50;

    private final Cache cache = new AxonConfig().conversationCache(
            new MessagingProperties(5000, 128, Duration.ofMillis(300), SIZE, 200, 1000, 1000, "contacts-only", Duration.ZERO,
                    Duration.ofHours(24), Duration.ofHours(48), 20, 100));

    @Test
    void theCacheHoldsTheSameInstanceNotACopy() {
        Object aggregate = new Object(); // not Serializable: a copying cache would fail or return another object

        cache.put("dm:a|b", aggregate);

        assertThat((Object) cache.get("dm:a|b")).isSameAs(aggregate);
    }

    @Test
    void theCacheNeverHoldsMoreThanItsSize() {
        IntStream.range(0, SIZE * 4).forEach(i -> cache.put("dm:" + i, new Object()));
        ((CaffeineAggregateCache) cache).cleanUp();

        assertThat(IntStream.range(0, SIZE * 4).filter(i -> cache.containsKey("dm:" + i)).count())
                .isLessThanOrEqualTo(SIZE);
    }

    @Test
    void removeAndPutIfAbsentReportWhetherTheyChangedTheCache() {
        assertThat(cache.putIfAbsent("dm:a|b", "first")).isTrue();
        assertThat(cache.putIfAbsent("dm:a|b", "second")).isFalse();
        assertThat((Object) cache.get("dm:a|b")).isEqualTo("first");

        assertThat(cache.remove("dm:a|b")).isTrue();
        assertThat(cache.remove("dm:a|b")).isFalse();
        assertThat(cache.containsKey("dm:a|b")).isFalse();
    }

    @Test
    void computeIfPresentChangesOnlyAnExistingEntry() {
        cache.put("dm:a|b", "v1");

        cache.<String>computeIfPresent("dm:a|b", v -> v + "+");
        cache.<String>computeIfPresent("dm:c|d", v -> v + "+");

        assertThat((Object) cache.get("dm:a|b")).isEqualTo("v1+");
        assertThat(cache.containsKey("dm:c|d")).isFalse();
    }

    @Test
    void entryListenersAreRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> cache.registerCacheEntryListener(new Cache.EntryListenerAdapter()))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
