package im.platform.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Axon wiring every event-sourced service must have, as a test any Spring Boot integration test of the service
 * can implement. Guards the Boot 4 ordering fix (platform-core's {@code AxonBoot4OrderingFix}): without it Axon has
 * no event store, or silently runs without transactions.
 */
public interface AxonWiringContract {

    @Test
    default void axonUsesJdbcStorageTokensAndSpringTransactions(@Autowired TransactionManager transactionManager,
                                                                @Autowired EventStorageEngine storageEngine,
                                                                @Autowired TokenStore tokenStore) {
        assertThat(transactionManager).isInstanceOf(SpringTransactionManager.class);
        assertThat(storageEngine).isInstanceOf(JdbcEventStorageEngine.class);
        assertThat(tokenStore).isInstanceOf(JdbcTokenStore.class);
    }

    /**
     * PostgreSQL's unique violation on the event table is reported as Axon's conflict exceptions (platform-core's
     * {@code AxonJdbcAutoConfiguration}), which a command may be retried on; not as a final {@code EventStoreException}.
     */
    @Test
    default void aSecondAppendAtTheSameSequenceIsAConflict(@Autowired EventStorageEngine storageEngine) {
        String aggregate = "wiring-probe-" + UUID.randomUUID();
        storageEngine.appendEvents(probe(aggregate, 0), probe(aggregate, 1));

        assertThatThrownBy(() -> storageEngine.appendEvents(probe(aggregate, 0)))
                .isInstanceOf(AggregateStreamCreationException.class);
        assertThatThrownBy(() -> storageEngine.appendEvents(probe(aggregate, 1)))
                .isInstanceOf(ConcurrencyException.class);
    }

    private static DomainEventMessage<String> probe(String aggregate, long sequence) {
        return new GenericDomainEventMessage<>("WiringProbe", aggregate, sequence, "probe");
    }
}
