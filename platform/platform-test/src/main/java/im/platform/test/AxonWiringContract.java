package im.platform.test;

import static org.assertj.core.api.Assertions.assertThat;

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
}
