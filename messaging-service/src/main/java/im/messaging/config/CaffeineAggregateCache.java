package im.messaging.config;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * Axon's aggregate {@link Cache} on a size-bounded Caffeine cache, called directly.
 *
 * <p>Axon 4 ships adapters for JCache and Ehcache only. Going through Caffeine's JCache provider cost about 4% of
 * messaging-service's CPU on the message path (every command {@code get}s the aggregate and {@code put}s it back,
 * and each JCache call passes statistics, expiry and listener bookkeeping before it reaches Caffeine; see
 * docs/performance.md, Run 4). Entries are held by reference (never copied) and evicted by Caffeine's size policy
 * (W-TinyLFU), so a conversation that is written to often stays while one-off conversations go first.
 *
 * <p>Entry listeners are not supported: the caching repositories of Axon 4 never register one, and silently
 * dropping a listener would hide a wiring mistake.
 */
public final class CaffeineAggregateCache implements Cache {

    private final com.github.benmanes.caffeine.cache.Cache<Object, Object> entries;

    /** @param maximumSize how many aggregates the cache holds at most */
    public CaffeineAggregateCache(long maximumSize) {
        this.entries = Caffeine.newBuilder().maximumSize(maximumSize).build();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        return (V) entries.getIfPresent(key);
    }

    @Override
    public void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return entries.asMap().putIfAbsent(key, value) == null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return (T) entries.get(key, k -> valueSupplier.get());
    }

    @Override
    public boolean remove(Object key) {
        return entries.asMap().remove(key) != null;
    }

    @Override
    public void removeAll() {
        entries.invalidateAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.asMap().containsKey(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        entries.asMap().computeIfPresent(key, (k, value) -> update.apply((V) value));
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        throw new UnsupportedOperationException("the conversation cache does not support entry listeners");
    }

    /** Runs Caffeine's pending maintenance (evictions) now; for tests that check the size bound. */
    void cleanUp() {
        entries.cleanUp();
    }
}
