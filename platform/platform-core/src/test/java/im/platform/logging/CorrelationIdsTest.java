package im.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class CorrelationIdsTest {

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void openSetsTheIdAndCloseRemovesIt() {
        try (CorrelationIds.Scope scope = CorrelationIds.open("frame-1")) {
            assertThat(MDC.get("correlationId")).isEqualTo("frame-1");
        }
        assertThat(CorrelationIds.current()).isNull();
    }

    @Test
    void nestedScopesRestoreTheOuterId() {
        try (CorrelationIds.Scope outer = CorrelationIds.open("outer")) {
            String inner = CorrelationIds.with("inner", CorrelationIds::current);
            assertThat(inner).isEqualTo("inner");
            assertThat(CorrelationIds.current()).isEqualTo("outer");
        }
        assertThat(CorrelationIds.current()).isNull();
    }

    @Test
    void blankIdLeavesTheMdcAlone() {
        MDC.put(CorrelationIds.MDC_KEY, "kept");
        CorrelationIds.run(" ", () -> assertThat(CorrelationIds.current()).isEqualTo("kept"));
        CorrelationIds.run(null, () -> assertThat(CorrelationIds.current()).isEqualTo("kept"));
        assertThat(CorrelationIds.current()).isEqualTo("kept");
    }

    @Test
    void theIdIsClearedEvenWhenTheBodyThrows() {
        try {
            CorrelationIds.run("boom", () -> { throw new IllegalStateException(); });
        } catch (IllegalStateException expected) {
            // expected
        }
        assertThat(CorrelationIds.current()).isNull();
    }

    @Test
    void sanitizeKeepsPlausibleIdsOnly() {
        assertThat(CorrelationIds.sanitize("3f2a-9c:frame_1.[usr]")).isEqualTo("3f2a-9c:frame_1.[usr]");
        assertThat(CorrelationIds.sanitize("a\nb")).isNull();
        assertThat(CorrelationIds.sanitize("a b")).isNull();
        assertThat(CorrelationIds.sanitize("")).isNull();
        assertThat(CorrelationIds.sanitize("x".repeat(129))).isNull();
    }
}
