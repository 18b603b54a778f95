package im.user.config;

import static org.assertj.core.api.Assertions.assertThat;

import im.user.UserServiceIntegrationTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import im.platform.test.AxonWiringContract;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Guards the Boot 4 ordering fix and this service's processor modes. */
class AxonWiringIT extends UserServiceIntegrationTest implements AxonWiringContract {

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void usernameClaimsRunInTheCommandTransactionAndReadModelsTrack() {
        assertThat(processing.eventProcessor("username-claims")).get().isInstanceOf(SubscribingEventProcessor.class);
        assertThat(processing.eventProcessor("user-import-links")).get().isInstanceOf(SubscribingEventProcessor.class);
        assertThat(processing.eventProcessor("user-directory")).get().isInstanceOf(TrackingEventProcessor.class);
        assertThat(processing.eventProcessor("contacts")).get().isInstanceOf(TrackingEventProcessor.class);
        assertThat(processing.eventProcessor("kafka-publisher")).get().isInstanceOf(TrackingEventProcessor.class);
    }
}
