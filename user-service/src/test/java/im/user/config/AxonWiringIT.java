package im.user.config;

import static org.assertj.core.api.Assertions.assertThat;

import im.user.UserServiceIntegrationTest;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Guards the Boot 4 ordering fix and this service's processor modes. */
class AxonWiringIT extends UserServiceIntegrationTest {

    @Autowired
    TransactionManager transactionManager;
    @Autowired
    EventStorageEngine storageEngine;
    @Autowired
    TokenStore tokenStore;
    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void axonUsesJdbcStorageTokensAndSpringTransactions() {
        assertThat(transactionManager).isInstanceOf(SpringTransactionManager.class);
        assertThat(storageEngine).isInstanceOf(JdbcEventStorageEngine.class);
        assertThat(tokenStore).isInstanceOf(JdbcTokenStore.class);
    }

    @Test
    void usernameClaimsRunInTheCommandTransactionAndReadModelsTrack() {
        assertThat(processing.eventProcessor("username-claims")).get().isInstanceOf(SubscribingEventProcessor.class);
        assertThat(processing.eventProcessor("user-directory")).get().isInstanceOf(TrackingEventProcessor.class);
        assertThat(processing.eventProcessor("contacts")).get().isInstanceOf(TrackingEventProcessor.class);
        assertThat(processing.eventProcessor("kafka-publisher")).get().isInstanceOf(TrackingEventProcessor.class);
    }
}
