package im.platform.axon;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

/**
 * Wraps the storage engine that platform-core's event store writes through (the {@link EventStorageEngine} bean
 * itself stays the plain JDBC engine). Applied in bean order; see {@link MeteredEventStorageEngine}.
 */
@FunctionalInterface
public interface EventStorageEngineDecorator {

    EventStorageEngine decorate(EventStorageEngine engine);
}
