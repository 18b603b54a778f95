package im.platform.logging;

import java.util.function.Supplier;

import org.slf4j.MDC;

/**
 * The correlation id carried in the logging MDC under {@link #MDC_KEY}, so that every log line written
 * while a request, an inbound frame or a Kafka record is handled names it. Structured log formats (ecs,
 * logstash, gelf) include the MDC automatically; the plain-text pattern of the services prints it too.
 *
 * <p>Setting is scoped: {@link #open(String)} and {@link #with(String, Supplier)} restore whatever value
 * was there before (or remove the key), so nested use and pooled threads never leak an id into the next
 * unit of work. A blank or {@code null} id leaves the MDC as it is.
 */
public final class CorrelationIds {

    /** The MDC key, also the name of the field in structured log lines. */
    public static final String MDC_KEY = "correlationId";

    /** The HTTP header that carries a correlation id into (and back out of) a service's REST API. */
    public static final String HEADER = "X-Correlation-Id";

    private static final int MAX_LENGTH = 128;

    private CorrelationIds() {
    }

    /** The correlation id of the current thread, or {@code null}. */
    public static String current() {
        return MDC.get(MDC_KEY);
    }

    /**
     * Puts {@code id} into the MDC until the returned scope is closed; closing restores the previous
     * value. Use in try-with-resources: {@code try (var scope = CorrelationIds.open(frameId)) { ... }}.
     */
    public static Scope open(String id) {
        if (id == null || id.isBlank()) {
            return Scope.NOOP;
        }
        String previous = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, id);
        return previous == null ? Scope.REMOVE : () -> MDC.put(MDC_KEY, previous);
    }

    /**
     * {@code candidate} when it is usable as a correlation id from outside (1 to 128 of {@code A-Z a-z 0-9 . _ : - [ ]},
     * nothing that could forge a log line), else {@code null}.
     */
    public static String sanitize(String candidate) {
        if (candidate == null || candidate.isEmpty() || candidate.length() > MAX_LENGTH) {
            return null;
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-' || c == '[' || c == ']';
            if (!allowed) {
                return null;
            }
        }
        return candidate;
    }

    /** Runs {@code body} with {@code id} as the correlation id and answers its result. */
    public static <T> T with(String id, Supplier<T> body) {
        try (Scope ignored = open(id)) {
            return body.get();
        }
    }

    /** Runs {@code body} with {@code id} as the correlation id. */
    public static void run(String id, Runnable body) {
        try (Scope ignored = open(id)) {
            body.run();
        }
    }

    /** A correlation-id scope; {@link #close()} throws nothing. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {

        Scope NOOP = () -> { };

        Scope REMOVE = () -> MDC.remove(MDC_KEY);

        @Override
        void close();
    }
}
