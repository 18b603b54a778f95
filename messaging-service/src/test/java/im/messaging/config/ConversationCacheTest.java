package im.messaging.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.stream.IntStream;
import javax.cache.CacheManager;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConversationCacheTest {

    private static final int SIZE = 50;

    private final AxonConfig config = new AxonConfig();
    private final CacheManager manager = config.conversationCacheManager();
    private final Cache cache = config.conversationCache(manager,
            new MessagingProperties(5000, 128, Duration.ofMillis(300), SIZE, 200, 1000, 1000, "contacts-only", Duration.ZERO,
                    Duration.ofHours(24), Duration.ofHours(48), 20, 100));

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void theCacheHoldsTheSameInstanceNotACopy() {
        Object aggregate = new Object(); // not Serializable: a copying cache would fail or return another object

        cache.put("dm:a|b", aggregate);

        assertThat((Object) cache.get("dm:a|b")).isSameAs(aggregate);
    }

    @Test
    void theCacheNeverHoldsMoreThanItsSize() {
        IntStream.range(0, SIZE * 4).forEach(i -> cache.put("dm:" + i, new Object()));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                IntStream.range(0, SIZE * 4).filter(i -> cache.containsKey("dm:" + i)).count())
                .isLessThanOrEqualTo(SIZE));
    }
}
