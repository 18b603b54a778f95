package im.platform.axon;

import java.util.Collection;

/**
 * Tells whether events with given global indexes are committed in the event store now. {@link ReadYourWrites}
 * asks it about the gaps of a processor's token: a gap that is committed by now is an event the processor still has
 * to handle (possibly the caller's own), while a gap that is not is someone else's in-flight or rolled-back
 * transaction, which must not hold the caller up.
 */
@FunctionalInterface
public interface CommittedEvents {

    /** True when at least one of {@code globalIndexes} is a committed event. */
    boolean anyCommitted(Collection<Long> globalIndexes);
}
