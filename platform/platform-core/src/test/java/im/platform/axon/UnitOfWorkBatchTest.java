package im.platform.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

class UnitOfWorkBatchTest {

    private final List<List<String>> flushed = new ArrayList<>();

    private List<String> batch() {
        return UnitOfWorkBatch.<List<String>>current("test-batch", ArrayList::new, flushed::add).orElseThrow();
    }

    @Test
    void everyCallOfOneUnitOfWorkGetsTheSameCollectorFlushedOnceAtCommit() {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        batch().add("a");
        batch().add("b");
        assertThat(flushed).isEmpty();

        unitOfWork.commit();

        assertThat(flushed).containsExactly(List.of("a", "b"));
    }

    @Test
    void aRolledBackUnitOfWorkIsNeverFlushed() {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        batch().add("a");

        unitOfWork.rollback();

        assertThat(flushed).isEmpty();
    }

    @Test
    void aNestedUnitOfWorkSharesItsRootsCollector() {
        DefaultUnitOfWork<?> root = DefaultUnitOfWork.startAndGet(null);
        batch().add("outer");
        DefaultUnitOfWork<?> nested = DefaultUnitOfWork.startAndGet(null);
        batch().add("inner");
        nested.commit();
        assertThat(flushed).isEmpty();

        root.commit();

        assertThat(flushed).containsExactly(List.of("outer", "inner"));
    }

    @Test
    void outsideAUnitOfWorkThereIsNoCollector() {
        assertThat(UnitOfWorkBatch.<List<String>>current("test-batch", ArrayList::new, flushed::add)).isEmpty();
    }
}
