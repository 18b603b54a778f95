package im.platform.axon;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Work collected across the handler calls of one Axon unit of work and done once, when it prepares to commit.
 *
 * <p>A tracking processor hands a whole batch of events to its handlers in one unit of work (one transaction, which
 * also stores the processor's token). A handler that would write a row or send a record per event instead adds it
 * to the batch's collector, created on first use and kept as a resource of the root unit of work; the collector's
 * {@code flush} runs once in the prepare-commit phase, inside that transaction and before the token is stored. If
 * the flush fails the unit of work rolls back and the processor retries the batch; if the unit of work rolls back
 * for another reason, the flush never runs.
 */
public final class UnitOfWorkBatch {

    private UnitOfWorkBatch() {
    }

    /**
     * @param key    the collector's resource name in the unit of work (one per kind of collector)
     * @param create makes the collector on first use in this unit of work
     * @param flush  called once with the collector when the unit of work prepares to commit
     * @return the current unit of work's collector; empty outside a unit of work (the caller acts at once)
     */
    public static <T> Optional<T> current(String key, Supplier<T> create, Consumer<? super T> flush) {
        if (!CurrentUnitOfWork.isStarted()) {
            return Optional.empty();
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return Optional.of(unitOfWork.getOrComputeResource(key, k -> {
            T collector = create.get();
            unitOfWork.onPrepareCommit(uow -> flush.accept(collector));
            return collector;
        }));
    }
}
