package im.messaging.config;

import static org.assertj.core.api.Assertions.assertThat;

import im.messaging.support.MessagingIntegrationTest;
import im.platform.test.AxonWiringContract;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Guards the Boot 4 ordering fix and the processor set-up this service relies on. */
class AxonWiringIT extends MessagingIntegrationTest implements AxonWiringContract {

    @Autowired
    EventProcessingConfiguration processing;

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
