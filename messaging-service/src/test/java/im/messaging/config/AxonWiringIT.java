package im.messaging.config;

import static org.assertj.core.api.Assertions.assertThat;

import im.messaging.support.MessagingIntegrationTest;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Guards the Boot 4 ordering fix and the processor set-up this service relies on. */
class AxonWiringIT extends MessagingIntegrationTest {

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
    void deliveryHistoryAndPublicationAreTrackingProcessors() {
        for (String name : new String[] {"delivery", "message-history", "kafka-publisher"}) {
            assertThat(processing.eventProcessor(name, TrackingEventProcessor.class))
                    .as(name).isPresent();
        }
        assertThat(processing.eventProcessor("delivery", TrackingEventProcessor.class).orElseThrow()
                .processingStatus()).hasSize(1);
    }
}
